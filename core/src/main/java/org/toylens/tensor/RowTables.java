package org.toylens.tensor;

import org.toylens.autograd.GradSink;
import org.toylens.tensor.kernels.Rows;

/**
 * Operations that read rows of small tables by index, for models whose activations are
 * combinations of a few distinct rows (a first transformer layer sees one embedding row per
 * (token, position) pair, so its keys, values and their output images form tables with as many
 * rows as there are distinct pairs, far fewer than batch × positions).
 *
 * <p>Backward passes gather into the tables: each table row's gradient is summed over the entries
 * that read it, in entry order, by one thread (a row read by many entries in fixed spans, whose
 * sums are then added in order), so sums are bitwise identical whatever the thread count.
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
        Rows.weightedSum(w, e * terms, index, e * terms, terms, t, d, out, e * d);
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
        float[] gt = Readers.of(index, table.dim(0)).sum(d, d, gd, 1, (entry, tw, tr, at) -> {
          tw[at] = w[entry];
          tr[at] = entry / terms; // the row of gd this entry's output is
          return 1;
        }); // [R, d]
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
        float[] ga = Readers.of(li, left.dim(0)).sum(d, (long) nj * d, b, nj, (entry, tw, tr, at) -> {
          int e = entry / ni; // entry = e · ni + i
          for (int j = 0; j < nj; j++) {
            tw[at + j] = gd[entry * nj + j];
            tr[at + j] = ri[e * nj + j];
          }
          return nj;
        }); // [Ra, d]
        GradSink.give(left, ga);
      }
      if (right.requiresGrad()) {
        float[] gb = Readers.of(ri, right.dim(0)).sum(d, (long) ni * d, a, ni, (entry, tw, tr, at) -> {
          int e = entry / nj; // entry = e · nj + j
          int j = entry % nj;
          for (int i = 0; i < ni; i++) {
            tw[at + i] = gd[(e * ni + i) * nj + j];
            tr[at + i] = li[e * ni + i];
          }
          return ni;
        }); // [Rb, d]
        GradSink.give(right, gb);
      }
    }, left, right);
  }

  private static float dot(float[] x, int xo, float[] y, int yo, int n) {
    return Rows.dot(x, xo, y, yo, n);
  }

  /**
   * One entry's contribution to a table row's gradient, as terms weight · row of a source array
   * [rows, d]: writes the weights to {@code w[at ..]} and the source rows to {@code rows[at ..]},
   * and returns how many.
   */
  @FunctionalInterface
  private interface EntryTerms {
    int list(int entry, float[] w, int[] rows, int at);
  }

  /**
   * Which entries of an index array read each table row, in entry order (a transposed index):
   * row r's entries are entries[start[r] .. start[r+1]). Lets a backward pass sum each table
   * row's gradient over its readers in an order fixed by the index alone, whatever the thread
   * count.
   */
  private record Readers(int[] start, int[] entries) {

    /**
     * Readers per unit of work. A row read by more entries is summed in spans of this many, in
     * parallel, and the spans' sums are then added in span order: one row is often read by
     * every example (the {@code =} token of a first layer), and summed whole it would keep one
     * thread busy while the other waits.
     */
    static final int SPAN = 128;

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

    int rows() {
      return start.length - 1;
    }

    /**
     * The table gradient [rows, d]: row r = Σ over its readers, in entry order, of their terms
     * (in the order listed); a row with more than {@link #SPAN} readers as the sum, in order, of
     * the sums of its consecutive spans of SPAN readers. Each span is summed by one thread from
     * zero, with {@link Rows#weightedSum} (the output row held in registers, the same bits as
     * one axpy per term), so every bit depends on the index alone.
     *
     * @param workPerEntry about how many multiply-adds one entry costs
     * @param source       the array [_, d] the terms' rows are read from
     * @param maxTerms     the most terms one entry lists
     */
    float[] sum(int d, long workPerEntry, float[] source, int maxTerms, EntryTerms terms) {
      int rows = rows();
      // Units of work: a whole row (spans 1) or one span of a long row (its partial sum goes to
      // scratch slot partialOf[row] + s).
      int[] firstUnit = new int[rows + 1]; // [rows + 1] units of row r: firstUnit[r] ..
      int[] partialOf = new int[rows]; // [rows] first scratch slot of a long row, else -1
      int partials = 0;
      for (int r = 0; r < rows; r++) {
        int spans = Math.max(1, ceilDiv(start[r + 1] - start[r], SPAN));
        firstUnit[r + 1] = firstUnit[r] + spans;
        partialOf[r] = spans > 1 ? partials : -1;
        if (spans > 1) partials += spans;
      }
      int units = firstUnit[rows];
      int[] unitRow = new int[units]; // [units]
      for (int r = 0; r < rows; r++) {
        for (int u = firstUnit[r]; u < firstUnit[r + 1]; u++) unitRow[u] = r;
      }
      float[] out = new float[rows * d]; // [rows, d]
      float[] scratch = new float[partials * d]; // [partials, d]
      Parallel.forItems(units, SPAN * workPerEntry, (lo, hi) -> {
        float[] w = new float[SPAN * maxTerms];
        int[] from = new int[SPAN * maxTerms];
        for (int u = lo; u < hi; u++) {
          int r = unitRow[u];
          int span = u - firstUnit[r];
          float[] into = partialOf[r] < 0 ? out : scratch;
          int at = (partialOf[r] < 0 ? r : partialOf[r] + span) * d;
          int end = partialOf[r] < 0 ? start[r + 1] : Math.min(start[r + 1], start[r] + (span + 1) * SPAN);
          int n = 0;
          for (int k = start[r] + span * SPAN; k < end; k++) {
            n += terms.list(entries[k], w, from, n);
          }
          Rows.weightedSum(w, 0, from, 0, n, source, d, into, at);
        }
      });
      for (int r = 0; r < rows; r++) {
        if (partialOf[r] < 0) continue;
        for (int s = 0; s < firstUnit[r + 1] - firstUnit[r]; s++) {
          Rows.axpy(1f, scratch, (partialOf[r] + s) * d, out, r * d, d);
        }
      }
      return out;
    }

    private static int ceilDiv(int x, int y) {
      return (x + y - 1) / y;
    }
  }

  /**
   * The gradient of a table [rows, d] whose rows were gathered by {@code index}, given the
   * gradient {@code g} [index.length, d] of the gathered rows: row r = Σ of g's rows i with
   * index[i] = r, in the order of {@link Readers#sum} (fixed by the index alone). Each addition
   * is a whole row, where splitting the table by columns gave every thread every index.
   */
  static float[] gatherGradient(int[] index, int rows, float[] g, int d) {
    return Readers.of(index, rows).sum(d, d, g, 1, (entry, tw, tr, at) -> {
      tw[at] = 1f; // 1·x + y rounds as x + y
      tr[at] = entry;
      return 1;
    });
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
