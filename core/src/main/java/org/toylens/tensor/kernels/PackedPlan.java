package org.toylens.tensor.kernels;

/**
 * How {@link PackedGemm} cuts one product into blocks and parallel tasks. Decided from the shape
 * alone, never from the thread count, so the reduction order of every output element (and hence
 * every bit of the result) is the same however many threads run the tasks.
 *
 * <p>The reduction axis is cut into k-blocks of {@code kc}; each element of C sums its k-block in
 * order and adds the k-blocks to C one after the other. B is packed a slab of {@code kSlab} steps
 * of k (whole k-blocks) at a time, shared by all tasks; each task owns a block of C of
 * {@code rowsPerTask × colsPerTask}.
 *
 * @param kc          length of a k-block (the last may be shorter)
 * @param kSlab       rows of B packed at once, a multiple of kc (or all of k)
 * @param rowsPerTask rows of C per task, a multiple of {@code mr}
 * @param colsPerTask columns of C per task, a multiple of {@code nr}
 */
record PackedPlan(int m, int n, int k, int mr, int nr, int kc, int kSlab, int rowsPerTask,
    int colsPerTask) {

  /** Longest k-block: the kernel's A panel (mr × kc) stays in L1. */
  static final int MAX_KC = 256;
  /** Widest task: its k-block of packed B (kc × cols, 512 KiB) stays in L2. */
  static final int MAX_TASK_COLS = 512;
  /** Tallest task, in row panels: small enough for threads to share out a big product evenly. */
  static final int MAX_TASK_ROW_PANELS = 16;
  /** Largest slab of packed B, in floats (4 MiB): a bigger B is packed slab by slab. */
  static final int MAX_SLAB = 1 << 20;
  /**
   * Aim for this many tasks: threads claim them one at a time, so the more tasks the less a
   * thread waits at the end for the last one, until the tasks get too short. With 8, a weight
   * gradient such as [128 × 3830]·[3830 × 512] cut into 6 tasks of 2 row panels (the last a
   * third full) ran at 100 GFLOP/s on two threads; with 16 at 150 (32 is no better).
   */
  static final int WANTED_TASKS = 16;
  /** ...but none under this many multiply-adds (~40 µs): handing out a task costs a little. */
  static final long MIN_TASK_WORK = 1L << 21;

  PackedPlan {
    if (mr <= 0 || nr <= 0 || kc <= 0 || (kSlab % kc != 0 && kSlab != k)
        || rowsPerTask <= 0 || rowsPerTask % mr != 0 || colsPerTask <= 0
        || colsPerTask % nr != 0) {
      throw new IllegalArgumentException("packed plan for " + m + "×" + n + "×" + k
          + ": kc " + kc + ", kSlab " + kSlab + ", rowsPerTask " + rowsPerTask
          + " and colsPerTask " + colsPerTask + " do not fit mr " + mr + " and nr " + nr);
    }
  }

  static PackedPlan of(int m, int n, int k, int mr, int nr) {
    int kBlocks = ceilDiv(k, MAX_KC);
    int kc = ceilDiv(k, kBlocks); // equal blocks rather than full ones and a short tail
    int rowPanels = ceilDiv(m, mr);
    int colPanels = ceilDiv(n, nr);
    int slabBlocks = Math.max(1, MAX_SLAB / (colPanels * nr) / kc);
    int kSlab = slabBlocks >= kBlocks ? k : slabBlocks * kc;

    // Tasks span up to MAX_TASK_COLS columns, so that each row panel of A meets many panels of
    // B while it is in L1; rows are split first, columns only when there are too few rows.
    long work = (long) m * n * k;
    int wanted = (int) Math.max(1, Math.min(WANTED_TASKS, work / MIN_TASK_WORK));
    int colChunks = ceilDiv(colPanels, Math.max(1, MAX_TASK_COLS / nr));
    int rowChunks = Math.min(rowPanels,
        Math.max(ceilDiv(rowPanels, MAX_TASK_ROW_PANELS), ceilDiv(wanted, colChunks)));
    while ((long) rowChunks * colChunks < wanted && colChunks < colPanels) colChunks++;
    int rowsPerTask = ceilDiv(rowPanels, rowChunks) * mr;
    int colsPerTask = ceilDiv(colPanels, colChunks) * nr;
    return new PackedPlan(m, n, k, mr, nr, kc, kSlab, rowsPerTask, colsPerTask);
  }

  int rowTasks() {
    return ceilDiv(m, rowsPerTask);
  }

  int colTasks() {
    return ceilDiv(n, colsPerTask);
  }

  int tasks() {
    return rowTasks() * colTasks();
  }

  int colPanels() {
    return ceilDiv(n, nr);
  }

  int rowPanels() {
    return ceilDiv(m, mr);
  }

  static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }
}
