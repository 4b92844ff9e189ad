package org.toylens.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The loop runner: every chunk once, failures surface, nesting and concurrency are safe. */
class ParallelTest {

  @Test
  void everyChunkRunsExactlyOnceWithTheBoundariesFixedByTheGrain() {
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.withThreads(threads, () -> {
        for (int round = 0; round < 200; round++) {
          int n = 1 + round * 7 % 97;
          int grain = 1 + round % 5;
          AtomicIntegerArray seen = new AtomicIntegerArray(n);
          Set<String> ranges = ConcurrentHashMap.newKeySet();
          Parallel.forRange(n, grain, (from, to) -> {
            ranges.add(from + ".." + to);
            for (int i = from; i < to; i++) seen.incrementAndGet(i);
          });
          for (int i = 0; i < n; i++) assertThat(seen.get(i)).as("item %d of %d", i, n).isEqualTo(1);
          assertThat(ranges).hasSize((n + grain - 1) / grain);
          for (int c = 0; c * grain < n; c++) assertThat(ranges).contains(c * grain + ".." + Math.min(n, (c + 1) * grain));
        }
      });
    }
  }

  @Test
  void theCallerAndTheWorkersShareTheChunks() {
    Parallel.withThreads(2, () -> {
      Set<String> names = ConcurrentHashMap.newKeySet();
      // Chunks long enough that the caller cannot finish all of them before a worker joins.
      for (int round = 0; round < 50 && names.size() < 2; round++) {
        Parallel.forRange(8, 1, (from, to) -> {
          names.add(Thread.currentThread().getName());
          long start = System.nanoTime();
          while (System.nanoTime() - start < 2_000_000) Thread.onSpinWait();
        });
      }
      assertThat(names).contains(Thread.currentThread().getName()).hasSize(2);
    });
  }

  @Test
  void aFailingChunkRethrowsItsOwnExceptionToTheCaller() {
    Parallel.withThreads(2, () -> {
      IllegalStateException failure = new IllegalStateException("chunk 5 failed");
      assertThatThrownBy(() -> Parallel.forRange(16, 1, (from, to) -> {
        if (from == 5) throw failure;
      })).isSameAs(failure);
      // the runner is usable afterwards
      AtomicInteger count = new AtomicInteger();
      Parallel.forRange(16, 1, (from, to) -> count.incrementAndGet());
      assertThat(count).hasValue(16);
    });
  }

  @Test
  void loopsInsideLoopsRunSeriallyOnTheirThread() {
    Parallel.withThreads(2, () -> {
      AtomicInteger inner = new AtomicInteger();
      Set<String> mismatched = ConcurrentHashMap.newKeySet();
      Parallel.forRange(4, 1, (from, to) -> {
        String outer = Thread.currentThread().getName();
        Parallel.forRange(10, 1, (a, b) -> {
          inner.incrementAndGet();
          if (!Thread.currentThread().getName().equals(outer)) mismatched.add(outer);
        });
      });
      assertThat(inner).hasValue(40);
      assertThat(mismatched).isEmpty();
    });
  }

  @Test
  void loopsStartedFromSeveralThreadsAtOnceAllComplete() throws InterruptedException {
    Parallel.withThreads(2, () -> {
      Thread[] callers = new Thread[4];
      long[] sums = new long[callers.length];
      for (int t = 0; t < callers.length; t++) {
        int index = t;
        callers[t] = new Thread(() -> {
          for (int round = 0; round < 100; round++) {
            AtomicInteger sum = new AtomicInteger();
            Parallel.forRange(64, 4, (from, to) -> {
              for (int i = from; i < to; i++) sum.addAndGet(i);
            });
            sums[index] += sum.get();
          }
        });
        callers[t].start();
      }
      for (Thread caller : callers) {
        try {
          caller.join(60_000);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      for (long sum : sums) assertThat(sum).isEqualTo(100L * (63 * 64 / 2));
    });
  }
}
