package org.toylens.tensor;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Big float arrays handed from gradients that have died to results about to be written, so that
 * training does not zero fresh memory for each of them.
 *
 * <p>Java zeroes every new array, on the allocating thread, at memory speed. In the training step
 * of the grokking transformer (the hidden layer's activation and its gradient are 7.8 MB each)
 * that zeroing was the largest piece of the serial time: about 2 ms of a 37 ms step, profiled,
 * with the other core idle meanwhile.
 * The backward pass knows when a gradient array dies: the engine's own operation read it and
 * handed it to nobody (see {@link org.toylens.autograd.Backward}). Such arrays are
 * {@link #recycle recycled} here, and a product whose output is written whole takes one of the
 * same length instead of a new one ({@link #overwritten}): the next step's hidden activation
 * reuses this step's hidden-layer gradient.
 *
 * <p>Per thread (the backward pass and the products that allocate run on the caller's thread),
 * at most {@link #PER_LENGTH} arrays of each length, held softly so that the collector can take
 * them back when memory is short. Small arrays are left to the allocator, which zeroes them
 * cheaply inside the thread's own buffer.
 */
public final class FloatArrays {

  /** Arrays shorter than this (256 KiB) are not pooled. */
  static final int MIN_POOLED = 1 << 16;
  /** Most arrays of one length kept per thread. */
  static final int PER_LENGTH = 2;

  private static final ThreadLocal<Map<Integer, ArrayDeque<SoftReference<float[]>>>> POOL =
      ThreadLocal.withInitial(HashMap::new);

  private FloatArrays() {}

  /**
   * Offers an array nobody reads or writes any more (its owner must drop every reference to it)
   * for reuse by this thread.
   */
  public static void recycle(float[] dead) {
    if (dead.length < MIN_POOLED) return;
    ArrayDeque<SoftReference<float[]>> kept =
        POOL.get().computeIfAbsent(dead.length, n -> new ArrayDeque<>());
    if (kept.size() < PER_LENGTH) kept.push(new SoftReference<>(dead));
  }

  /**
   * An array of length n with unspecified contents, for a result the caller writes whole before
   * anything reads it: a recycled one when this thread has one of that length, else a new one.
   */
  static float[] overwritten(int n) {
    if (n >= MIN_POOLED) {
      ArrayDeque<SoftReference<float[]>> kept = POOL.get().get(n);
      while (kept != null && !kept.isEmpty()) {
        float[] reused = kept.pop().get();
        if (reused != null) return reused;
      }
    }
    return new float[n];
  }
}
