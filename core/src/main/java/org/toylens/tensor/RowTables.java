package org.toylens.tensor;

import org.toylens.autograd.GradSink;
import org.toylens.tensor.kernels.Rows;

/**
 * Operations that read rows of small tables by index, for models whose activations are
 * combinations of a few distinct rows (a first transformer layer sees one embedding row per
 * (token, position) pair, so its keys, values and their output images form tables with as many
 * rows as there are distinct pairs, far fewer than batch × positions).
 *
 * <p>Backward passes gather into the tables: each table row's gradient is summed by one thread
 * over the entries that read it, in entry order, so sums are bitwise identical whatever the
 * thread count.
 */
final class RowTables {

  private RowTables() {}

  /**
   * out[e] = Σ_m weights[e, m] · table[rows[e, m]]: table [R, D], rows and weights [E, M] →
   * [E, D]. The embedding bag with per-sample weights.
   */
  static Tensor mixture(Tensor table, IntTensor rows, Tensor weights) {
    if (table.rank() != 2) {
      throw new IllegalArgumentException("rowMixture: table must be [rows, d], got " + table.shape());
    }
    if (rows.shape().rank() != 2 || !weights.shape().equals(rows.shape())) {
      throw new IllegalArgumentException("rowMixture: rows " + rows.shape() + " and weights " + weights.shape()
          + " must both be [batch, terms]");
    }
    int d = table.dim(1);
    int batch = rows.shape().dim(0);
    int terms = rows.shape().dim(1);
    int[] index = rows.data();
    checkRows("rowMixture", index, table.dim(0));
    float[] t = table.data();
    float[] w = weights.data();
    float[] out = new float[batch * d]; // [batch, d]
    Parallel.forItems(batch, (long) terms * d, (lo, hi) -> {
      for (int e = lo; e < hi; e++) {
        int o = e * d;
        for (int m = 0; m < terms; m++) {
          float c = w[e * terms + m];
          int r = index[e * terms + m] * d;
          Rows.axpy(c, t, r, out, o, d);
        }
      }
    });
    return Tensor.result(out, Shape.of(batch, d), g -> {
      float[] gd = g.data(); // [batch, d]
      if (weights.requiresGrad()) {
        float[] gw = new float[batch * terms]; // [batch, terms]
        Parallel.forItems(batch, (long) terms * d, (lo, hi) -> {
          for (int e = lo; e < hi; e++) {
            for (int m = 0; m < terms; m++) {
              gw[e * terms + m] = dot(gd, e * d, t, index[e * terms + m] * d, d);
            }
          }
        });
        GradSink.give(weights, gw);
      }
      if (table.requiresGrad()) {
        float[] gt = new float[t.length]; // [R, d]
        Readers readers = Readers.of(index, table.dim(0));
        // Each table row sums the terms that read it, in term order, within one chunk.
        Parallel.forItems(table.dim(0), (long) terms * d, (lo, hi) -> {
          for (int r = lo; r < hi; r++) {
            for (int at = readers.start[r]; at < readers.start[r + 1]; at++) {
              int entry = readers.entries[at];
              Rows.axpy(w[entry], gd, (entry / terms) * d, gt, r * d, d);
            }
          }
        });
        GradSink.give(table, gt);
      }
    }, table, weights);
  }

