package org.toylens.tasks;

import org.toylens.tensor.Rng;

/**
 * Batches of synthetic sparse features for the superposition toy model (REFERENCE.md §4): for
 * instance k, feature i is uniform in [0, 1) with probability p_k (= 1 − S_k, S the sparsity)
 * and 0 otherwise, independently. The feature probabilities are log-spaced over instances, from
 * {@code featureProbabilityMax} to {@code featureProbabilityMin}; importance is
 * {@code I_i = importanceDecay^i}, the weight of feature i in the reconstruction loss. With an
 * importance grid ({@link SparseFeaturesConfig#isImportanceGrid()}) instance k takes density
 * index k / R and gives its last feature the relative importance of index k % R.
 *
 * <p>Unlike the token tasks there is no fixed dataset: every training step draws a fresh batch
 * from the caller's generator. A batch is first a {@link SparseFeaturesDraw}, the random streams
 * behind it, which the toy model's fused loss expands in registers and {@link #sampleInto}
 * expands into an array, bit for bit the same.
 */
public final class SparseFeatures {

  private final SparseFeaturesConfig config;
  private final int copies; // instances per instance of the config
  private final double[] featureProbability; // [nInstances]
  private final float[] importance; // [nFeatures]
  private final double[] relativeImportance; // [nInstances]: the last feature's importance
  private final float[] importanceByInstance; // [nInstances, nFeatures]

  public SparseFeatures(SparseFeaturesConfig config) {
    this(config, 1);
  }

  /**
   * The generator for {@code copies} copies of each configured instance: instance k behaves as
   * configured instance k / copies (its feature probability and importances), with its own
   * random stream. For a model that trains each setting from several starts.
   */
  public SparseFeatures withCopies(int copies) {
    if (copies < 1) {
      throw new IllegalArgumentException("sparse features: copies must be >= 1, got " + copies);
    }
    return copies == this.copies ? this : new SparseFeatures(config, copies);
  }

  private SparseFeatures(SparseFeaturesConfig config, int copies) {
    this.config = config;
    this.copies = copies;
    int instances = config.nInstances() * copies;
    int features = config.nFeatures();
    int grid = config.relativeImportances();
    this.importance = new float[features];
    for (int i = 0; i < features; i++) {
      importance[i] = (float) Math.pow(config.importanceDecay(), i);
    }
    double[] densities = logSpaced(config.featureProbabilityMax(), config.featureProbabilityMin(),
        config.densities());
    double[] relative = config.isImportanceGrid()
        ? logSpaced(config.relativeImportanceMin(), config.relativeImportanceMax(), grid) : null;
    this.featureProbability = new double[instances];
    this.relativeImportance = new double[instances];
    this.importanceByInstance = new float[instances * features];
    for (int k = 0; k < instances; k++) {
      int setting = k / copies; // the configured instance
      featureProbability[k] = densities[setting / grid];
      System.arraycopy(importance, 0, importanceByInstance, k * features, features);
      if (relative != null) {
        importanceByInstance[k * features + features - 1] = (float) relative[setting % grid];
      }
      relativeImportance[k] = relative != null ? relative[setting % grid]
          : Math.pow(config.importanceDecay(), features - 1);
    }
  }

  /**
   * {@code count} values from {@code first} to {@code last}, evenly spaced in log scale:
   * first · (last/first)^(j/(count−1)); with first 1 and last 1/20, 20^(−j/(count−1)) as in §4.
   */
  private static double[] logSpaced(double first, double last, int count) {
    double[] out = new double[count];
    for (int j = 0; j < count; j++) {
      out[j] = count == 1 ? first : first * Math.pow(last / first, j / (double) (count - 1));
    }
    return out;
  }

  public SparseFeaturesConfig config() {
    return config;
  }

  public int nFeatures() {
    return config.nFeatures();
  }

  /** The instances batches are drawn for: the config's times {@link #copies()}. */
  public int nInstances() {
    return config.nInstances() * copies;
  }

  /** Copies of each configured instance (1 unless made by {@link #withCopies}). */
  public int copies() {
    return copies;
  }

  /** [nInstances] the probability that a feature is present, per instance. */
  public double[] featureProbability() {
    return featureProbability.clone();
  }

  /**
   * [nFeatures] the importance I_i of each feature in the loss, shared by every instance. With an
   * importance grid the instances differ: use {@link #importanceByInstance()}.
   */
  public float[] importance() {
    if (config.isImportanceGrid()) {
      throw new IllegalStateException("sparse features: with relative_importances "
          + config.relativeImportances() + " each instance has its own importances;"
          + " use importanceByInstance()");
    }
    return importance.clone();
  }

  /** [nInstances, nFeatures] the importance of each feature in each instance's loss. */
  public float[] importanceByInstance() {
    return importanceByInstance.clone();
  }

  /**
   * [nInstances] the importance of the last feature in each instance: its relative importance on
   * an importance grid (the first feature's being 1), else importanceDecay^(n−1) for all.
   */
  public double[] relativeImportance() {
    return relativeImportance.clone();
  }

  /** A fresh batch, {@code [batchSize, nInstances, nFeatures]} row-major. */
  public float[] sample(int batchSize, Rng rng) {
    return draw(batchSize, rng).values();
  }

  /**
   * Fills {@code out} [batchSize, nInstances, nFeatures] with a fresh batch, so a training loop
   * can reuse one buffer: {@code draw(batchSize, rng).writeTo(out)}.
   */
  public void sampleInto(float[] out, int batchSize, Rng rng) {
    draw(batchSize, rng).writeTo(out);
  }

  /**
   * The random numbers of a fresh batch of {@code batchSize} examples (see
   * {@link SparseFeaturesDraw} for how they become entries). Instance k draws from its own
   * stream, {@code Rng.of(rng.nextLong()).split("instance", k)}; {@code rng} itself is advanced
   * by one draw, so successive calls differ, and the batch is a function of its state alone.
   */
  public SparseFeaturesDraw draw(int batchSize, Rng rng) {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "sparse features: batch size must be >= 1, got " + batchSize);
    }
    int instances = nInstances();
    Rng call = Rng.of(rng.nextLong());
    long[] streams = new long[instances]; // [instances]
    int[] thresholds = new int[instances]; // [instances]
    for (int k = 0; k < instances; k++) {
      streams[k] = call.split("instance", k).state();
      thresholds[k] = SparseFeaturesDraw.threshold(featureProbability[k]);
    }
    return new SparseFeaturesDraw(batchSize, nFeatures(), streams, thresholds);
  }
}
