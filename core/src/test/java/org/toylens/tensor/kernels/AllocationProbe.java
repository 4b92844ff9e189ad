package org.toylens.tensor.kernels;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;

/**
 * Run in a fresh JVM by {@link KernelAllocationTest}: repeats a packed product with several
 * k-blocks (so the tile kernel both overwrites and adds to C) and a product too flat to pack until
 * the JIT has compiled their kernels, then prints how many bytes each multiply-add allocated.
 *
 * <p>Compiled kernels keep their vectors in registers and allocate only a few objects per call;
 * one that boxes its accumulators allocates about 6 bytes per multiply-add (a 96-byte vector per
 * 16 lanes on every step). The probe stops as soon as both products are under
 * {@link #MAX_BYTES_PER_MULTIPLY_ADD}, or reports the last figures after {@link #PATIENCE_NANOS}.
 */
public final class AllocationProbe {

  static final double MAX_BYTES_PER_MULTIPLY_ADD = 0.25;
  private static final long PATIENCE_NANOS = 40_000_000_000L;
  private static final int REPEATS = 20;

  private AllocationProbe() {}

  public static void main(String[] args) {
    Parallel.setThreads(1); // everything on this thread, whose allocation is counted
    int[][] shapes = { // [m, n, k]
        {4 * VectorShape.MR, 4 * VectorShape.NR, 3 * PackedPlan.MAX_KC}, // packed, 3 k-blocks
        {VectorShape.MR / 2 - 1, 4 * VectorShape.NR, 600}, // direct
    };
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    StringBuilder line = new StringBuilder();
    boolean ok = true;
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      Rng rng = Rng.of(11);
      float[] a = random(rng, m * k); // [m, k]
      float[] b = random(rng, k * n); // [k, n]
      float[] c = new float[m * n]; // [m, n]
      long start = System.nanoTime();
      double perMultiplyAdd;
      do {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < REPEATS; i++) {
          Gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, i > 0);
        }
        perMultiplyAdd = (threads.getCurrentThreadAllocatedBytes() - before)
            / ((double) REPEATS * m * n * k);
      } while (perMultiplyAdd > MAX_BYTES_PER_MULTIPLY_ADD
          && System.nanoTime() - start < PATIENCE_NANOS);
      ok &= perMultiplyAdd <= MAX_BYTES_PER_MULTIPLY_ADD;
      line.append(String.format(Locale.ROOT, "%dx%dx%d %.4f B/madd; ", m, n, k, perMultiplyAdd));
    }
    System.out.println(line + (ok ? "ok" : "allocating"));
  }

  private static float[] random(Rng rng, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) x[i] = 2f * rng.nextFloat() - 1f;
    return x;
  }
}
