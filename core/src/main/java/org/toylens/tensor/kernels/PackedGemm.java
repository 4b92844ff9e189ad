package org.toylens.tensor.kernels;

import static org.toylens.tensor.kernels.VectorShape.MR;
import static org.toylens.tensor.kernels.VectorShape.NR;

import org.toylens.tensor.Parallel;

/**
 * Runs one product the GotoBLAS way (Goto and van de Geijn, "Anatomy of High-Performance Matrix
 * Multiplication", ACM TOMS 34(3), 2008): B packed into NR-column panels shared by all threads,
 * A in MR-row panels, and the {@link MicroKernel} computing one MR × NR tile of C at a time.
 *
 * <p>When all of packed B fits one slab, every thread packs its own copy and runs tasks in a
 * single hand-off to the pool; otherwise, per slab of k, all threads first pack B (and, the first
 * time, a transposed A small enough to pack whole), then run the tasks. Each task, per k-block,
 * gets its rows of A ready: a row-major A is not copied at all (the kernel reads it in place
 * through its strides); a transposed A (stored [k×m]) not packed whole already is packed for the
 * task's rows in one streaming pass. Then, for each row panel of A (kept in L1), it sweeps the
 * task's column panels of B (its k-block of packed B, kept in L2), writing C a strip of MR rows at
 * a time, left to right, which the hardware prefetcher follows.
 *
 * <p>Every element of C is one lane of one accumulator, summed over p in order within each
 * k-block and added to C block after block; tiles at the edges run the same kernel into a
 * scratch tile. So an element's arithmetic depends only on the k-blocking, which
 * {@link PackedPlan} fixes from the shape: the result is bitwise the same for any thread count
 * and any way of cutting C into tasks.
 */
final class PackedGemm {

  /** Widest product packed in one go: one k-block of its packed B fills a whole slab. */
  static final int MAX_COLUMNS = PackedPlan.MAX_SLAB / PackedPlan.MAX_KC;
  /** Largest packed B (floats, 512 KiB) each thread packs for itself; see packsBPerThread. */
  static final int MAX_PER_THREAD_B = 1 << 17;
  /** Fewest rows of A for which each thread packs B for itself; see packsBPerThread. */
  static final int MIN_ROWS_PER_THREAD_B = 1024;
  /** Largest transposed A (floats once packed, 8 MiB) packed whole; see packsWholeA. */
  static final int MAX_WHOLE_A = 1 << 21;

  private PackedGemm() {}

  static void multiply(Product pr) {
    if (pr.n() > MAX_COLUMNS) {
      // Very wide C: one column block after another, so a k-block of packed B stays bounded.
      for (int j0 = 0; j0 < pr.n(); j0 += MAX_COLUMNS) {
        multiply(pr.columns(j0, Math.min(MAX_COLUMNS, pr.n() - j0)));
      }
      return;
    }
    PackedPlan plan = PackedPlan.of(pr.m(), pr.n(), pr.k(), MR, NR);
    int bSize = plan.kSlab() * plan.colPanels() * NR; // [kSlab, colPanels·NR]
    if (plan.kSlab() == pr.k() && (plan.tasks() == 1 || packsBPerThread(pr.m(), bSize))) {
      // Each thread packs its own copy of B the first time it runs a task of this call, so the
      // tasks go to the pool in one hand-off, with no barrier between packing and computing (a
      // single task just runs here). The copy is a pure function of B: which thread packed it
      // changes no bit of C.
      Object call = new Object(); // identifies this call's packed B in the per-thread slot
      Parallel.forRange(plan.tasks(), 1, (from, to) -> {
        float[] packedB = ownPackedB(pr, plan, bSize, call);
        for (int task = from; task < to; task++) {
          runTask(pr, plan, 0, pr.k(), packedB, null, 0, task);
        }
      });
      return;
    }
    float[] packedB = Scratch.borrow(bSize);
    // A transposed A small enough is packed whole, once, by all threads, together with the first
    // slab of B: each thread streams whole stored rows (long and contiguous), where packing task
    // by task would read a short strip of every row, rows a page or more apart, and stall on
    // memory. One [k, MR] panel per MR rows of A.
    int aStride = pr.k() * MR + PanelPacking.A_SLACK;
    float[] packedA = packsWholeA(pr, plan) ? Scratch.borrow(plan.rowPanels() * aStride) : null;
    try {
      for (int k0 = 0; k0 < pr.k(); k0 += plan.kSlab()) {
        int steps = Math.min(plan.kSlab(), pr.k() - k0);
        int slabStart = k0;
        int panelsPerChunk = Math.max(1, (1 << 16) / (steps * NR));
        int bChunks = PackedPlan.ceilDiv(plan.colPanels(), panelsPerChunk);
        int stepsPerChunk = Math.max(1, (1 << 16) / pr.m()); // rows of stored A
        int aChunks = packedA != null && k0 == 0 ? PackedPlan.ceilDiv(pr.k(), stepsPerChunk) : 0;
        Parallel.forRange(bChunks + aChunks, 1, (from, to) -> {
          for (int chunk = from; chunk < to; chunk++) {
            if (chunk < bChunks) {
              packB(pr, plan, slabStart, steps, chunk * panelsPerChunk,
                  Math.min(plan.colPanels(), (chunk + 1) * panelsPerChunk), packedB);
            } else {
              int p0 = (chunk - bChunks) * stepsPerChunk;
              PanelPacking.packTransposedA(pr, 0, pr.m(), p0,
                  Math.min(stepsPerChunk, pr.k() - p0), packedA, p0 * MR, aStride);
            }
          }
        });
        Parallel.forRange(plan.tasks(), 1, (from, to) -> {
          for (int task = from; task < to; task++) {
            runTask(pr, plan, slabStart, steps, packedB, packedA, aStride, task);
          }
        });
      }
    } finally {
      Scratch.giveBack(packedB);
      if (packedA != null) Scratch.giveBack(packedA);
    }
  }

