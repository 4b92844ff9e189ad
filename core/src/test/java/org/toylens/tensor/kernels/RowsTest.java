package org.toylens.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.toylens.tensor.Rng;

/** The vector row loops against their scalar twin and float64, on lengths around the vector width. */
class RowsTest {

  private static float[] random(Rng rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
    return x;
  }

  @Test
  void vectorAxpyAndDotMatchTheScalarReferenceOnOddLengthsAndOffsets() {
    RowKernel vector = new VectorRows();
    RowKernel scalar = new ScalarRows();
    Rng rng = Rng.of(7);
    for (int n : new int[] {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 64, 100, 129, 512}) {
      float[] x = random(rng, n + 5);
      float[] y = random(rng, n + 9);
      float[] yVector = y.clone();
      float[] yScalar = y.clone();
      vector.axpy(0.37f, x, 5, yVector, 9, n);
      scalar.axpy(0.37f, x, 5, yScalar, 9, n);
      for (int k = 0; k < y.length; k++) {
        double expected = k < 9 ? y[k] : y[k] + 0.37 * x[k - 9 + 5];
        assertThat((double) yVector[k]).as("axpy n=%d at %d", n, k).isCloseTo(expected, within(1e-6));
        assertThat(yVector[k]).as("axpy n=%d at %d, vector vs scalar", n, k).isCloseTo(yScalar[k], within(1e-6f));
      }
      double exact = 0;
      for (int k = 0; k < n; k++) exact += (double) x[5 + k] * y[9 + k];
      assertThat((double) vector.dot(x, 5, y, 9, n)).as("dot n=%d", n).isCloseTo(exact, within(1e-4));
      assertThat((double) scalar.dot(x, 5, y, 9, n)).as("scalar dot n=%d", n).isCloseTo(exact, within(1e-4));
    }
  }

  @Test
  void weightedSumsAreTheBitsOfOneAxpyPerTermInBothKernels() {
    Rng rng = Rng.of(8);
    for (RowKernel kernel : new RowKernel[] {new VectorRows(), new ScalarRows()}) {
      for (int d : new int[] {1, 7, 16, 33, 64, 100, 128, 200}) {
        for (int terms : new int[] {0, 1, 3, 12}) {
          float[] table = random(rng, 9 * d);
          float[] w = random(rng, terms + 2);
          int[] rows = new int[terms + 1];
          for (int m = 0; m < rows.length; m++) rows[m] = rng.nextInt(9);
          float[] viaAxpy = new float[d + 3];
          for (int m = 0; m < terms; m++) kernel.axpy(w[2 + m], table, rows[1 + m] * d, viaAxpy, 3, d);
          float[] out = random(rng, d + 3); // overwritten, not added to
          float[] before = out.clone();
          kernel.weightedSum(w, 2, rows, 1, terms, table, d, out, 3);
          for (int k = 0; k < 3; k++) assertThat(out[k]).isEqualTo(before[k]);
          for (int k = 0; k < d; k++) {
            assertThat(out[3 + k]).as("%s d=%d terms=%d column %d", kernel.getClass().getSimpleName(), d, terms, k)
                .isEqualTo(viaAxpy[3 + k]);
          }
        }
      }
    }
  }
}
