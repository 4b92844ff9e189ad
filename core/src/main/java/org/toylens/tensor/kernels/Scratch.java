package org.toylens.tensor.kernels;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Scratch arrays the kernels reuse from call to call instead of allocating packing buffers for
 * every product.
 *
 * <p>Per-thread slots ({@link #get}) serve work that runs start to finish on one thread without
 * waiting for other tasks, so nothing else can run on that thread meanwhile: a task's packed
 * panels, an edge tile, a row of sums, all of a small product's packed B. Packed operands that
 * several threads read while their owner waits for them are {@link #borrow borrowed} from a small
 * shared pool instead: a waiting thread may help with other work, which must not find the buffer
 * in use.
 */
final class Scratch {

  /** A task's packed panels of A. */
  static final int TASK_A = 0;
  /** One micro-tile, for tiles at the right or bottom edge of C. */
  static final int TILE = 1;
  /** A row of running sums for the plain loops. */
  static final int ROW = 2;
  /** A thread's own copy of all of a product's packed B (see {@link #owner}). */
  static final int SOLO_B = 3;

  /** Most buffers the shared pool keeps between calls. */
  private static final int POOLED = 8;

  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[4][]);
  /** Per thread and slot: a token naming what the buffer holds now, or null. */
  private static final ThreadLocal<Object[]> OWNERS = ThreadLocal.withInitial(() -> new Object[4]);
  private static final ConcurrentLinkedQueue<float[]> POOL = new ConcurrentLinkedQueue<>();

  private Scratch() {}

  /** This thread's buffer in {@code slot}, at least {@code size} floats long. */
  static float[] get(int slot, int size) {
    float[][] buffers = BUFFERS.get();
    float[] buffer = buffers[slot];
    if (buffer == null || buffer.length < size) {
      buffer = new float[size];
      buffers[slot] = buffer;
      OWNERS.get()[slot] = null; // a new buffer holds nothing yet
    }
    return buffer;
  }

  /**
   * The token last given to {@link #own} for this thread's buffer in {@code slot}: whoever filled
   * it can tell whether it still holds their data. Compared by identity.
   */
  static Object owner(int slot) {
    return OWNERS.get()[slot];
  }

  /** Records that this thread's buffer in {@code slot} now holds what {@code token} names. */
  static void own(int slot, Object token) {
    OWNERS.get()[slot] = token;
  }

  /** A buffer of at least {@code size} floats for this caller alone, until {@link #giveBack}. */
  static float[] borrow(int size) {
    for (float[] buffer : POOL) {
      if (buffer.length >= size && POOL.remove(buffer)) return buffer;
    }
    return new float[size];
  }

  /** Returns a borrowed buffer; the pool keeps the largest few. */
  static void giveBack(float[] buffer) {
    POOL.offer(buffer);
    while (POOL.size() > POOLED) {
      float[] smallest = buffer;
      for (float[] b : POOL) if (b.length < smallest.length) smallest = b;
      POOL.remove(smallest);
    }
  }
}