  /**
   * Whether a transposed A is packed whole before the tasks run (rather than by each task, k-block
   * by k-block): when there are several tasks to share it and it takes at most
   * {@link #MAX_WHOLE_A} floats packed.
   */
  static boolean packsWholeA(Product pr, PackedPlan plan) {
    return pr.transA() && plan.tasks() > 1
        && (long) plan.rowPanels() * (pr.k() * MR + PanelPacking.A_SLACK) <= MAX_WHOLE_A;
  }

  /**
   * Whether each thread should pack all of B itself rather than share one copy packed by all:
   * when B is small (at most {@link #MAX_PER_THREAD_B} floats, well inside L2) and A tall, so that
   * packing B once more costs a thread far less than the barrier it saves. Packing a float of a
   * transposed B costs at most about as much as 16 multiply-adds of the kernel (a row-major one
   * is copied a vector at a time, far cheaper), while a thread's share of the product is
   * m/threads multiply-adds per float of B: from {@link #MIN_ROWS_PER_THREAD_B} rows on, with two
   * threads, the second copy costs at most 3% of a thread's work.
   */
  static boolean packsBPerThread(int m, int bSize) {
    return bSize <= MAX_PER_THREAD_B && m >= MIN_ROWS_PER_THREAD_B;
  }

  /**
   * This thread's packed copy of all of B for {@code call}: packed now unless the thread's slot
   * already holds it. Tasks do not wait on other tasks, so nothing else can run on this thread
   * between the check and the end of the task using it; a task of another call that runs here
   * later repacks the slot for itself, and the next task of this call finds the token changed.
   */
  private static float[] ownPackedB(Product pr, PackedPlan plan, int bSize, Object call) {
    float[] packedB = Scratch.get(Scratch.SOLO_B, bSize);
    if (Scratch.owner(Scratch.SOLO_B) != call) {
      packB(pr, plan, 0, pr.k(), 0, plan.colPanels(), packedB);
      Scratch.own(Scratch.SOLO_B, call);
    }
    return packedB;
  }

  /**
   * Column panels [from, to) of steps [k0, k0 + steps) of B into {@code packed}: k-block after
   * k-block, each a row of NR-column panels of [kcb, NR], so the panel of columns j0 in the
   * k-block starting p0 steps into the slab begins at p0·bRow + j0·kcb.
   */
  private static void packB(Product pr, PackedPlan plan, int k0, int steps, int from, int to,
      float[] packed) {
    int kc = plan.kc();
    int bRow = plan.colPanels() * NR;
    for (int p0 = 0; p0 < steps; p0 += kc) {
      int kcb = Math.min(kc, steps - p0);
      for (int panel = from; panel < to; panel++) {
        PanelPacking.packB(pr, panel * NR, k0 + p0, kcb, packed, p0 * bRow + panel * NR * kcb);
      }
    }
  }

