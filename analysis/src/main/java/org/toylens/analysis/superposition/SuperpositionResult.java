package org.toylens.analysis.superposition;

import java.util.ArrayList;
import java.util.List;

/**
 * The measured geometry of every instance of one trained toy model, in instance order.
 *
 * <p>With restarts (model {@code restarts: R}) each setting of the task was trained R times from
 * different initial weights: instances t·R .. t·R + R − 1 are the copies of setting t, and
 * {@link #kept()} holds, per setting, the copy with the lowest loss, which the grid and the
 * figures read.
 *
 * @param nFeatures           n
 * @param nHidden             m
 * @param activation          {@code relu} or {@code linear}
 * @param relativeImportances the size of the importance axis of a phase-diagram grid (1 when
 *                            the settings differ in feature probability only)
 * @param restarts            copies trained per setting, ≥ 1
 * @param steps               the training steps behind these weights
 * @param instances           one entry per instance (per copy with restarts)
 */
public record SuperpositionResult(
    int nFeatures,
    int nHidden,
    String activation,
    int relativeImportances,
    int restarts,
    long steps,
    List<InstanceGeometry> instances) {

  public SuperpositionResult {
    instances = List.copyOf(instances);
    if (restarts < 1 || relativeImportances < 1
        || instances.size() % ((long) relativeImportances * restarts) != 0) {
      throw new IllegalArgumentException("superposition result: " + instances.size()
          + " instances do not form a grid with " + relativeImportances
          + " relative importances and " + restarts + " restarts");
    }
  }

  /** One start per setting. */
  public SuperpositionResult(int nFeatures, int nHidden, String activation,
      int relativeImportances, long steps, List<InstanceGeometry> instances) {
    this(nFeatures, nHidden, activation, relativeImportances, 1, steps, instances);
  }

  /** True when the instances form a feature-probability × relative-importance grid. */
  public boolean isImportanceGrid() {
    return relativeImportances > 1;
  }

  /** The settings: instances / restarts. */
  public int settings() {
    return instances.size() / restarts;
  }

  /** The number of distinct feature probabilities (the grid's first axis). */
  public int densities() {
    return settings() / relativeImportances;
  }

  /**
   * Per setting, in setting order, the copy with the lowest loss (the first on a tie); the
   * instances themselves without restarts.
   */
  public List<InstanceGeometry> kept() {
    if (restarts == 1) {
      return instances;
    }
    List<InstanceGeometry> kept = new ArrayList<>(settings());
    for (int t = 0; t < settings(); t++) {
      kept.add(keptOf(t));
    }
    return kept;
  }

  /** True when {@code instance} is the copy {@link #kept()} holds for its setting. */
  public boolean isKept(InstanceGeometry instance) {
    return keptOf(instance.instance() / restarts) == instance;
  }

  /** The copy with the lowest loss of setting {@code setting}. */
  private InstanceGeometry keptOf(int setting) {
    InstanceGeometry best = instances.get(setting * restarts);
    for (int c = 1; c < restarts; c++) {
      InstanceGeometry copy = instances.get(setting * restarts + c);
      if (copy.loss() < best.loss()) {
        best = copy;
      }
    }
    return best;
  }

  /**
   * The kept instance at density index {@code d} and importance index {@code r} of the grid.
   */
  public InstanceGeometry cell(int d, int r) {
    return keptOf(d * relativeImportances + r);
  }
}
