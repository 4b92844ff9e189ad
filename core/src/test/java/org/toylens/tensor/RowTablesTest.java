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

  /**
   * A row read by every example (as the {@code =} token's row of a first layer is) has its
   * gradient summed in spans; the sum must still be the sum over all its readers.
   */
  @Test
  void tableGradientsOfRowsReadByEveryExampleAreTheSumsOverTheirReaders() {
    int examples = 1000;
    int d = 24;
    int[] mixRows = new int[examples * 2]; // term 0 reads row 0 always, term 1 row 1 or 2
    int[] keyRows = new int[examples * 3]; // key 2 reads row 0 always
    Rng rng = Rng.of(61);
    for (int e = 0; e < examples; e++) {
      mixRows[2 * e + 1] = 1 + rng.nextInt(2);
      keyRows[3 * e] = 1 + rng.nextInt(3);
      keyRows[3 * e + 1] = 1 + rng.nextInt(3);
    }
    Tensor table = randn(62, 3, d).requiresGrad(true);
    Tensor weights = randn(63, examples, 2);
    Tensor mixed = Tensor.rowMixture(table, IntTensor.of(mixRows, examples, 2), weights);
    Tensor upstream = randn(64, examples, d);
    mixed.mul(upstream).sum().backward();
    Tensor queries = randn(65, 2, d);
    Tensor keys = randn(66, 4, d).requiresGrad(true);
    int[] queryRows = new int[examples];
    for (int e = 0; e < examples; e++) queryRows[e] = rng.nextInt(2);
    Tensor dots = Tensor.rowPairDots(queries, IntTensor.of(queryRows, examples, 1), keys, IntTensor.of(keyRows, examples, 3));
    Tensor dotsUpstream = randn(67, examples, 1, 3);
    dots.mul(dotsUpstream).sum().backward();
    for (int k = 0; k < d; k++) {
      double[] expectedTable = new double[3];
      double[] expectedKeys = new double[4];
      for (int e = 0; e < examples; e++) {
        for (int m = 0; m < 2; m++) {
          expectedTable[mixRows[2 * e + m]] += (double) weights.get(e, m) * upstream.get(e, k);
        }
        for (int j = 0; j < 3; j++) {
          expectedKeys[keyRows[3 * e + j]] += (double) dotsUpstream.get(e, 0, j) * queries.get(queryRows[e], k);
        }
      }
      for (int r = 0; r < 3; r++) {
        assertThat((double) table.grad().get(r, k)).as("table row %d, column %d", r, k)
            .isCloseTo(expectedTable[r], org.assertj.core.api.Assertions.within(1e-3));
      }
      for (int r = 0; r < 4; r++) {
        assertThat((double) keys.grad().get(r, k)).as("key row %d, column %d", r, k)
            .isCloseTo(expectedKeys[r], org.assertj.core.api.Assertions.within(1e-3));
      }
    }
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
