package org.toylens.models;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.toylens.tensor.IntTensor;

/**
 * The distinct (token, position) pairs of a batch of token sequences. Before the first
 * attention layer mixes positions, the residual stream at (example e, position p) is a function
 * of the pair (tokens[e, p], p) alone, so everything computed from it per row (layer norm,
 * queries, keys, values and their images under W_O) needs computing once per distinct pair
 * rather than once per example. On algorithmic tasks the pairs are few: 227 for the 11,490
 * positions of the grokking training set (p = 113).
 *
 * <p>Rows are numbered in (position, token) order. The index tensors derived from the rows are
 * built once per instance and shared (they are read only), so a model handed the same batch
 * again can reuse the whole object ({@link #describes}).
 */
final class TokenRows {

  /** Dense lookup tables up to this many (position, token) slots; sorting beyond. */
  private static final int DENSE_LIMIT = 1 << 20;

  private final int batch;
  private final int positions;
  private final int[] rowOf; // [batch, pos]: the row of each (example, position)
  private final int[] tokenOfRow; // [rows]
  private final int[] positionOfRow; // [rows]
  private final int[] tokens; // [batch, pos]: a copy of the tokens these rows were built from
  private final Map<String, IntTensor> derived = new ConcurrentHashMap<>();

  private TokenRows(int[] tokens, int batch, int positions, int[] rowOf, int[] tokenOfRow,
      int[] positionOfRow) {
    this.tokens = tokens;
    this.batch = batch;
    this.positions = positions;
    this.rowOf = rowOf;
    this.tokenOfRow = tokenOfRow;
    this.positionOfRow = positionOfRow;
  }

  /** The distinct pairs of tokens [batch, pos] with token ids in [0, vocab). */
  static TokenRows of(IntTensor tokens, int vocab) {
    int batch = tokens.shape().dim(0);
    int positions = tokens.shape().dim(1);
    int[] tok = tokens.data();
    for (int i = 0; i < tok.length; i++) {
      if (tok[i] < 0 || tok[i] >= vocab) {
        throw new IndexOutOfBoundsException("tokens: token " + tok[i] + " at example " + i / positions
            + ", position " + i % positions + " is outside the vocabulary [0, " + vocab + ")");
      }
    }
    int[] rowOf = new int[tok.length];
    long slots = (long) positions * vocab;
    if (slots <= DENSE_LIMIT) {
      int[] rowOfSlot = new int[(int) slots]; // [pos, vocab], 1 + row where present
      for (int i = 0; i < tok.length; i++) {
        rowOfSlot[(i % positions) * vocab + tok[i]] = 1;
      }
      int rows = 0;
      for (int s = 0; s < rowOfSlot.length; s++) {
        if (rowOfSlot[s] != 0) rowOfSlot[s] = ++rows;
      }
      int[] tokenOfRow = new int[rows];
      int[] positionOfRow = new int[rows];
      for (int s = 0; s < rowOfSlot.length; s++) {
        if (rowOfSlot[s] != 0) {
          tokenOfRow[rowOfSlot[s] - 1] = s % vocab;
          positionOfRow[rowOfSlot[s] - 1] = s / vocab;
        }
      }
      for (int i = 0; i < tok.length; i++) {
        rowOf[i] = rowOfSlot[(i % positions) * vocab + tok[i]] - 1;
      }
      return new TokenRows(tok.clone(), batch, positions, rowOf, tokenOfRow, positionOfRow);
    }
    long[] keys = new long[tok.length];
    for (int i = 0; i < tok.length; i++) {
      keys[i] = (long) (i % positions) * vocab + tok[i];
    }
    long[] distinct = Arrays.stream(keys).sorted().distinct().toArray();
    int[] tokenOfRow = new int[distinct.length];
    int[] positionOfRow = new int[distinct.length];
    for (int r = 0; r < distinct.length; r++) {
      tokenOfRow[r] = (int) (distinct[r] % vocab);
      positionOfRow[r] = (int) (distinct[r] / vocab);
    }
    for (int i = 0; i < tok.length; i++) {
      rowOf[i] = Arrays.binarySearch(distinct, keys[i]);
    }
    return new TokenRows(tok.clone(), batch, positions, rowOf, tokenOfRow, positionOfRow);
  }