  /**
   * out[e, i, j] = left[leftRows[e, i]] · right[rightRows[e, j]]: left [Ra, D], right [Rb, D],
   * leftRows [E, I], rightRows [E, J] → [E, I, J]. Attention scores of queries and keys held as
   * tables.
   */
  static Tensor pairDots(Tensor left, IntTensor leftRows, Tensor right, IntTensor rightRows) {
    if (left.rank() != 2 || right.rank() != 2 || left.dim(1) != right.dim(1)) {
      throw new IllegalArgumentException("rowPairDots: tables must be [rows, d] with the same d, got "
          + left.shape() + " and " + right.shape());
    }
    if (leftRows.shape().rank() != 2 || rightRows.shape().rank() != 2
        || leftRows.shape().dim(0) != rightRows.shape().dim(0)) {
      throw new IllegalArgumentException("rowPairDots: row indices must be [batch, i] and [batch, j] with the same batch, got "
          + leftRows.shape() + " and " + rightRows.shape());
    }
    int d = left.dim(1);
    int batch = leftRows.shape().dim(0);
    int ni = leftRows.shape().dim(1);
    int nj = rightRows.shape().dim(1);
    int[] li = leftRows.data();
    int[] ri = rightRows.data();
    checkRows("rowPairDots (left)", li, left.dim(0));
    checkRows("rowPairDots (right)", ri, right.dim(0));
    float[] a = left.data();
    float[] b = right.data();
    float[] out = new float[batch * ni * nj]; // [batch, i, j]
    Parallel.forItems(batch, (long) ni * nj * d, (lo, hi) -> {
      for (int e = lo; e < hi; e++) {
        for (int i = 0; i < ni; i++) {
          int ar = li[e * ni + i] * d;
          for (int j = 0; j < nj; j++) {
            out[(e * ni + i) * nj + j] = dot(a, ar, b, ri[e * nj + j] * d, d);
          }
        }
      }
    });
    return Tensor.result(out, Shape.of(batch, ni, nj), g -> {
      float[] gd = g.data(); // [batch, i, j]
      if (left.requiresGrad()) {
        float[] ga = new float[a.length];
        Readers readers = Readers.of(li, left.dim(0));
        Parallel.forItems(left.dim(0), (long) nj * d, (lo, hi) -> {
          for (int row = lo; row < hi; row++) {
            for (int at = readers.start[row]; at < readers.start[row + 1]; at++) {
              int entry = readers.entries[at]; // e · ni + i
              int e = entry / ni;
              for (int j = 0; j < nj; j++) {
                Rows.axpy(gd[entry * nj + j], b, ri[e * nj + j] * d, ga, row * d, d);
              }
            }
          }
        });
        GradSink.give(left, ga);
      }
      if (right.requiresGrad()) {
        float[] gb = new float[b.length];
        Readers readers = Readers.of(ri, right.dim(0));
        Parallel.forItems(right.dim(0), (long) ni * d, (lo, hi) -> {
          for (int row = lo; row < hi; row++) {
            for (int at = readers.start[row]; at < readers.start[row + 1]; at++) {
              int entry = readers.entries[at]; // e · nj + j
              int e = entry / nj;
              int j = entry % nj;
              for (int i = 0; i < ni; i++) {
                Rows.axpy(gd[(e * ni + i) * nj + j], a, li[e * ni + i] * d, gb, row * d, d);
              }
            }
          }
        });
        GradSink.give(right, gb);
      }
    }, left, right);
  }

  private static float dot(float[] x, int xo, float[] y, int yo, int n) {
    return Rows.dot(x, xo, y, yo, n);
  }

  /**
   * Which entries of an index array read each table row, in entry order (a transposed index):
   * row r's entries are entries[start[r] .. start[r+1]). Lets a backward pass give each table
   * row's gradient to one thread, summed in entry order whatever the thread count.
   */
  private record Readers(int[] start, int[] entries) {

    static Readers of(int[] index, int rows) {
      int[] start = new int[rows + 1];
      for (int row : index) {
        start[row + 1]++;
      }
      for (int r = 0; r < rows; r++) {
        start[r + 1] += start[r];
      }
      int[] next = java.util.Arrays.copyOf(start, rows);
      int[] entries = new int[index.length];
      for (int i = 0; i < index.length; i++) {
        entries[next[index[i]]++] = i;
      }
      return new Readers(start, entries);
    }
  }

  private static void checkRows(String op, int[] index, int rows) {
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= rows) {
        throw new IndexOutOfBoundsException(op + ": row index " + index[i] + " at entry " + i
            + " is outside the table's " + rows + " rows");
      }
    }
  }
}
