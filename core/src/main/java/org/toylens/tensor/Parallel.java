package org.toylens.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's fixed thread pool, sized to the cores.
 *
 * <p>Kernels split work over output rows or columns, never over a reduction axis, and every
 * chunk boundary is fixed by the problem size rather than the thread count. Together this makes
 * every result bitwise identical whatever {@link #threads()} is.
 *
 * <p>The thread count is read once from the system property {@code toylens.threads} (default: the
 * number of available processors) and can be changed for a scope with {@link #withThreads}.
 */
public final class Parallel {

  /** Below this many scalar operations a loop is not worth handing to other threads. */
  public static final long MIN_PARALLEL_WORK = 1 << 15;

  private static volatile int threads = initialThreads();
  private static volatile ForkJoinPool pool = newPool(threads);

  private Parallel() {}

  private static int initialThreads() {
    String prop = System.getProperty("toylens.threads");
    if (prop != null && !prop.isBlank()) {
      try {
        int n = Integer.parseInt(prop.trim());
        if (n >= 1) return n;
      } catch (NumberFormatException ignored) {
        // fall through to the default
      }
      throw new IllegalArgumentException(
          "system property toylens.threads: expected a positive integer, got '" + prop + "'");
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static ForkJoinPool newPool(int n) {
    if (n <= 1) return null;
    // The pool index is assigned only once the thread registers, so number the threads here.
    AtomicInteger created = new AtomicInteger();
    return new ForkJoinPool(n, p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("toylens-worker-" + created.getAndIncrement());
      t.setDaemon(true);
      return t;
    }, null, false);
  }

  /** The number of threads kernels use. */
  public static int threads() {
    return threads;
  }

  /** Sets the thread count for the rest of the process. */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
    if (n == threads) return;
    ForkJoinPool old = pool;
    pool = newPool(n);
    threads = n;
    if (old != null) old.shutdown();
  }

  /** Runs {@code body} with {@code n} threads, restoring the previous count afterwards. */
  public static void withThreads(int n, Runnable body) {
    int before = threads();
    setThreads(n);
    try {
      body.run();
    } finally {
      setThreads(before);
    }
  }

  /** A loop body over the half-open range [from, to). */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over [0, n) split into chunks of {@code grain} items (the last may be
   * shorter). Chunk boundaries depend only on {@code n} and {@code grain}. Runs on the calling
   * thread when there is one thread, one chunk, or the caller is already a worker.
   */
  public static void forRange(int n, int grain, RangeBody body) {
    if (n <= 0) return;
    int g = Math.max(1, grain);
    int chunks = (n + g - 1) / g;
    ForkJoinPool p = pool;
    if (chunks == 1 || p == null || ForkJoinTask.inForkJoinPool()) {
      for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
      return;
    }
    p.invoke(new Chunks(body, n, g, 0, chunks));
  }

  /**
   * Runs {@code body} over [0, n) where each item costs about {@code workPerItem} scalar
   * operations: serial when the total is small, otherwise split into about four chunks per
   * thread. The split depends on the thread count, so use this only where each item's result is
   * computed entirely inside one chunk (true for every loop over output elements).
   */
  public static void forItems(int n, long workPerItem, RangeBody body) {
    if (n <= 0) return;
    long total = (long) n * Math.max(1, workPerItem);
    int t = threads();
    if (t == 1 || total < MIN_PARALLEL_WORK || n == 1) {
      body.run(0, n);
      return;
    }
    int chunks = Math.min(n, 4 * t);
    forRange(n, (n + chunks - 1) / chunks, body);
  }

  private static final class Chunks extends RecursiveAction {
    private final RangeBody body;
    private final int n;
    private final int grain;
    private final int lo;
    private final int hi;

    Chunks(RangeBody body, int n, int grain, int lo, int hi) {
      this.body = body;
      this.n = n;
      this.grain = grain;
      this.lo = lo;
      this.hi = hi;
    }

    @Override
    protected void compute() {
      if (hi - lo == 1) {
        body.run(lo * grain, Math.min(n, (lo + 1) * grain));
        return;
      }
      int mid = (lo + hi) >>> 1;
      invokeAll(new Chunks(body, n, grain, lo, mid), new Chunks(body, n, grain, mid, hi));
    }
  }
}