  /**
   * One task: its block of C, over the k-blocks of one slab. {@code wholeA}, unless null, is all
   * of a transposed A packed already, one [k, MR] panel every {@code wholeAStride} floats.
   */
  private static void runTask(Product pr, PackedPlan plan, int k0, int steps, float[] packedB,
      float[] wholeA, int wholeAStride, int task) {
    int rowStart = (task / plan.colTasks()) * plan.rowsPerTask();
    int rowEnd = Math.min(pr.m(), rowStart + plan.rowsPerTask());
    int colStart = (task % plan.colTasks()) * plan.colsPerTask();
    int colEnd = Math.min(pr.n(), colStart + plan.colsPerTask());
    int kc = plan.kc();
    int bRow = plan.colPanels() * NR;
    // Packed A: a transposed A's panels for the whole task; else at most one panel, for the last
    // rows of an A read in place or for an A whose rows would thrash L1 (see readsAInPlace).
    boolean transposed = pr.transA();
    boolean packsTransposed = transposed && wholeA == null;
    boolean inPlace = readsAInPlace(pr);
    int panelStride = kc * MR + PanelPacking.A_SLACK;
    float[] packedA = Scratch.get(Scratch.TASK_A,
        (packsTransposed ? plan.rowsPerTask() / MR : 1) * panelStride); // panels of [kc, MR]
    float[] tile = Scratch.get(Scratch.TILE, MR * NR); // [MR, NR]
    float[] c = pr.c();
    int ldc = pr.ldc();

    for (int p0 = 0; p0 < steps; p0 += kc) {
      int kcb = Math.min(kc, steps - p0);
      int kAt = k0 + p0; // first column of op(A), row of op(B), of this k-block
      boolean add = pr.accumulate() || kAt > 0;
      if (packsTransposed) {
        PanelPacking.packTransposedA(pr, rowStart, rowEnd, kAt, kcb, packedA, 0, panelStride);
      }
      for (int i0 = rowStart; i0 < rowEnd; i0 += MR) {
        int rows = Math.min(MR, rowEnd - i0);
        // Where the kernel reads A(i0 + r, kAt + p): a[aAt + p·aColStep + r·aRowStep].
        float[] a;
        int aAt;
        int aColStep;
        int aRowStep;
        if (wholeA != null) {
          a = wholeA;
          aAt = i0 / MR * wholeAStride + kAt * MR;
          aColStep = MR;
          aRowStep = 1;
        } else if (transposed) {
          a = packedA;
          aAt = (i0 - rowStart) / MR * panelStride;
          aColStep = MR;
          aRowStep = 1;
        } else if (inPlace && rows == MR) {
          a = pr.a();
          aAt = pr.aIndex(i0, kAt);
          aColStep = 1;
          aRowStep = pr.lda();
        } else {
          PanelPacking.packRowMajorA(pr, i0, rows, kAt, kcb, packedA, 0);
          a = packedA;
          aAt = 0;
          aColStep = MR;
          aRowStep = 1;
        }
        int bAt = p0 * bRow + colStart * kcb;
        int cAt = pr.cOff() + i0 * ldc + colStart;
        int j0 = colStart;
        if (rows == MR) {
          for (; j0 + NR <= colEnd; j0 += NR, bAt += NR * kcb, cAt += NR) {
            MicroKernel.multiply(kcb, a, aAt, aColStep, aRowStep, packedB, bAt, c, cAt, ldc, add);
          }
        }
        for (; j0 < colEnd; j0 += NR, bAt += NR * kcb, cAt += NR) {
          // An edge tile: the same kernel into a scratch tile, then only the part inside C.
          MicroKernel.multiply(kcb, a, aAt, aColStep, aRowStep, packedB, bAt, tile, 0, NR, false);
          mergeTile(tile, rows, Math.min(NR, colEnd - j0), c, cAt, ldc, add);
        }
      }
    }
  }

  /**
   * Whether the kernel reads a row-major A in place: yes, unless its row stride is a multiple of
   * 4 KiB, when the MR rows a kernel reads all fall in one L1 cache set and evict each other.
   */
  private static boolean readsAInPlace(Product pr) {
    return !pr.transA() && pr.lda() % 1024 != 0;
  }

  /** C[rows × cols] at c[cAt] = (add ? C : 0) + the tile's top-left corner. */
  private static void mergeTile(float[] tile, int rows, int cols, float[] c, int cAt, int ldc,
      boolean add) {
    for (int r = 0; r < rows; r++) {
      int t = r * NR;
      int ci = cAt + r * ldc;
      for (int j = 0; j < cols; j++) c[ci + j] = add ? c[ci + j] + tile[t + j] : tile[t + j];
    }
  }
}
