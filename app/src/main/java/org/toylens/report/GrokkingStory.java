package org.toylens.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.toylens.analysis.grokking.GrokkingAnalysisSummary;
import org.toylens.analysis.grokking.ProgressMeasures;
import org.toylens.analysis.grokking.ProgressMeasuresTable;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.TransformerConfig;
import org.toylens.tasks.ModularConfig;
import org.toylens.tasks.SplitSpec;
import org.toylens.train.TrainConfig;

/**
 * The story of a grokking run in a few sentences, told from its analysis: when it memorised,
 * when the Fourier circuit formed, when cleanup ran, when it grokked, which frequencies it uses,
 * and whether it looks like a clock or a pizza. Printed by {@code toylens grok} and shown at the
 * top of the report. Every sentence says what was measured; a landmark that was never reached
 * is said to be missing, never guessed.
 */
public final class GrokkingStory {

  /**
   * Distance irrelevance at or above this reads as a clock, at or below {@link #PIZZA_BELOW} as a
   * pizza. Zhong et al. (2023) report 0.82 ± 0.09 for clock-like runs and 0.40 ± 0.26 for
   * pizza-like ones (REFERENCE.md §3); the band between is left undecided.
   */
  static final double CLOCK_FROM = 0.7;
  static final double PIZZA_BELOW = 0.5;

  private GrokkingStory() {}

  /** The story, one sentence per line. */
  public static List<String> lines(GrokkingAnalysisSummary s, ProgressMeasuresTable table) {
    List<String> out = new ArrayList<>();
    String acc = ReportFormat.percent(s.accuracyThreshold());
    String loss = ReportFormat.number(s.lossThreshold());
    if (s.memorisedStep() != null) {
      ProgressMeasures at = rowAt(table, s.memorisedStep());
      out.add("Memorised by step " + ReportFormat.step(s.memorisedStep()) + ": train accuracy reached " + acc
          + " while test accuracy was " + ReportFormat.percent(at.testAccuracy()) + ".");
    } else {
      out.add("Never memorised the training pairs: final train accuracy "
          + ReportFormat.percent(s.finalTrainAccuracy()) + ".");
    }
    if (s.keyFrequencies().isEmpty()) {
      out.add("No Fourier circuit: no frequency is used by enough clean neurons in the final model, "
          + "so there is no restricted or excluded loss to track.");
    } else if (s.restrictedLossStep() != null) {
      StringBuilder c = new StringBuilder("The circuit formed before it showed: the restricted loss (key frequencies only) fell below "
          + loss + " at step " + ReportFormat.step(s.restrictedLossStep()));
      if (s.testLossStep() == null) {
        c.append(", the test loss never did.");
      } else if (s.testLossStep() > s.restrictedLossStep()) {
        c.append(", the test loss only at step ").append(ReportFormat.step(s.testLossStep())).append('.');
      } else {
        c = new StringBuilder("The restricted loss (key frequencies only) fell below " + loss + " at step "
            + ReportFormat.step(s.restrictedLossStep()) + ", no earlier than the test loss (step "
            + ReportFormat.step(s.testLossStep()) + "): the checkpoints are too far apart to separate them.");
      }
      out.add(c.toString());
    } else {
      out.add("The restricted loss never fell below " + loss + " (final " + ReportFormat.number(s.finalRestrictedLoss()) + ").");
    }
    if (s.cleanupStartStep() != null) {
      out.add("Cleanup (weight decay removing the memorised parts; the Gini coefficient of W_L's Fourier norms rising steeply) ran from step "
          + ReportFormat.step(s.cleanupStartStep()) + " to " + ReportFormat.step(s.cleanupEndStep()) + ".");
    }
    if (s.grokkedStep() != null) {
      String delay = s.grokkingDelay() == null ? "" : ", " + ReportFormat.step(s.grokkingDelay()) + " steps after memorising";
      out.add("Grokked at step " + ReportFormat.step(s.grokkedStep()) + ": test accuracy reached " + acc + delay
          + " (final test loss " + ReportFormat.number(s.finalTestLoss()) + ").");
    } else {
      out.add("Not grokked: final test accuracy " + ReportFormat.percent(s.finalTestAccuracy())
          + " after " + ReportFormat.step(s.finalStep()) + " steps; more steps, data or weight decay help.");
    }
    if (!s.keyFrequencies().isEmpty()) {
      out.add("It adds with " + (s.keyFrequencies().size() == 1 ? "frequency " : "frequencies ")
          + join(s.keyFrequencies()) + " (clean neurons per frequency: " + join(s.keyFrequencyNeurons()) + "; "
          + ReportFormat.percent(s.cleanNeuronFraction()) + " of all neurons are clean).");
    }
    out.add("Clock or pizza: distance irrelevance " + ReportFormat.number(s.distanceIrrelevance())
        + ", gradient symmetricity " + ReportFormat.number(s.gradientSymmetricity()) + " (" + algorithm(s) + ").");
    return out;
  }

  /** What was trained, in one line, from the resolved config (a preset's description may predate overrides). */
  public static String setup(ExperimentConfig config) {
    StringBuilder t = new StringBuilder();
    if (config.task() instanceof ModularConfig m) {
      t.append("(a + b) mod ").append(m.p());
      if (m.split() instanceof SplitSpec.Fraction f) {
        t.append(", ").append(ReportFormat.percent(f.trainFraction())).append(" of the pairs to train on");
      }
      t.append(", ");
    }
    if (config.model() instanceof TransformerConfig m) {
      t.append(m.nLayers()).append("-layer transformer (d_model ").append(m.dModel()).append(", ")
          .append(m.nHeads()).append(" heads, d_mlp ").append(m.dMlp()).append("), ");
    }
    TrainConfig train = config.train();
    t.append(train.optimizer().toString().toLowerCase(Locale.ROOT)).append(" lr ").append(ReportFormat.number(train.lr()))
        .append(", weight decay ").append(ReportFormat.number(train.weightDecay())).append(", ")
        .append(ReportFormat.step(train.steps())).append(" steps, seed ").append(config.seed());
    return t.toString();
  }

  /** "clock-like", "pizza-like" or "between clock and pizza", from the distance irrelevance. */
  static String algorithm(GrokkingAnalysisSummary s) {
    double d = s.distanceIrrelevance();
    if (d >= CLOCK_FROM) return "clock-like";
    if (d <= PIZZA_BELOW) return "pizza-like";
    return "between clock and pizza";
  }

  private static ProgressMeasures rowAt(ProgressMeasuresTable table, long step) {
    for (ProgressMeasures r : table.rows()) if (r.step() == step) return r;
    throw new IllegalArgumentException("grokking story: no checkpoint at step " + step);
  }

  private static String join(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
