package org.toylens.analysis.grokking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.toylens.analysis.fourier.SumFrequencyDirections;
import org.toylens.tensor.Rng;

class KeyFrequencyAblationTest {

  /**
   * A model made only of key frequencies: per key k, four neurons m + cos(w_k(a+b) + φ) with φ a
   * quarter turn apart, each writing s·cos(w_k c + φ) to logit c. The logits are then
   * 2s·Σ_k cos(w_k(a+b−c)) plus a constant, the Fourier multiplication algorithm.
   */
  static LogitReadout keyFrequencyModel(int p, int[] keys, double scale) {
    int dMlp = 4 * keys.length;
    float[] acts = new float[p * p * dMlp]; // float, as the engine produces them
    double[] wL = new double[dMlp * p];
    for (int i = 0; i < keys.length; i++) {
      double w = 2 * Math.PI * keys[i] / p;
      for (int q = 0; q < 4; q++) {
        int n = 4 * i + q;
        double phase = q * Math.PI / 2;
        for (int a = 0; a < p; a++) {
          for (int b = 0; b < p; b++) acts[(a * p + b) * dMlp + n] = (float) (1.5 + Math.cos(w * (a + b) + phase));
        }
        for (int c = 0; c < p; c++) wL[n * p + c] = scale * Math.cos(w * c + phase);
      }
    }
    double[] logits = multiply(toDouble(acts), wL, p * p, dMlp, p);
    for (int i = 0; i < logits.length; i++) logits[i] += 0.7; // input-independent rest, same for every class
    return new LogitReadout(p, dMlp, acts, wL, logits);
  }

  static double[] multiply(double[] x, double[] y, int rows, int inner, int cols) {
    double[] out = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < inner; k++) {
        for (int c = 0; c < cols; c++) out[r * cols + c] += x[r * inner + k] * y[k * cols + c];
      }
    }
    return out;
  }

  static int[][] split(int p, long seed) {
    int[] perm = Rng.of(seed).permutation(p * p);
    int cut = (int) (0.3 * p * p);
    return new int[][] {Arrays.copyOf(perm, cut), Arrays.copyOfRange(perm, cut, perm.length)};
  }

  @ParameterizedTest
  @CsvSource({"7, 1, 3", "59, 3, 11", "97, 17, 40"})
  void restrictedLossOfAKeyFrequencyModelEqualsItsFullLoss(int p, int k1, int k2) {
    int[] keys = {k1, k2};
    LogitReadout model = keyFrequencyModel(p, keys, 3);
    int[] labels = LogitReadout.additionLabels(p);
    int[][] trainTest = split(p, 5);
    double full = CrossEntropy.meanLoss(model.logits(), p, labels, trainTest[1]);
    double restricted = KeyFrequencyAblation.restrictedLoss(model, keys, labels, trainTest[1]);
    assertThat(full).isLessThan(0.5 * Math.log(p)); // the model does solve the task
    assertThat(restricted).isCloseTo(full, within(1e-9));
  }

  @ParameterizedTest
  @CsvSource({"7, 1, 3", "59, 3, 11", "97, 17, 40"})
  void excludedLossOfAKeyFrequencyModelIsUniform(int p, int k1, int k2) {
    int[] keys = {k1, k2};
    LogitReadout model = keyFrequencyModel(p, keys, 1.5);
    int[] labels = LogitReadout.additionLabels(p);
    int[][] trainTest = split(p, 6);
    double excluded = KeyFrequencyAblation.excludedLoss(model, keys, labels, trainTest[0]);
    // Exactly ln p but for the float rounding of the activations, which leaves parts of order 1e-8
    // outside the key directions.
    assertThat(excluded).isCloseTo(Math.log(p), within(1e-7));
  }

  @Test
  void excludingOnlyOneOfTwoKeysLeavesTheOtherWorking() {
    int p = 59;
    LogitReadout model = keyFrequencyModel(p, new int[] {3, 11}, 3);
    int[] labels = LogitReadout.additionLabels(p);
    double excluded = KeyFrequencyAblation.excludedLoss(model, new int[] {3}, labels, null);
    assertThat(excluded).isLessThan(Math.log(p) - 1);
    LogitReadout single = keyFrequencyModel(p, new int[] {11}, 3);
    assertThat(excluded).isCloseTo(CrossEntropy.meanLoss(single.logits(), p, labels), within(1e-9));
  }

  @Test
  void ablatedLogitsMatchTheExplicitProjectionOfTheActivations() {
    int p = 11;
    int dMlp = 5;
    int[] keys = {2, 5};
    Rng rng = Rng.of(42);
    float[] floatActs = new float[p * p * dMlp];
    for (int i = 0; i < floatActs.length; i++) floatActs[i] = (float) rng.nextGaussian();
    double[] acts = toDouble(floatActs);
    double[] wL = gaussian(rng, dMlp * p);
    double[] rest = gaussian(rng, p * p * p);
    double[] logits = multiply(acts, wL, p * p, dMlp, p);
    for (int i = 0; i < logits.length; i++) logits[i] += rest[i];
    KeyFrequencyAblation ablation = KeyFrequencyAblation.of(new LogitReadout(p, dMlp, floatActs, wL, logits), keys);

    SumFrequencyDirections dirs = SumFrequencyDirections.of(p, keys);
    double[] restrictedActs = multiply(dirs.restrict(acts, dMlp), wL, p * p, dMlp, p);
    double[] shift = new double[p];
    for (int r = 0; r < p * p; r++) {
      for (int c = 0; c < p; c++) shift[c] += (logits[r * p + c] - restrictedActs[r * p + c]) / (p * p);
    }
    double[] excludedExpected = multiply(dirs.exclude(acts, dMlp), wL, p * p, dMlp, p);
    for (int i = 0; i < excludedExpected.length; i++) excludedExpected[i] += rest[i];

    int[] rows = {120, 3, 64};
    double[] restricted = ablation.restrictedLogits(rows);
    double[] excluded = ablation.excludedLogits(rows);
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < p; c++) {
        assertThat(restricted[i * p + c]).isCloseTo(restrictedActs[rows[i] * p + c] + shift[c], within(1e-10));
        assertThat(excluded[i * p + c]).isCloseTo(excludedExpected[rows[i] * p + c], within(1e-10));
      }
    }
    assertThat(ablation.excludedLogits(null)).containsExactly(excludedExpected, within(1e-10));
  }

  static double[] toDouble(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = x[i];
    return out;
  }

  static double[] gaussian(Rng rng, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = rng.nextGaussian();
    return x;
  }
}
