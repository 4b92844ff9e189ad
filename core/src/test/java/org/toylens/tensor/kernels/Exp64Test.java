package org.toylens.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.toylens.tensor.Rng;

/** The float64 exponential against StrictMath, at its edges, and its vector loop against it to the bit. */
class Exp64Test {

  private static double ulpsFromReference(double x) {
    double want = StrictMath.exp(x);
    return Math.abs(Exp64.exp(x) - want) / Math.ulp(want);
  }

  @Test
  void isWithinOneUlpOfStrictMathAcrossTheNormalRange() {
    Rng rng = Rng.of(11);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      double x = Exp64.UNDERFLOW + rng.nextDouble() * (Exp64.OVERFLOW - Exp64.UNDERFLOW);
      worst = Math.max(worst, ulpsFromReference(x));
    }
    for (int i = 0; i < 200_000; i++) {
      double x = (rng.nextDouble() * 2 - 1) * Math.pow(10, -rng.nextInt(20)); // near 0, where cross-entropy lives
      worst = Math.max(worst, ulpsFromReference(x));
    }
    for (double x : new double[] {-707.99, -700, -1, -0.5, -0x1.62e42fefa39efp-2, 0x1.62e42fefa39efp-2, 1, 2, 700, 709.7}) {
      worst = Math.max(worst, ulpsFromReference(x));
    }
    assertThat(worst).isLessThanOrEqualTo(1.0);
  }

  @Test
  void isExactWhereTheAnswerIsAndHandlesTheEdges() {
    assertThat(Exp64.exp(0.0)).isEqualTo(1.0);
    assertThat(Exp64.exp(-0.0)).isEqualTo(1.0);
    assertThat(Exp64.exp(Double.NaN)).isNaN();
    assertThat(Exp64.exp(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(Exp64.exp(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Exp64.exp(-708.5)).isEqualTo(0.0);
    assertThat(Exp64.exp(-1e6)).isEqualTo(0.0);
    assertThat(Exp64.exp(710)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Exp64.exp(Exp64.OVERFLOW - 1e-9)).isFinite();
    assertThat(Exp64.exp(Exp64.UNDERFLOW)).isGreaterThan(Double.MIN_NORMAL);
  }

  @Test
  void vectorLoopGivesTheScalarBitsOnEveryLengthAndOffset() {
    Rng rng = Rng.of(12);
    double[] special = {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -708.5, 709.9,
        0.0, -0.0, Exp64.UNDERFLOW, Exp64.OVERFLOW, -1e-300};
    for (RowKernel kernel : new RowKernel[] {new VectorRows(), new ScalarRows()}) {
      for (int n : new int[] {0, 1, 3, 7, 8, 9, 15, 16, 17, 33, 113, 200}) {
        double[] x = new double[n + 7];
        for (int i = 0; i < x.length; i++) {
          x[i] = rng.nextInt(4) == 0 ? special[rng.nextInt(special.length)] : (rng.nextDouble() - 0.8) * 60;
        }
        double[] out = new double[n + 5];
        java.util.Arrays.fill(out, 42.0);
        kernel.exp(x, 7, out, 5, n);
        for (int i = 0; i < 5; i++) assertThat(out[i]).isEqualTo(42.0);
        for (int i = 0; i < n; i++) {
          assertThat(Double.doubleToRawLongBits(out[5 + i]))
              .as("%s n=%d i=%d x=%s", kernel.getClass().getSimpleName(), n, i, x[7 + i])
              .isEqualTo(Double.doubleToRawLongBits(Exp64.exp(x[7 + i])));
        }
        double[] inPlace = x.clone();
        kernel.exp(inPlace, 7, inPlace, 7, n);
        for (int i = 0; i < n; i++) {
          assertThat(Double.doubleToRawLongBits(inPlace[7 + i])).isEqualTo(Double.doubleToRawLongBits(out[5 + i]));
        }
      }
    }
  }

  @Test
  void sumAddsEightRunningSumsPairwiseThenTheTail() {
    double[] v = new double[19];
    for (int i = 0; i < v.length; i++) v[i] = Math.scalb(1.0 + i / 7.0, (i * 37) % 60 - 30);
    double[] s = new double[8];
    for (int i = 0; i < 16; i++) s[i % 8] += v[i];
    double want = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    want += v[16];
    want += v[17];
    want += v[18];
    assertThat(Exp64.sum(v, 19)).isEqualTo(want);
    assertThat(Exp64.sum(v, 0)).isEqualTo(0.0);
    assertThat(Exp64.sum(v, 3)).isEqualTo((0.0 + v[0] + v[1]) + v[2]);
  }
}
