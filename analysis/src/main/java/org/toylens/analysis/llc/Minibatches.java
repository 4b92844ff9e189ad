package org.toylens.analysis.llc;

import org.toylens.tensor.Rng;

/**
 * Minibatch indices drawn as a shuffled data loader would: walk through a random permutation of
 * [0, n) in slices of m, reshuffling when fewer than m indices are left (the remainder is dropped,
 * as with drop_last). When m = n every batch is the whole dataset in order.
 *
 * <p>The permutations are those of {@link Rng#permutation(int)} on the stream, drawn into one
 * reused array, so walking the batches allocates nothing.
 */
public final class Minibatches {

  private final Rng rng;
  private final int n;
  private final int m;
  private final int[] order; // [n]
  private int next;

  public Minibatches(Rng rng, long datasetSize, int batchSize) {
    if (datasetSize < 1 || datasetSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("minibatches: dataset size must be in 1.." + Integer.MAX_VALUE + ", got " + datasetSize);
    }
    if (batchSize < 1 || batchSize > datasetSize) {
      throw new IllegalArgumentException("minibatches: batch size must be in 1.." + datasetSize + " (the dataset size), got " + batchSize);
    }
    this.rng = rng;
    this.n = (int) datasetSize;
    this.m = batchSize;
    this.order = new int[n];
    this.next = n; // shuffle on first use
  }

  /** m, the number of indices in a batch. */
  public int batchSize() {
    return m;
  }

  /** The next batch of m distinct indices [m]. */
  public int[] next() {
    return next(new int[m]);
  }

  /** Writes the next batch of m distinct indices into {@code batch} [m] and returns it. */
  public int[] next(int[] batch) {
    if (batch.length != m) {
      throw new IllegalArgumentException("minibatches: the batch array has " + batch.length + " slots, the batch size is " + m);
    }
    if (m == n) {
      for (int i = 0; i < n; i++) batch[i] = i;
      return batch;
    }
    if (next + m > n) {
      shuffle();
      next = 0;
    }
    System.arraycopy(order, next, batch, 0, m);
    next += m;
    return batch;
  }

  /** Fisher–Yates from the identity, exactly as {@link Rng#permutation(int)} draws it. */
  private void shuffle() {
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