  /** Whether these are the rows of {@code tokens} (same shape, same values). */
  boolean describes(IntTensor tokens) {
    return tokens.shape().rank() == 2 && tokens.shape().dim(0) == batch
        && tokens.shape().dim(1) == positions && Arrays.equals(this.tokens, tokens.data());
  }

  int rows() {
    return tokenOfRow.length;
  }

  /** The index tensor {@code key} names, built by {@code build} the first time it is asked for. */
  private IntTensor derived(String key, Supplier<IntTensor> build) {
    return derived.computeIfAbsent(key, k -> build.get());
  }

  int batch() {
    return batch;
  }

  int positions() {
    return positions;
  }

  /** The token of each row: [rows]. */
  IntTensor tokens() {
    return derived("tokens", () -> IntTensor.of(tokenOfRow.clone(), tokenOfRow.length));
  }

  /** The position of each row: [rows]. */
  IntTensor positionsOfRows() {
    return derived("positions", () -> IntTensor.of(positionOfRow.clone(), positionOfRow.length));
  }

  /** The row of each example at the given positions: [batch, positions.length]. */
  IntTensor at(int[] at) {
    return derived("at " + Arrays.toString(at), () -> buildAt(at));
  }

  private IntTensor buildAt(int[] at) {
    int[] out = new int[batch * at.length];
    for (int e = 0; e < batch; e++) {
      for (int i = 0; i < at.length; i++) {
        out[e * at.length + i] = rowOf[e * positions + at[i]];
      }
    }
    return IntTensor.of(out, batch, at.length);
  }

  /**
   * For each row, the first (example, position) holding it, as a flat index e · positions + p
   * into per-example activations [batch, pos, ...]: [rows]. Picks a table from per-example values.
   */
  int[] firstOccurrences() {
    int[] first = new int[rows()];
    for (int i = rowOf.length - 1; i >= 0; i--) {
      first[rowOf[i]] = i;
    }
    return first;
  }

  /**
   * Rows of a table stacked over heads ([n_heads · rows, ...], head-major), for each example,
   * head and position: entry [e · heads + h, i] = h · rows + row(e, at[i]). Shape
   * [batch · heads, at.length].
   */
  IntTensor perHeadAt(int heads, int[] at) {
    return derived("per head " + heads + " at " + Arrays.toString(at), () -> buildPerHeadAt(heads, at));
  }

  private IntTensor buildPerHeadAt(int heads, int[] at) {
    int rows = rows();
    int[] out = new int[batch * heads * at.length];
    for (int e = 0; e < batch; e++) {
      for (int h = 0; h < heads; h++) {
        int o = (e * heads + h) * at.length;
        for (int i = 0; i < at.length; i++) {
          out[o + i] = h * rows + rowOf[e * positions + at[i]];
        }
      }
    }
    return IntTensor.of(out, batch * heads, at.length);
  }

  /**
   * For each example and query, the rows of every head and key position in a head-major table:
   * entry [e · queries + i, h · keys + j] = h · rows + row(e, j), for j over every position.
   * Shape [batch · queries, heads · positions]; the same for every query of an example.
   */
  IntTensor perQueryHeadKey(int heads, int queries) {
    return derived("per query " + queries + " head " + heads,
        () -> buildPerQueryHeadKey(heads, queries));
  }

  private IntTensor buildPerQueryHeadKey(int heads, int queries) {
    int rows = rows();
    int width = heads * positions;
    int[] out = new int[batch * queries * width];
    for (int e = 0; e < batch; e++) {
      for (int i = 0; i < queries; i++) {
        int o = (e * queries + i) * width;
        for (int h = 0; h < heads; h++) {
          for (int j = 0; j < positions; j++) {
            out[o + h * positions + j] = h * rows + rowOf[e * positions + j];
          }
        }
      }
    }
    return IntTensor.of(out, batch * queries, width);
  }
}
