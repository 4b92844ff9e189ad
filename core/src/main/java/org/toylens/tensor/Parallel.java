package org.toylens.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's fixed set of threads, sized to the cores.
 *
 * <p>Kernels split work over output rows or columns, never over a reduction axis, and every
 * chunk boundary is fixed by the problem size rather than the thread count. Together this makes
 * every result bitwise identical whatever {@link #threads()} is.
 *
 * <p>A parallel loop is run by the calling thread and {@code threads() − 1} workers together,
 * each claiming the next chunk until none is left. Between loops the workers spin for
 * {@value #SPIN_MICROS} µs before they sleep, and so does a caller waiting for the last chunk: a
 * training step is a few dozen loops of a millisecond or less, separated by short serial work,
 * and waking a sleeping thread costs 0.5–1 ms on a virtual machine whose idle core the host has
 * descheduled, as much as the loop itself (on the 2-core machine of BENCHMARKS.md a 512×512×128
 * product took 0.66 ms on two threads woken from sleep and 0.65 ms on one). OpenMP runtimes, and
 * with them PyTorch, spin for the same reason.
 *
 * <p>A loop started inside another loop's chunk runs serially on its thread, as does a loop
 * started while another thread's loop holds the workers.
 *
 * <p>The thread count is read once from the system property {@code toylens.threads} (default: the
 * number of available processors) and can be changed for a scope with {@link #withThreads}.
 */
public final class Parallel {

  /** Below this many scalar operations a loop is not worth handing to other threads. */
  public static final long MIN_PARALLEL_WORK = 1 << 15;

  /** How long an idle worker, or a caller waiting for the workers, spins before sleeping. */
  static final long SPIN_MICROS = 2000;

  private static final long SPIN_NANOS = SPIN_MICROS * 1000;

  /** True on a thread while it runs a chunk of a loop: loops inside it run serially. */
  private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

  private static volatile int threads = initialThreads();
  private static volatile Workers workers = Workers.start(threads);

  private Parallel() {}

  private static int initialThreads() {
    String prop = System.getProperty("toylens.threads");
    if (prop != null && !prop.isBlank()) {
      try {
        int n = Integer.parseInt(prop.trim());
        if (n >= 1) return n;
      } catch (NumberFormatException ignored) {
        // fall through to the error below
      }
      throw new IllegalArgumentException(
          "system property toylens.threads: expected a positive integer, got '" + prop + "'");
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** The number of threads kernels use. */
  public static int threads() {
    return threads;
  }

  /** Sets the thread count for the rest of the process. */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
    if (n == threads) return;
    Workers old = workers;
    workers = Workers.start(n);
    threads = n;
    if (old != null) old.stop();
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
   * thread alone when there is one thread or one chunk, or when the caller is itself running a
   * chunk of a loop.
   */
  public static void forRange(int n, int grain, RangeBody body) {
    if (n <= 0) return;
    int g = Math.max(1, grain);
    int chunks = (n + g - 1) / g;
    Workers w = workers;
    boolean[] inLoop = IN_LOOP.get();
    if (chunks == 1 || w == null || inLoop[0] || !w.submit.tryLock()) {
      serially(body, n, g, chunks, inLoop);
      return;
    }
    try {
      w.run(new Loop(body, n, g, chunks, Thread.currentThread()), inLoop);
    } finally {
      w.submit.unlock();
    }
  }

  private static void serially(RangeBody body, int n, int g, int chunks, boolean[] inLoop) {
    boolean outer = !inLoop[0];
    inLoop[0] = true;
    try {
      for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
    } finally {
      if (outer) inLoop[0] = false;
    }
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

  /** One parallel loop: its chunks, who has claimed and finished them, and the first failure. */
  private static final class Loop {
    final RangeBody body;
    final int n;
    final int grain;
    final int chunks;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger(); // the next chunk to claim
    final AtomicInteger done = new AtomicInteger(); // chunks finished
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean callerSleeps;

    Loop(RangeBody body, int n, int grain, int chunks, Thread caller) {
      this.body = body;
      this.n = n;
      this.grain = grain;
      this.chunks = chunks;
      this.caller = caller;
    }

    /** Claims and runs chunks until none is left; after a failure the rest are skipped. */
    void work(boolean[] inLoop) {
      inLoop[0] = true;
      try {
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
          if (failure.get() == null) {
            try {
              body.run(c * grain, Math.min(n, (c + 1) * grain));
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }
          if (done.incrementAndGet() == chunks && callerSleeps) LockSupport.unpark(caller);
        }
      } finally {
        inLoop[0] = false;
      }
    }

    boolean finished() {
      return done.get() == chunks;
    }
  }

  /** The worker threads of one thread count, and the loop they are running, if any. */
  private static final class Workers {
    final Worker[] threads;
    final ReentrantLock submit = new ReentrantLock(); // one loop at a time
    volatile Loop loop;
    volatile boolean stopped;

    private Workers(int count) {
      threads = new Worker[count];
      for (int i = 0; i < count; i++) threads[i] = new Worker(this, i);
    }

    /** The workers for {@code n} threads in all (the caller is one), or null for one thread. */
    static Workers start(int n) {
      if (n <= 1) return null;
      Workers w = new Workers(n - 1);
      for (Worker t : w.threads) t.start();
      return w;
    }

    /** Runs {@code loop} with the caller taking part; rethrows the first chunk's failure. */
    void run(Loop job, boolean[] inLoop) {
      loop = job;
      for (Worker t : threads) {
        if (t.sleeping) LockSupport.unpark(t);
      }
      job.work(inLoop);
      long start = System.nanoTime();
      while (!job.finished()) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          job.callerSleeps = true;
          if (!job.finished()) LockSupport.parkNanos(SPIN_NANOS);
        }
      }
      loop = null;
      Throwable failure = job.failure.get();
      if (failure instanceof RuntimeException e) throw e;
      if (failure instanceof Error e) throw e;
      if (failure != null) throw new IllegalStateException("a parallel loop failed", failure);
    }

    void stop() {
      stopped = true;
      for (Worker t : threads) LockSupport.unpark(t);
    }
  }

  private static final class Worker extends Thread {
    private final Workers workers;
    volatile boolean sleeping;

    Worker(Workers workers, int index) {
      super("toylens-worker-" + index);
      this.workers = workers;
      setDaemon(true);
    }

    @Override
    public void run() {
      boolean[] inLoop = IN_LOOP.get();
      Loop last = null;
      while (!workers.stopped) {
        Loop job = workers.loop;
        if (job != null && job != last) {
          last = job;
          job.work(inLoop);
          continue;
        }
        idle(last);
      }
    }

    /** Spins until a loop other than {@code last} is posted, then sleeps until woken. */
    private void idle(Loop last) {
      long start = System.nanoTime();
      while (!workers.stopped) {
        Loop job = workers.loop;
        if (job != null && job != last) return;
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        // Announce the sleep, then look once more: a loop posted after that look sees the flag
        // and wakes this thread (a wake-up before the park makes the park return at once).
        sleeping = true;
        job = workers.loop;
        if (job == null || job == last) LockSupport.park(this);
        sleeping = false;
        start = System.nanoTime();
      }
    }
  }
}
