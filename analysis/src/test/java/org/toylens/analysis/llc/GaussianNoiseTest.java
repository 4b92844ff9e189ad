package org.toylens.analysis.llc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

  private static final int N = 1 << 20;

  private static float[] stream(long key, long first, int length) {
    float[] out = new float[length];
    GaussianNoise.fill(key, first, out, 0, length);
    return out;
  }

  @Test
  void vectorKernelEqualsItsScalarTwinBitwiseFromAnyStartingIndex() {
    long key = GaussianNoise.stepKey(99, 3);
    for (long first : new long[] {0, 13, 32, 1000, (1L << 40) + 7}) {
      float[] out = new float[1003];
      GaussianNoise.fill(key, first, out, 2, 1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(Float.floatToRawIntBits(out[2 + i])).as("normal %d", first + i)
            .isEqualTo(Float.floatToRawIntBits(GaussianNoise.normal(key, first + i)));
      }
      assertThat(out[0]).isZero();
      assertThat(out[1002]).isZero();
    }
  }

  @Test
  void anySplitOfARangeGivesTheSameNumbers() {
    long key = 12345;
    float[] whole = stream(key, 0, 5000);
    float[] pieces = new float[5000];
    int[] cuts = {0, 37, 64, 65, 2049, 5000};
    for (int c = 0; c + 1 < cuts.length; c++) {
      GaussianNoise.fill(key, cuts[c], pieces, cuts[c], cuts[c + 1] - cuts[c]);
    }
    assertThat(pieces).containsExactly(whole);
  }

  @Test
  void momentsAreThoseOfAStandardNormal() {
    float[] z = stream(GaussianNoise.stepKey(7, 0), 0, N);
    double sum = 0, squares = 0, cubes = 0, fourths = 0, largest = 0;
    for (float v : z) {
      double x = v;
      sum += x;
      squares += x * x;
      cubes += x * x * x;
      fourths += x * x * x * x;
      largest = Math.max(largest, Math.abs(x));
    }
    double mean = sum / N;
    assertThat(mean).isCloseTo(0, within(5 / Math.sqrt(N)));
    assertThat(squares / N).isCloseTo(1, within(5 * Math.sqrt(2.0 / N)));
    assertThat(cubes / N).isCloseTo(0, within(5 * Math.sqrt(15.0 / N)));
    assertThat(fourths / N).isCloseTo(3, within(5 * Math.sqrt(96.0 / N)));
    // u₁ ≥ 2⁻³² bounds |z| by √(64 ln 2) ≈ 6.66; a million draws reach beyond 4.
    assertThat(largest).isBetween(4.0, 6.67);
  }

  @Test
  void fractionsBelowQuantilesMatchTheNormalDistributionFunction() {
    float[] z = stream(GaussianNoise.stepKey(8, 1), 0, N);
    // Φ(x) at x = −2, −1, 0, 0.5, 1.5, 3.
    double[] x = {-2, -1, 0, 0.5, 1.5, 3};
    double[] phi = {0.0227501319481792, 0.158655253931457, 0.5, 0.691462461274013, 0.933192798731142, 0.998650101968370};
    for (int q = 0; q < x.length; q++) {
      int below = 0;
      for (float v : z) if (v < x[q]) below++;
      double tolerance = 5 * Math.sqrt(phi[q] * (1 - phi[q]) / N);
      assertThat((double) below / N).as("P(z < %s)", x[q]).isCloseTo(phi[q], within(tolerance));
    }
  }

  @Test
  void neighboursPairHalvesAndConsecutiveStepsAreUncorrelated() {
    float[] a = stream(GaussianNoise.stepKey(5, 0), 0, N);
    float[] b = stream(GaussianNoise.stepKey(5, 1), 0, N);
    double bound = 5 / Math.sqrt(N / 2.0);
    double neighbours = 0, halves = 0, steps = 0;
    int pairs = 0;
    for (int i = 0; i + 1 < N; i += 2) {
      neighbours += (double) a[i] * a[i + 1];
      pairs++;
    }
    int halfCount = 0;
    for (int block = 0; block < N / GaussianNoise.BLOCK; block++) {
      for (int l = 0; l < GaussianNoise.BLOCK / 2; l++) {
        int at = block * GaussianNoise.BLOCK + l;
        halves += (double) a[at] * a[at + GaussianNoise.BLOCK / 2];
        halfCount++;
      }
    }
    for (int i = 0; i < N; i++) steps += (double) a[i] * b[i];
    assertThat(neighbours / pairs).isCloseTo(0, within(bound));
    assertThat(halves / halfCount).as("cos and sin halves of one pair").isCloseTo(0, within(bound));
    assertThat(steps / N).isCloseTo(0, within(5 / Math.sqrt(N)));
    // Box–Muller's halves are independent, not only uncorrelated: E[z₀²·z₁²] = E[z₀²]·E[z₁²] = 1
    // (variance 8 per pair).
    double squares = 0;
    for (int block = 0; block < N / GaussianNoise.BLOCK; block++) {
      for (int l = 0; l < GaussianNoise.BLOCK / 2; l++) {
        int at = block * GaussianNoise.BLOCK + l;
        squares += (double) a[at] * a[at] * a[at + GaussianNoise.BLOCK / 2] * a[at + GaussianNoise.BLOCK / 2];
      }
    }
    assertThat(squares / halfCount).isCloseTo(1, within(5 * Math.sqrt(8.0 / halfCount)));
  }

  @Test
  void differentKeysAndStepsGiveDifferentStreams() {
    assertThat(stream(1, 0, 64)).isNotEqualTo(stream(2, 0, 64));
    assertThat(stream(GaussianNoise.stepKey(1, 0), 0, 64)).isNotEqualTo(stream(GaussianNoise.stepKey(1, 1), 0, 64));
    assertThat(stream(GaussianNoise.stepKey(1, 0), 0, 64)).isEqualTo(stream(GaussianNoise.stepKey(1, 0), 0, 64));
  }

  @Test
  void rejectsARangeOutsideTheArray() {
    assertThatThrownBy(() -> GaussianNoise.fill(1, 0, new float[10], 5, 6))
        .hasMessage("Gaussian noise: cannot write 6 normals from index 0 at offset 5 into an array of 10");
  }

  @Test
  void compiledKernelStillEqualsItsScalarTwinAndWritesOnlyItsRange() {
    // Enough calls for the JIT to compile the kernel's loops, then the comparison.
    float[] warm = new float[1 << 14];
    for (int round = 0; round < 300; round++) GaussianNoise.fill(round, round * 13L, warm, 0, warm.length);
    long key = GaussianNoise.stepKey(3, 17);
    for (int length : new int[] {0, 1, 31, 33, 1025, 4096 + 5}) {
      for (long first : new long[] {0, 5, 31, 1L << 33}) {
        float[] out = new float[length + 2];
        out[0] = Float.NaN;
        out[length + 1] = Float.NaN;
        GaussianNoise.fill(key, first, out, 1, length);
        int[] bits = new int[length], expected = new int[length];
        for (int i = 0; i < length; i++) {
          bits[i] = Float.floatToRawIntBits(out[1 + i]);
          expected[i] = Float.floatToRawIntBits(GaussianNoise.normal(key, first + i));
        }
        assertThat(bits).as("%d normals from %d", length, first).containsExactly(expected);
        assertThat(out[0]).isNaN();
        assertThat(out[length + 1]).isNaN();
      }
    }
  }
}
