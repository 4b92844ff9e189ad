package org.toylens.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;

/** The public entry points: size edge cases, batching, thread-count independence, bad input. */
class GemmTest {

  private static final Operands.Product GEMM = (x, out, acc) -> Gemm.gemm(x.transA, x.transB,
      x.m, x.n, x.k, x.a, x.aOff, x.lda, x.b, x.bOff, x.ldb, out, x.cOff, x.ldc, acc);
  private static final Operands.Product BATCHED = (x, out, acc) -> Gemm.batchedGemm(x.batch,
      x.transA, x.transB, x.m, x.n, x.k, x.a, x.aOff, x.aStride, x.lda, x.b, x.bOff, x.bStride,
      x.ldb, out, x.cOff, x.cStride, x.ldc, acc);

  @Test
  void usesTheVectorKernelWhenTheModuleIsPresentAndNothingElseIsAsked() {
    assertThat(KernelChoice.vectorModulePresent()).isTrue(); // the build adds the module
    assertThat(System.getProperty(KernelChoice.PROPERTY)).isNull();
    assertThat(Gemm.implementation()).isEqualTo("vector");
  }

  @Test
  void emptyReductionClearsOrKeepsCAndTouchesNothingElse() {
    Operands x = Operands.single(Rng.of(1), false, true, 4, 5, 0, true);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] out = x.run(GEMM, accumulate);
      x.assertProduct(out, accumulate, "k = 0");
    }
    Operands batch = new Operands(Rng.of(2), 3, true, false, 2, 3, 0, true, false, false);
    batch.assertProduct(batch.run(BATCHED, false), false, "batched k = 0");
  }

  @Test
  void emptyOutputTouchesNothing() {
    for (int[] shape : new int[][] {{0, 5, 3}, {4, 0, 3}, {0, 0, 0}}) {
      Operands x = Operands.single(Rng.of(3), false, false, shape[0], shape[1], shape[2], true);
      assertThat(x.run(GEMM, false)).isEqualTo(x.c);
    }
  }

  @Test
  void batchedProductsMatchTheReferenceForTinyMediumAndLargeItemsWithBroadcasting() {
    Rng rng = Rng.of(4);
    int[][] shapes = {
        {200, 3, 3, 32}, {200, 3, 32, 3}, {150, 1, 3, 32}, {150, 1, 32, 3}, // attention heads
        {7, 13, 40, 21}, // worth packing, run side by side
        {2, 130, 128, 256}, // big items, one after the other
    };
    for (int[] s : shapes) {
      for (int trans = 0; trans < 4; trans++) {
        for (int broadcast = 0; broadcast < 3; broadcast++) {
          Operands x = new Operands(rng, s[0], (trans & 1) != 0, (trans & 2) != 0, s[1], s[2],
              s[3], true, broadcast == 1, broadcast == 2);
          for (boolean accumulate : new boolean[] {false, true}) {
            x.assertProduct(x.run(BATCHED, accumulate), accumulate, "batched " + x);
          }
        }
      }
    }
  }

  @Test
  void zeroOutputStrideSumsTheItemsInOrder() {
    int batch = 5;
    Operands x = new Operands(Rng.of(5), batch, true, false, 6, 7, 8, false, false, false);
    float[] c0 = x.c.clone();
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] summed = c0.clone();
      Gemm.batchedGemm(batch, x.transA, x.transB, x.m, x.n, x.k, x.a, x.aOff, x.aStride, x.lda,
          x.b, x.bOff, x.bStride, x.ldb, summed, 0, 0, x.ldc, accumulate);
      float[] expected = c0.clone();
      for (int item = 0; item < batch; item++) {
        Gemm.gemm(x.transA, x.transB, x.m, x.n, x.k, x.a, item * x.aStride, x.lda,
            x.b, item * x.bStride, x.ldb, expected, 0, x.ldc, accumulate || item > 0);
      }
      assertThat(summed).isEqualTo(expected);
      if (!accumulate) assertThat(summed).isNotEqualTo(c0);
    }
  }

  @Test
  void resultsAreBitwiseIdenticalWithOneAndTwoThreads() {
    Rng rng = Rng.of(6);
    int before = Parallel.threads();
    try {
      // The packed ones split into several tasks, the first two also into several k-blocks; the
      // last, too flat to pack, into column chunks.
      // {1100, 40, 50} is tall enough for every thread to pack its own copy of B; with A
      // transposed, {60, 50, 1500} has all of A packed up front by threads taking several
      // ranges of its k-axis at once.
      int[][] packed = {{100, 70, 600}, {150, 100, 300}, {700, 60, 100}, {1100, 40, 50},
          {60, 50, 1500}};
      for (int[] s : packed) {
        assertThat(PackedPlan.of(s[0], s[1], s[2], VectorShape.MR, VectorShape.NR).tasks())
            .isGreaterThan(1);
      }
      assertThat(PackedGemm.packsBPerThread(1100, 50 * VectorShape.NR * 2)).isTrue();
      int[][] shapes = {packed[0], packed[1], packed[2], packed[3], packed[4], {3, 700, 300}};
      for (int[] s : shapes) {
        for (int trans = 0; trans < 4; trans++) {
          Operands x = Operands.single(rng, (trans & 1) != 0, (trans & 2) != 0, s[0], s[1], s[2],
              true);
          assertSameWithOneAndTwoThreads(x, GEMM);
        }
      }
      assertSameWithOneAndTwoThreads(
          new Operands(rng, 3000, false, true, 3, 3, 32, true, false, false), BATCHED);
      assertSameWithOneAndTwoThreads(
          new Operands(rng, 40, true, false, 30, 20, 50, true, false, true), BATCHED);
    } finally {
      Parallel.setThreads(before);
    }
    assertThat(Parallel.threads()).isEqualTo(before);
  }

  @Test
  void productsRunningAtOnceFromSeveralThreadsDoNotMixTheirPackedOperands() throws Exception {
    // Tall products whose threads each pack their own B: pool workers alternate between the
    // tasks of different calls and must repack their copy of B for each.
    int before = Parallel.threads();
    try {
      Parallel.setThreads(2);
      Rng rng = Rng.of(8);
      Operands[] products = new Operands[4];
      float[][] expected = new float[products.length][];
      for (int i = 0; i < products.length; i++) {
        products[i] = Operands.single(rng, i % 2 == 1, i >= 2, 1030 + 7 * i, 70 - 9 * i, 40 + i,
            false);
        expected[i] = products[i].run(GEMM, false); // one at a time
      }
      float[][] got = new float[products.length][];
      Thread[] callers = new Thread[products.length];
      for (int i = 0; i < products.length; i++) {
        int item = i;
        callers[i] = new Thread(() -> {
          for (int repeat = 0; repeat < 10; repeat++) got[item] = products[item].run(GEMM, false);
        });
        callers[i].start();
      }
      for (Thread caller : callers) caller.join();
      for (int i = 0; i < products.length; i++) {
        assertThat(got[i]).as("product " + products[i]).isEqualTo(expected[i]);
        products[i].assertProduct(got[i], false, "at once " + products[i]);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  private static void assertSameWithOneAndTwoThreads(Operands x, Operands.Product product) {
    float[][] results = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      Parallel.setThreads(threads);
      results[threads - 1] = x.run(product, true);
    }
    assertThat(Arrays.equals(results[0], results[1])).as("1 vs 2 threads: " + x).isTrue();
    x.assertProduct(results[1], true, "2 threads " + x); // and both are right
  }

  @Test
  void rejectsALeadingDimensionShorterThanTheStoredRow() {
    float[] a = new float[100];
    assertThatThrownBy(() -> Gemm.gemm(true, false, 4, 3, 5, a, 0, 3, a, 0, 3, a, 0, 3, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gemm: lda 3 is shorter than a stored row of A (4 floats); expected lda >= 4");
  }

  @Test
  void rejectsAnArrayTooShortForTheOperand() {
    float[] a = new float[20];
    float[] big = new float[100];
    assertThatThrownBy(() -> Gemm.gemm(false, false, 4, 3, 5, a, 1, 5, big, 0, 3, big, 0, 3,
        false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gemm: A (4 stored rows of 5, ld 5, offset 1, batch 1, stride 0) reaches "
            + "index 20 but the array holds 20 floats");
    assertThatThrownBy(() -> Gemm.batchedGemm(3, false, false, 2, 2, 2, big, 0, 60, 2, big, 0, 0,
        2, big, 0, 4, 2, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gemm: A (2 stored rows of 2, ld 2, offset 0, batch 3, stride 60)");
  }

  @Test
  void rejectsNegativeSizesAndMissingArrays() {
    float[] x = new float[10];
    assertThatThrownBy(() -> Gemm.gemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gemm: sizes must be non-negative, got batch 1, m -1, n 2, k 2");
    assertThatThrownBy(() -> Gemm.gemm(false, false, 2, 2, 2, x, 0, 2, null, 0, 2, x, 0, 2,
        false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gemm: array b is null");
  }
}
