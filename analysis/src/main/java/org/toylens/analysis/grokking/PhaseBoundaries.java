package org.toylens.analysis.grokking;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Finds the phases of grokking in the training curves.
 *
 * <p>Rules (thresholds from {@link PhaseRule}, default {@link PhaseRule#DEFAULT}):
 * <ul>
 *   <li><b>memorised_step</b>: first checkpoint with train accuracy ≥ 0.99.</li>
 *   <li><b>grokked_step</b>: first checkpoint with test accuracy ≥ 0.99.</li>
 *   <li><b>restricted_loss_step</b>, <b>test_loss_step</b>: first checkpoint where that loss is
 *       below the same threshold (0.1), so "restricted loss falls before test loss" is a comparison
 *       of two steps.</li>
 *   <li><b>cleanup</b>: the steep rise of the Gini coefficient of W_L's Fourier norms. In Nanda et
 *       al. (2023, §5.2) circuit formation is slow (the excluded loss creeps up, the weights shrink
 *       gradually) and cleanup is short: weight decay removes the memorising components, the Gini
 *       coefficients jump and the test loss falls. A rule on the size of the rise ("10% of the total
 *       rise") mistakes the slow drift of circuit formation for cleanup; the rule here looks at how
 *       fast the curve rises instead:
 *       <ol>
 *         <li>take the checkpoints from memorised_step on (all of them if the run never memorised):
 *             the jump during memorisation itself is not cleanup; skip non-finite values;</li>
 *         <li>smooth with a running median over {@code smoothingWindow} checkpoints (5; the window
 *             shrinks symmetrically at the ends): it removes spikes up to two checkpoints wide and
 *             leaves any monotone stretch exactly as it was;</li>
 *         <li>no cleanup when the smoothed curve's maximum exceeds its lowest earlier value by less
 *             than {@code minGiniRise} (0.05);</li>
 *         <li>slope at each checkpoint, per training step: (g[i+1] − g[i−1]) / (t[i+1] − t[i−1])
 *             (one-sided at the ends), so unevenly spaced checkpoints are handled;</li>
 *         <li>cleanup is the unbroken run of checkpoints around the steepest one whose slope is at
 *             least {@code steepFraction} (½) of the steepest slope: it starts at the first
 *             checkpoint of that run and ends at the last.</li>
 *       </ol>
 *       For a logistic rise lo + h/(1 + e^{−(t−c)/w}) this is c ± 2w·arcosh(√2) ≈ c ± 1.76w, the full
 *       width at half maximum of its slope (inside its 10–90% rise, c ± 2.20w), whatever slow drift
 *       comes before it, as long as the drift is less than half as steep.</li>
 *   <li>circuit formation is [memorised_step, cleanup start).</li>
 * </ul>
 */
public final class PhaseBoundaries {

  private PhaseBoundaries() {}

  /** Landmarks with the default rule. */
  public static GrokkingPhases detect(TrainingCurves curves) {
    return detect(curves, PhaseRule.DEFAULT);
  }

  /** Landmarks with an explicit rule. */
  public static GrokkingPhases detect(TrainingCurves curves, PhaseRule rule) {
    long[] steps = curves.steps();
    OptionalLong memorised = firstStepAtLeast(steps, curves.trainAccuracy(), rule.accuracyThreshold());
    OptionalLong grokked = firstStepAtLeast(steps, curves.testAccuracy(), rule.accuracyThreshold());
    OptionalLong restricted = curves.restrictedLoss() == null ? OptionalLong.empty()
        : firstStepBelow(steps, curves.restrictedLoss(), rule.lossThreshold());
    OptionalLong test = firstStepBelow(steps, curves.testLoss(), rule.lossThreshold());
    OptionalLong cleanupStart = OptionalLong.empty();
    OptionalLong cleanupEnd = OptionalLong.empty();
    if (curves.gini() != null) {
      long[] window = cleanup(steps, curves.gini(), memorised.orElse(steps[0]), rule);
      if (window != null) {
        cleanupStart = OptionalLong.of(window[0]);
        cleanupEnd = OptionalLong.of(window[1]);
      }
    }
    return new GrokkingPhases(memorised, grokked, cleanupStart, cleanupEnd, restricted, test, rule);
  }

  /** The first step whose value is ≥ threshold (NaN never counts). */
  public static OptionalLong firstStepAtLeast(long[] steps, double[] values, double threshold) {
    checkAligned(steps, values);
    for (int i = 0; i < steps.length; i++) {
      if (values[i] >= threshold) return OptionalLong.of(steps[i]);
    }
    return OptionalLong.empty();
  }

  /** The first step whose value is &lt; threshold (NaN never counts). */
  public static OptionalLong firstStepBelow(long[] steps, double[] values, double threshold) {
    checkAligned(steps, values);
    for (int i = 0; i < steps.length; i++) {
      if (values[i] < threshold) return OptionalLong.of(steps[i]);
    }
    return OptionalLong.empty();
  }

  /** {start, end} of the steepest rise of {@code gini} from {@code fromStep} on, or null. */
  private static long[] cleanup(long[] steps, double[] gini, long fromStep, PhaseRule rule) {
    int n = 0;
    long[] t = new long[steps.length];
    double[] g = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] >= fromStep && Double.isFinite(gini[i])) {
        t[n] = steps[i];
        g[n++] = gini[i];
      }
    }
    if (n < 3) return null;
    double[] smooth = runningMedian(Arrays.copyOf(g, n), rule.smoothingWindow());
    int iHi = 0;
    for (int i = 1; i < n; i++) if (smooth[i] > smooth[iHi]) iHi = i;
    double lo = smooth[0];
    for (int i = 1; i <= iHi; i++) lo = Math.min(lo, smooth[i]);
    if (!(smooth[iHi] - lo >= rule.minGiniRise())) return null;

    double[] slope = new double[n]; // per training step
    for (int i = 0; i < n; i++) {
      int l = Math.max(0, i - 1);
      int r = Math.min(n - 1, i + 1);
      slope[i] = (smooth[r] - smooth[l]) / (t[r] - t[l]);
    }
    int peak = 0;
    for (int i = 1; i < n; i++) if (slope[i] > slope[peak]) peak = i;
    if (!(slope[peak] > 0)) return null;
    double steep = rule.steepFraction() * slope[peak];
    int start = peak;
    while (start > 0 && slope[start - 1] >= steep) start--;
    int end = peak;
    while (end < n - 1 && slope[end + 1] >= steep) end++;
    return new long[] {t[start], t[end]};
  }

  /**
   * Median of each value and its neighbours, {@code window} values centred on it (fewer at the
   * ends, always an odd number centred on the value).
   */
  static double[] runningMedian(double[] values, int window) {
    int n = values.length;
    int half = window / 2;
    double[] out = new double[n];
    double[] buffer = new double[window];
    for (int i = 0; i < n; i++) {
      int h = Math.min(half, Math.min(i, n - 1 - i));
      int len = 2 * h + 1;
      System.arraycopy(values, i - h, buffer, 0, len);
      Arrays.sort(buffer, 0, len);
      out[i] = buffer[h];
    }
    return out;
  }

  private static void checkAligned(long[] steps, double[] values) {
    if (steps.length != values.length) {
      throw new IllegalArgumentException(
          "phase boundaries: " + values.length + " values for " + steps.length + " steps");
    }
  }
}
