package org.toylens.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.toylens.tensor.GradCheck.check;
import static org.toylens.tensor.GradCheck.randn;

import org.junit.jupiter.api.Test;

/** Row-indexed operations against plain loops in float64, finite differences and thread counts. */
class RowTablesTest {

  private static IntTensor randomRows(long seed, int rows, int... dims) {
    Rng rng = Rng.of(seed);
    int n = 1;
    for (int d : dims) n *= d;
    int[] index = new int[n];
    for (int i = 0; i < n; i++) index[i] = rng.nextInt(rows);
    return IntTensor.of(index, dims);
  }

  @Test
  void rowMixtureIsTheWeightedSumOfTheIndexedRows() {
    // d = 37 and 3 exercise vector bodies with scalar tails and tails alone.
    for (int d : new int[] {37, 3, 64}) {
      Tensor table = randn(11, 9, d);
      IntTensor rows = randomRows(12, 9, 23, 5);
      Tensor weights = randn(13, 23, 5);
      Tensor out = Tensor.rowMixture(table, rows, weights);
      assertThat(out.dims()).containsExactly(23, d);
      for (int e = 0; e < 23; e++) {
        for (int k = 0; k < d; k++) {
          double expected = 0;
          for (int m = 0; m < 5; m++) {
            expected += (double) weights.get(e, m) * table.get(rows.data()[e * 5 + m], k);
          }
          assertThat((double) out.get(e, k)).as("out[%d, %d], d=%d", e, k, d).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
  }

  @Test
  void rowPairDotsAreDotProductsOfTheIndexedRows() {
    Tensor left = randn(21, 6, 19);
    Tensor right = randn(22, 8, 19);
    IntTensor leftRows = randomRows(23, 6, 10, 2);
    IntTensor rightRows = randomRows(24, 8, 10, 3);
    Tensor out = Tensor.rowPairDots(left, leftRows, right, rightRows);
    assertThat(out.dims()).containsExactly(10, 2, 3);
    for (int e = 0; e < 10; e++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          double expected = 0;
          for (int k = 0; k < 19; k++) {
            expected += (double) left.get(leftRows.data()[e * 2 + i], k) * right.get(rightRows.data()[e * 3 + j], k);
          }
          assertThat((double) out.get(e, i, j)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
  }

  @Test
  void gradientsOfBothOperationsMatchFiniteDifferences() {
    IntTensor rows = randomRows(31, 7, 12, 4); // rows repeat: gradients of a row add up
    check(t -> Tensor.rowMixture(t[0], rows, t[1]), randn(32, 7, 20), randn(33, 12, 4));
    IntTensor leftRows = randomRows(34, 5, 9, 2);
    IntTensor rightRows = randomRows(35, 6, 9, 3);
    check(t -> Tensor.rowPairDots(t[0], leftRows, t[1], rightRows), randn(36, 5, 18), randn(37, 6, 18));
  }

  @Test
  void resultsAndGradientsAreBitwiseIdenticalForOneAndTwoThreads() {
    float[][] one = run(1);
    float[][] two = run(2);
    for (int i = 0; i < one.length; i++) {
      assertThat(two[i]).as("array %d", i).containsExactly(one[i]);
    }
  }

  /** A forward and backward big enough to be split over threads; outputs and every gradient. */
  private static float[][] run(int threads) {
    float[][][] result = new float[1][][];
    Parallel.withThreads(threads, () -> {
      Tensor table = randn(41, 50, 96).requiresGrad(true);
      Tensor weights = randn(42, 3000, 6).requiresGrad(true);
      Tensor left = randn(43, 40, 32).requiresGrad(true);
      Tensor right = randn(44, 50, 32).requiresGrad(true);
      Tensor mixed = Tensor.rowMixture(table, randomRows(45, 50, 3000, 6), weights);
      Tensor dots = Tensor.rowPairDots(left, randomRows(46, 40, 3000, 2), right, randomRows(47, 50, 3000, 3));
      Tensor loss = mixed.square().sum().add(dots.square().sum());
      loss.backward();
      result[0] = new float[][] {mixed.data(), dots.data(), table.grad().data(), weights.grad().data(),
          left.grad().data(), right.grad().data()};
    });
    return result[0];
  }

  @Test
  void rowIndicesOutsideTheTableAreRejectedWithTheirPlace() {
    Tensor table = randn(51, 4, 3);
    IntTensor rows = IntTensor.of(new int[] {0, 1, 4, 2}, 2, 2);
    assertThatThrownBy(() -> Tensor.rowMixture(table, rows, randn(52, 2, 2)))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("row index 4 at entry 2")
        .hasMessageContaining("4 rows");
    assertThatThrownBy(() -> Tensor.rowMixture(table, rows, randn(53, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rows [2, 2] and weights [2, 3]");
  }
}
