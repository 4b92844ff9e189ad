package org.toylens.analysis.llc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.toylens.tensor.Rng;

class SgldPassTest {

  static final int N = 1037;

  static float[] gaussian(Rng rng, float scale) {
    float[] x = new float[N];
    for (int i = 0; i < N; i++) x[i] = scale * (float) rng.nextGaussian();
    return x;
  }

  static final SgldParameters[] SETTINGS = {
      SgldParameters.of(1e-3, 30, 100),
      SgldParameters.of(1e-2, 1, 0).withNoiseLevel(0),
      new SgldParameters(4e-3, 80, 5, 0.3, 0.5, 0.01),
  };

  @Test
  void vectorKernelWritesTheScalarTwinsWeightsBitwiseAndItsSumsToRounding() {
    for (SgldParameters p : SETTINGS) {
      for (boolean update : new boolean[] {true, false}) {
        for (boolean settle : new boolean[] {true, false}) {
          Rng rng = Rng.of(3);
          float[] w = gaussian(rng, 0.3f), c = gaussian(rng, 0.3f), g = gaussian(rng, 2f), prev = gaussian(rng, 0.3f);
          float[] z = gaussian(rng, 1f);
          float[] w2 = w.clone(), prev2 = prev.clone();
          double[] sums = new double[SgldPass.SUMS + 1], sums2 = new double[SgldPass.SUMS + 1];
          SgldPass.Coefficients k = SgldPass.Coefficients.of(p);
          // An unaligned range with a tail, sums written at an offset.
          SgldPass.vector(w, c, g, prev, z, 0, 3, N - 2, k, update, settle, sums, 1);
          SgldPass.reference(w2, c, g, prev2, z, 0, 3, N - 2, k, update, settle, sums2, 1);
          String what = p + " update " + update + " settle " + settle;
          assertThat(w).as(what).containsExactly(w2);
          assertThat(prev).as(what).containsExactly(prev2);
          assertThat(sums[0]).isZero();
          for (int s = 1; s <= SgldPass.SUMS; s++) {
            assertThat(sums[s]).as(what + " sum " + (s - 1)).isCloseTo(sums2[s], within(1e-12 * Math.abs(sums2[s]) + 1e-300));
          }
          if (update) assertThat(sums[1 + SgldPass.LOCAL]).isPositive();
          if (settle) assertThat(sums[1 + SgldPass.REVERSE]).isPositive();
        }
      }
    }
  }

  @Test
  void updatedWeightsAreTheSgldStepAndTheSumsItsDiagnostics() {
    SgldParameters p = new SgldParameters(4e-3, 80, 5, 0.3, 1, 0.01);
    Rng rng = Rng.of(4);
    float[] w = gaussian(rng, 0.3f), c = gaussian(rng, 0.3f), g = gaussian(rng, 2f), z = gaussian(rng, 1f);
    float[] start = w.clone();
    float[] expected = Sgld.step(w, c, g, z, p, null);
    double[] sums = new double[SgldPass.SUMS];
    SgldPass.vector(w, c, g, new float[N], z, 0, 0, N, SgldPass.Coefficients.of(p), true, false, sums, 0);
    assertThat(w).containsExactly(expected);
    double forward = 0, local = 0, decay = 0;
    for (int i = 0; i < N; i++) {
      double gradU = 80 * g[i] + 5 * ((double) start[i] - c[i]) + 0.3 * start[i];
      double f = (double) expected[i] - start[i] + 2e-3 * gradU;
      forward += f * f;
      local += ((double) expected[i] - c[i]) * ((double) expected[i] - c[i]);
      decay += (double) expected[i] * expected[i];
    }
    assertThat(sums[SgldPass.FORWARD]).isCloseTo(forward, within(1e-9 * forward));
    assertThat(sums[SgldPass.LOCAL]).isCloseTo(local, within(1e-9 * local));
    assertThat(sums[SgldPass.DECAY]).isCloseTo(decay, within(1e-9 * decay));
    assertThat(sums[SgldPass.REVERSE]).isZero();
  }

  @Test
  void compiledKernelStillWritesTheScalarTwinsWeightsAndOnlyInsideItsRange() {
    // Long enough for the JIT to compile the kernel (its scratch, chunking and tail included),
    // on ranges of every length around the vector width and at every offset.
    int n = 2 * 4096 + 37;
    Rng rng = Rng.of(5);
    float[] c = new float[n], g = new float[n], w0 = new float[n], prev0 = new float[n];
    float[] z = new float[n + 7]; // read at 7 + i
    for (int i = 0; i < n; i++) {
      c[i] = 0.3f * (float) rng.nextGaussian();
      g[i] = 2f * (float) rng.nextGaussian();
      z[7 + i] = (float) rng.nextGaussian();
      w0[i] = c[i] + 0.01f * (float) rng.nextGaussian();
      prev0[i] = c[i] + 0.01f * (float) rng.nextGaussian();
    }
    float[] w = w0.clone(), prev = prev0.clone(), w2 = w0.clone(), prev2 = prev0.clone();
    double[] sums = new double[SgldPass.SUMS], sums2 = new double[SgldPass.SUMS];
    for (int round = 0; round < 300; round++) {
      SgldPass.Coefficients k = SgldPass.Coefficients.of(SETTINGS[round % SETTINGS.length]);
      boolean settle = round % 5 != 0;
      boolean update = round % 7 != 3; // some rounds only sum the reverse term
      int from = round < 40 ? round : rng.nextInt(64);
      int to = round < 40 ? from + round : n - rng.nextInt(64);
      SgldPass.vector(w, c, g, prev, z, 7, from, to, k, update, settle, sums, 0);
      SgldPass.reference(w2, c, g, prev2, z, 7, from, to, k, update, settle, sums2, 0);
      // Whole arrays: the twin writes only inside [from, to), so any write outside differs.
      String what = "round " + round + " [" + from + ", " + to + ")";
      if (!Arrays.equals(w, w2)) assertThat(w).as(what).containsExactly(w2);
      if (!Arrays.equals(prev, prev2)) assertThat(prev).as(what).containsExactly(prev2);
      for (int s = 0; s < SgldPass.SUMS; s++) {
        assertThat(sums[s]).as(what + " sum " + s).isCloseTo(sums2[s], within(1e-12 * Math.abs(sums2[s]) + 1e-300));
      }
    }
    assertThat(w).isNotEqualTo(w0);
  }
}
