package org.toylens.tensor.kernels;

import static org.toylens.tensor.kernels.VectorShape.LANES;
import static org.toylens.tensor.kernels.VectorShape.SPECIES;
import static org.toylens.tensor.kernels.VectorShape.ZEROS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Products too small to repay packing, such as attention's per-head 3×32·32×3 and 3×3·3×32:
 * vector loops straight over the operands, with no copies and no set-up.
 *
 * <p>Two layouts vectorise directly. With B row-major (and n at least one vector), a row of C is
 * a sum of rows of B scaled by A(i, p): vectors along j, four rows of C at a time so that
 * independent FMA chains hide the FMA latency; columns past the last whole vector are done by the
 * vector ending at column n, which leaves the lanes already finished as they are. With B stored
 * transposed and A row-major, C(i, j) is a dot product of two contiguous runs: vectors along p
 * for four columns of C at a time, lanes summed at the end, steps past the last whole vector in
 * scalar {@link Math#fma}. Anything else takes {@link ScalarMatmul}'s loops.
 */
final class DirectGemm {

  /** Rows (or columns) of C handled together. */
  private static final int BLOCK = 4;

  private DirectGemm() {}

  /** Whether {@link #multiplyRows} runs vector loops for this layout and size. */
  static boolean vectorizes(boolean transA, boolean transB, int n, int k) {
    return transB ? !transA && k >= LANES : n >= LANES;
  }

  /** Rows [from, to) of C = (accumulate ? C : 0) + op(A) op(B). */
  static void multiplyRows(int from, int to, boolean transA, boolean transB, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (!vectorizes(transA, transB, n, k)) {
      ScalarMatmul.multiplyRows(from, to, transA, transB, n, k, a, aOff, lda, b, bOff, ldb,
          c, cOff, ldc, accumulate, Scratch.get(Scratch.ROW, n));
    } else if (transB) {
      dotProducts(from, to, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      rowsOfB(from, to, transA, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** C(i, j..j+LANES) = Σ_p A(i, p) · B(p, j..j+LANES) for B row-major, A either way. */
  private static void rowsOfB(int from, int to, boolean transA, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int aRowStep = transA ? 1 : lda;
    int aColStep = transA ? lda : 1;
    for (int i0 = from; i0 < to; i0 += BLOCK) {
      int rows = Math.min(BLOCK, to - i0);
      // A block of fewer than four rows repeats its last row: computed, never stored.
      int a0 = aOff + i0 * aRowStep;
      int a1 = aOff + (i0 + Math.min(1, rows - 1)) * aRowStep;
      int a2 = aOff + (i0 + Math.min(2, rows - 1)) * aRowStep;
      int a3 = aOff + (i0 + rows - 1) * aRowStep;
      int ci = cOff + i0 * ldc;
      int j = 0;
      for (; j + 2 * LANES <= n; j += 2 * LANES) { // two vectors: eight FMA chains
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector d0 = FloatVector.zero(SPECIES);
        FloatVector d1 = FloatVector.zero(SPECIES);
        FloatVector d2 = FloatVector.zero(SPECIES);
        FloatVector d3 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
          int bp = bOff + p * ldb + j;
          FloatVector lo = FloatVector.fromArray(SPECIES, b, bp);
          FloatVector hi = FloatVector.fromArray(SPECIES, b, bp + LANES);
          int ap = p * aColStep;
          FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + ap]);
          FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + ap]);
          FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + ap]);
          FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + ap]);
          c0 = x0.fma(lo, c0);
          d0 = x0.fma(hi, d0);
          c1 = x1.fma(lo, c1);
          d1 = x1.fma(hi, d1);
          c2 = x2.fma(lo, c2);
          d2 = x2.fma(hi, d2);
          c3 = x3.fma(lo, c3);
          d3 = x3.fma(hi, d3);
        }
        // C = (accumulate ? C : 0) + acc through a fresh load, never straight from the
        // accumulators: see MicroKernel.
        float[] old = accumulate ? c : ZEROS;
        int at = ci + j;
        FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at)).add(c0)
            .intoArray(c, at);
        FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at + LANES)).add(d0)
            .intoArray(c, at + LANES);
        if (rows > 1) {
          at += ldc;
          FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at)).add(c1)
              .intoArray(c, at);
          FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at + LANES)).add(d1)
              .intoArray(c, at + LANES);
        }
        if (rows > 2) {
          at += ldc;
          FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at)).add(c2)
              .intoArray(c, at);
          FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at + LANES)).add(d2)
              .intoArray(c, at + LANES);
        }
        if (rows > 3) {
          at += ldc;
          FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at)).add(c3)
              .intoArray(c, at);
          FloatVector.fromArray(SPECIES, old, MicroKernel.at(accumulate, at + LANES)).add(d3)
              .intoArray(c, at + LANES);
        }
      }
      for (; j + LANES <= n; j += LANES) {
        oneVector(rows, a, a0, a1, a2, a3, aColStep, k, b, bOff + j, ldb, c, ci + j, ldc,
            accumulate, 0);
      }
      if (j < n) {
        // The last n - j columns: the vector ending at column n, keeping the lanes before j,
        // which hold finished results, as they are.
        oneVector(rows, a, a0, a1, a2, a3, aColStep, k, b, bOff + n - LANES, ldb, c,
            ci + n - LANES, ldc, accumulate, LANES - (n - j));
      }
    }
  }

  /**
   * Up to four rows of C, one vector wide, at c[ci]: Σ_p A(row, p) · b[bj + p·ldb ..], the rows
   * of A at a0..a3 + p·aColStep. The first {@code keep} lanes of C are left untouched.
   */
  private static void oneVector(int rows, float[] a, int a0, int a1, int a2, int a3,
      int aColStep, int k, float[] b, int bj, int ldb, float[] c, int ci, int ldc,
      boolean accumulate, int keep) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = FloatVector.zero(SPECIES);
    FloatVector c2 = FloatVector.zero(SPECIES);
    FloatVector c3 = FloatVector.zero(SPECIES);
    for (int p = 0; p < k; p++) {
      FloatVector row = FloatVector.fromArray(SPECIES, b, bj + p * ldb);
      int ap = p * aColStep;
      c0 = FloatVector.broadcast(SPECIES, a[a0 + ap]).fma(row, c0);
      c1 = FloatVector.broadcast(SPECIES, a[a1 + ap]).fma(row, c1);
      c2 = FloatVector.broadcast(SPECIES, a[a2 + ap]).fma(row, c2);
      c3 = FloatVector.broadcast(SPECIES, a[a3 + ap]).fma(row, c3);
    }
    // Stores written out (a helper taking vectors would box them), through fresh vectors, never
    // straight from the accumulators: see MicroKernel.
    VectorMask<Float> kept = SPECIES.indexInRange(0, keep);
    float[] base = accumulate ? c : ZEROS;
    FloatVector old = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector.fromArray(SPECIES, base, MicroKernel.at(accumulate, ci)).add(c0).blend(old, kept)
        .intoArray(c, ci);
    if (rows > 1) {
      old = FloatVector.fromArray(SPECIES, c, ci + ldc);
      FloatVector.fromArray(SPECIES, base, MicroKernel.at(accumulate, ci + ldc)).add(c1)
          .blend(old, kept).intoArray(c, ci + ldc);
    }
    if (rows > 2) {
      old = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc);
      FloatVector.fromArray(SPECIES, base, MicroKernel.at(accumulate, ci + 2 * ldc)).add(c2)
          .blend(old, kept).intoArray(c, ci + 2 * ldc);
    }
    if (rows > 3) {
      old = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc);
      FloatVector.fromArray(SPECIES, base, MicroKernel.at(accumulate, ci + 3 * ldc)).add(c3)
          .blend(old, kept).intoArray(c, ci + 3 * ldc);
    }
  }

  /** C(i, j) = A(i, ·) · B(j, ·), both contiguous along p (A row-major, B stored [n×k]). */
  private static void dotProducts(int from, int to, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int vectorSteps = k - k % LANES;
    for (int i = from; i < to; i++) {
      int ai = aOff + i * lda;
      int ci = cOff + i * ldc;
      for (int j0 = 0; j0 < n; j0 += BLOCK) {
        int cols = Math.min(BLOCK, n - j0);
        // A block of fewer than four columns repeats its last column: computed, never stored.
        int b0 = bOff + j0 * ldb;
        int b1 = bOff + (j0 + Math.min(1, cols - 1)) * ldb;
        int b2 = bOff + (j0 + Math.min(2, cols - 1)) * ldb;
        int b3 = bOff + (j0 + cols - 1) * ldb;
        FloatVector d0 = FloatVector.zero(SPECIES);
        FloatVector d1 = FloatVector.zero(SPECIES);
        FloatVector d2 = FloatVector.zero(SPECIES);
        FloatVector d3 = FloatVector.zero(SPECIES);
        for (int p = 0; p < vectorSteps; p += LANES) {
          FloatVector x = FloatVector.fromArray(SPECIES, a, ai + p);
          d0 = x.fma(FloatVector.fromArray(SPECIES, b, b0 + p), d0);
          d1 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + p), d1);
          d2 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + p), d2);
          d3 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + p), d3);
        }
        // Lanes summed through a fresh vector, never straight from an accumulator: see
        // MicroKernel.
        FloatVector zero = FloatVector.fromArray(SPECIES, ZEROS, 0);
        store(c, ci + j0, tail(zero.add(d0).reduceLanes(VectorOperators.ADD), a, ai, b, b0,
            vectorSteps, k), accumulate);
        if (cols > 1) {
          store(c, ci + j0 + 1, tail(zero.add(d1).reduceLanes(VectorOperators.ADD), a, ai, b,
              b1, vectorSteps, k), accumulate);
        }
        if (cols > 2) {
          store(c, ci + j0 + 2, tail(zero.add(d2).reduceLanes(VectorOperators.ADD), a, ai, b,
              b2, vectorSteps, k), accumulate);
        }
        if (cols > 3) {
          store(c, ci + j0 + 3, tail(zero.add(d3).reduceLanes(VectorOperators.ADD), a, ai, b,
              b3, vectorSteps, k), accumulate);
        }
      }
    }
  }

  /** Adds the products of the steps past the last whole vector to {@code sum}. */
  private static float tail(float sum, float[] a, int ai, float[] b, int bj, int from, int k) {
    for (int p = from; p < k; p++) sum = Math.fma(a[ai + p], b[bj + p], sum);
    return sum;
  }

  private static void store(float[] c, int at, float sum, boolean accumulate) {
    c[at] = accumulate ? c[at] + sum : sum;
  }
}
