package org.toylens.analysis.grokking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class PhaseBoundariesTest {

  static final int CHECKPOINTS = 250;
  static final long EVERY = 100;

  static long[] steps() {
    long[] s = new long[CHECKPOINTS];
    for (int i = 0; i < CHECKPOINTS; i++) s[i] = i * EVERY;
    return s;
  }

  static double[] curve(LongToDoubleFunction f) {
    double[] v = new double[CHECKPOINTS];
    for (int i = 0; i < CHECKPOINTS; i++) v[i] = f.applyAsDouble(i * EVERY);
    return v;
  }

  static double logistic(double t, double centre, double width) {
    return 1 / (1 + Math.exp(-(t - centre) / width));
  }

  /** A run that memorises at ~1.5k, forms its circuit, cleans up around 14k and groks at ~14.5k. */
  static TrainingCurves grokkingRun(double[] gini) {
    double[] trainAcc = curve(t -> logistic(t, 800, 100));
    double[] testAcc = curve(t -> 0.01 + 0.99 * logistic(t, 14000, 150));
    double[] trainLoss = curve(t -> 4.7 * (1 - logistic(t, 800, 100)) + 1e-7);
    double[] testLoss = curve(t -> 30 * (1 - logistic(t, 14000, 200)) + 1e-4);
    double[] restricted = curve(t -> 20 * (1 - logistic(t, 12500, 300)) + 1e-3);
    double[] excluded = curve(t -> 1e-6 + 10 * logistic(t, 11000, 800));
    return new TrainingCurves(steps(), trainAcc, testAcc, trainLoss, testLoss, restricted, excluded, gini);
  }

  /** Where the slope of lo + h·logistic(t, c, w) falls to half its peak: c ± 2w·arcosh(√2). */
  static final double HALF_SLOPE_WIDTHS = 2 * Math.log(Math.sqrt(2) + 1);

  @Test
  void landmarksOfASyntheticGrokkingRun() {
    double centre = 14000;
    double width = 400;
    double[] gini = curve(t -> 0.2 + 0.7 * logistic(t, centre, width));
    GrokkingPhases phases = PhaseBoundaries.detect(grokkingRun(gini));

    assertThat(phases.memorisedStep()).isEqualTo(firstCrossingAtLeast(t -> logistic(t, 800, 100), 0.99));
    assertThat(phases.grokkedStep()).isEqualTo(firstCrossingAtLeast(t -> 0.01 + 0.99 * logistic(t, 14000, 150), 0.99));
    assertThat(phases.grokked()).isTrue();
    assertThat(phases.restrictedLossStep().getAsLong()).isLessThan(phases.testLossStep().getAsLong());
    assertThat(phases.testLossStep()).isEqualTo(firstCrossingBelow(t -> 30 * (1 - logistic(t, 14000, 200)) + 1e-4, 0.1));

    // Cleanup is where the rise is at least half as steep as at its steepest: c ± 1.76w, to within
    // one checkpoint.
    assertThat((double) phases.cleanupStartStep().getAsLong()).isCloseTo(centre - HALF_SLOPE_WIDTHS * width, within((double) EVERY));
    assertThat((double) phases.cleanupEndStep().getAsLong()).isCloseTo(centre + HALF_SLOPE_WIDTHS * width, within((double) EVERY));
    assertThat(phases.grokkingDelay().getAsLong())
        .isEqualTo(phases.grokkedStep().getAsLong() - phases.memorisedStep().getAsLong());
  }

  @Test
  void cleanupStartsAtTheOnsetOfTheSteepRiseNotDuringTheSlowDriftBeforeIt() {
    double centre = 14000;
    double width = 400;
    // Circuit formation: the Gini coefficient drifts up by 0.25 over the whole run, then jumps by 0.5.
    LongToDoubleFunction g = t -> 0.1 + 0.25 * t / (CHECKPOINTS * EVERY) + 0.5 * logistic(t, centre, width);
    double[] gini = curve(g);
    // The drift is large enough to fool a rule on the size of the rise: 10% of the total rise after
    // memorisation is passed long before the jump starts.
    double lo = g.applyAsDouble(1000);
    double hi = gini[CHECKPOINTS - 1];
    assertThat(firstCrossingAtLeast(g, lo + 0.1 * (hi - lo)).getAsLong()).isLessThan((long) (centre - 5 * width));

    GrokkingPhases phases = PhaseBoundaries.detect(grokkingRun(gini));
    assertThat((double) phases.cleanupStartStep().getAsLong()).isCloseTo(centre - HALF_SLOPE_WIDTHS * width, within((double) EVERY));
    assertThat((double) phases.cleanupEndStep().getAsLong()).isCloseTo(centre + HALF_SLOPE_WIDTHS * width, within((double) EVERY));
  }

  @Test
  void unevenlySpacedCheckpointsAreMeasuredPerTrainingStep() {
    // Every 50 steps up to 12,000, then every 400: slopes per checkpoint would make the sparse part
    // look eight times steeper than it is.
    List<Long> s = new ArrayList<>();
    for (long t = 0; t < 12000; t += 50) s.add(t);
    for (long t = 12000; t <= 24000; t += 400) s.add(t);
    long[] steps = s.stream().mapToLong(Long::longValue).toArray();
    double centre = 16000;
    double width = 800;
    double[] gini = new double[steps.length];
    double[] ones = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      gini[i] = 0.1 + 0.3 * steps[i] / 24000.0 + 0.5 * logistic(steps[i], centre, width);
      ones[i] = 1;
    }
    TrainingCurves curves = new TrainingCurves(steps, ones, ones, ones, ones, null, null, gini);
    GrokkingPhases phases = PhaseBoundaries.detect(curves);
    assertThat((double) phases.cleanupStartStep().getAsLong()).isCloseTo(centre - HALF_SLOPE_WIDTHS * width, within(400.0));
    assertThat((double) phases.cleanupEndStep().getAsLong()).isCloseTo(centre + HALF_SLOPE_WIDTHS * width, within(400.0));
  }

  @Test
  void aBlipBeforeTheMainRiseDoesNotMoveCleanup() {
    double[] smooth = curve(t -> 0.2 + 0.7 * logistic(t, 14000, 400));
    double[] blipped = smooth.clone();
    blipped[50] += 0.3; // a spike at step 5000, far steeper than the main rise
    blipped[90] += 0.2; // and one two checkpoints wide at steps 9000 and 9100
    blipped[91] += 0.25;
    GrokkingPhases a = PhaseBoundaries.detect(grokkingRun(smooth));
    GrokkingPhases b = PhaseBoundaries.detect(grokkingRun(blipped));
    assertThat(b.cleanupStartStep()).isEqualTo(a.cleanupStartStep());
    assertThat(b.cleanupEndStep()).isEqualTo(a.cleanupEndStep());
  }

  /**
   * The Gini coefficient of W_L of the default {@code toylens grok} run (p = 59, seed 0, a checkpoint
   * every 100 steps): it drifts from 0.12 to 0.30 over steps 100–1,900 while the circuit forms, then
   * jumps to 0.71 by step 3,000 as the test loss collapses (test accuracy 43% at 2,100, 99% at 2,700).
   */
  static final double[] DEFAULT_GROK_RUN_GINI = {0.02757589582034914, 0.12366881437106492,
      0.13533751984947595, 0.14532641484103226, 0.15266030512771334, 0.1581173076894904,
      0.16451790473182326, 0.1714242422438741, 0.17844332656834117, 0.18539658670342463,
      0.19288649965308236, 0.20112325208567317, 0.2105704770028678, 0.22119326783519733,
      0.23305205833257236, 0.24570352933677464, 0.25875589677348243, 0.27240258274706,
      0.2875988803255862, 0.3047054867260437, 0.3245120359321789, 0.3485725807488447,
      0.37826650502029, 0.4152838438108788, 0.45909420656481204, 0.5102545069441788,
      0.5639696771347169, 0.6140067332693528, 0.653777627450246, 0.6832992333382617,
      0.7063523801802505, 0.7225949566395773, 0.7331183812132742, 0.7399228891585223,
      0.7437361009974508, 0.7455174157950264, 0.7468391070188856, 0.7476442218656676,
      0.7478622797066719, 0.7480301414220847, 0.7477272080232049};

  @Test
  void cleanupOfTheDefaultGrokRunIsItsSteepRiseNotItsEarlyDrift() {
    int n = DEFAULT_GROK_RUN_GINI.length;
    long[] steps = new long[n];
    double[] trainAcc = new double[n];
    double[] flat = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = 100L * i;
      trainAcc[i] = i == 0 ? 0.02 : 1;
    }
    TrainingCurves curves = new TrainingCurves(steps, trainAcc, flat, flat, flat, null, null, DEFAULT_GROK_RUN_GINI);
    GrokkingPhases phases = PhaseBoundaries.detect(curves);
    assertThat(phases.memorisedStep()).hasValue(100);
    assertThat(phases.cleanupStartStep().getAsLong()).isBetween(2000L, 2200L);
    assertThat(phases.cleanupEndStep().getAsLong()).isBetween(2800L, 3000L);
  }

  @Test
  void runningMedianKeepsMonotoneStretchesAndRemovesNarrowSpikes() {
    double[] rising = {0, 0.1, 0.15, 0.5, 0.9, 0.95, 1};
    assertThat(PhaseBoundaries.runningMedian(rising, 5)).containsExactly(rising);
    double[] spiked = {1, 1, 1, 9, 8, 1, 1, 1};
    assertThat(PhaseBoundaries.runningMedian(spiked, 5)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1);
    assertThat(PhaseBoundaries.runningMedian(spiked, 1)).containsExactly(spiked);
  }

  @Test
  void phaseRuleRejectsSettingsThatCannotDefineCleanup() {
    assertThatThrownBy(() -> new PhaseRule(0.99, 0.1, 1.0, 5, 0.05))
        .hasMessage("phase rule: steepFraction must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> new PhaseRule(0.99, 0.1, 0.5, 4, 0.05))
        .hasMessage("phase rule: smoothingWindow must be an odd number of checkpoints >= 1, got 4");
  }

  @Test
  void flatGiniMeansNoCleanupAndMissingCurvesMeanNoLandmarks() {
    GrokkingPhases flat = PhaseBoundaries.detect(grokkingRun(curve(t -> 0.3 + 0.001 * Math.sin(t))));
    assertThat(flat.cleanupStartStep()).isEmpty();
    assertThat(flat.cleanupEndStep()).isEmpty();

    TrainingCurves basic = TrainingCurves.basic(steps(), curve(t -> 1), curve(t -> 0.02),
        curve(t -> 1e-6), curve(t -> 20));
    GrokkingPhases neverGrokked = PhaseBoundaries.detect(basic);
    assertThat(neverGrokked.memorisedStep()).hasValue(0);
    assertThat(neverGrokked.grokkedStep()).isEmpty();
    assertThat(neverGrokked.grokked()).isFalse();
    assertThat(neverGrokked.grokkingDelay()).isEmpty();
    assertThat(neverGrokked.restrictedLossStep()).isEmpty();
    assertThat(neverGrokked.testLossStep()).isEmpty();
  }

  @Test
  void firstStepHelpersUseTheThresholdInclusivelyForAccuracyAndStrictlyForLoss() {
    long[] steps = {10, 20, 30, 40};
    double[] values = {0.5, Double.NaN, 0.99, 0.2};
    assertThat(PhaseBoundaries.firstStepAtLeast(steps, values, 0.99)).hasValue(30);
    assertThat(PhaseBoundaries.firstStepBelow(steps, values, 0.5)).hasValue(40);
    assertThat(PhaseBoundaries.firstStepBelow(steps, values, 0.1)).isEmpty();
  }

  @Test
  void curvesMustBeAlignedWithIncreasingSteps() {
    assertThatThrownBy(() -> TrainingCurves.basic(new long[] {0, 100, 100}, new double[3], new double[3], new double[3], new double[3]))
        .hasMessage("training curves: steps must increase strictly, but step 100 at index 2 follows 100");
    assertThatThrownBy(() -> TrainingCurves.basic(new long[] {0, 100}, new double[2], new double[1], new double[2], new double[2]))
        .hasMessage("training curves: testAccuracy has 1 values for 2 steps");
  }

  static OptionalLong firstCrossingAtLeast(LongToDoubleFunction f, double threshold) {
    for (int i = 0; i < CHECKPOINTS; i++) if (f.applyAsDouble(i * EVERY) >= threshold) return OptionalLong.of(i * EVERY);
    return OptionalLong.empty();
  }

  static OptionalLong firstCrossingBelow(LongToDoubleFunction f, double threshold) {
    for (int i = 0; i < CHECKPOINTS; i++) if (f.applyAsDouble(i * EVERY) < threshold) return OptionalLong.of(i * EVERY);
    return OptionalLong.empty();
  }
}
