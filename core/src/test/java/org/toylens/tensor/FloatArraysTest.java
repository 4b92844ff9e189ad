package org.toylens.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.toylens.autograd.GradSink;

/**
 * Gradient arrays that die in the backward pass are reused by the next products of their length,
 * and no array anybody may still read is ever handed out again. Each case runs on a fresh
 * thread, whose pool starts empty.
 */
class FloatArraysTest {

  private static final int ROWS = 300;
  private static final int COLS = 256; // ROWS · COLS floats: pooled
  private static final int N = ROWS * COLS;

  @Test
  void aGradientNobodyKeepsIsReusedByTheNextProductOfItsLength() {
    onFreshThread(() -> {
      Tensor x = randn(1, ROWS, COLS).requiresGrad(true);
      Tensor w = randn(2, COLS, COLS).requiresGrad(true);
      Tensor u = randn(3, ROWS, COLS);
      x.matmul(w).mul(u).sum().backward();
      // x · w received the gradient u, which its product's backward read and handed to nobody.
      float[] reused = FloatArrays.overwritten(N);
      assertThat(reused).containsExactly(u.data());
      // x's gradient was computed into a recycled array (the sum's dead gradient): still right.
      assertThat(x.grad().data()).containsExactly(Tensor.matmul(u, false, w, true).data());
      assertThat(FloatArrays.overwritten(N)).containsOnly(0f); // the pool is empty again
    });
  }

  @Test
  void aProductIntoARecycledArrayHasTheBitsOfOneIntoANewArray() {
    onFreshThread(() -> {
      Tensor a = randn(4, ROWS, COLS);
      Tensor b = randn(5, COLS, COLS);
      float[] expected = a.matmul(b).data().clone();
      float[] garbage = new float[N];
      Arrays.fill(garbage, Float.NaN);
      FloatArrays.recycle(garbage);
      Tensor c = a.matmul(b);
      assertThat(c.data()).isSameAs(garbage).containsExactly(expected);
    });
  }

  @Test
  void aRetainedOrHookedGradientIsNeverRecycled() {
    onFreshThread(() -> {
      Tensor u = randn(6, ROWS, COLS);
      Tensor x = randn(7, ROWS, COLS).requiresGrad(true);
      Tensor w = randn(8, COLS, COLS).requiresGrad(true);
      Tensor retained = x.matmul(w).retainGrad();
      retained.mul(u).sum().backward();
      scribbleOverThePool();
      assertThat(retained.grad().data()).containsExactly(u.data());

      Tensor[] seen = new Tensor[1];
      Tensor hooked = x.matmul(w).onGrad(g -> {
        seen[0] = g;
        return g;
      });
      hooked.mul(u).sum().backward();
      scribbleOverThePool();
      assertThat(seen[0].data()).containsExactly(u.data());
    });
  }

  @Test
  void aGradientReadByAnOperationFromOutsideTheEngineIsNeverRecycled() {
    onFreshThread(() -> {
      Tensor x = randn(9, ROWS, COLS).requiresGrad(true);
      Tensor u = randn(10, ROWS, COLS);
      float[][] kept = new float[1][];
      Tensor y = Tensor.fromOperation(x.data().clone(), x.shape(), g -> {
        kept[0] = g.data(); // an outside backward function may keep what it is shown
        GradSink.give(x, g.data().clone());
      }, x);
      y.mul(u).sum().backward();
      scribbleOverThePool();
      assertThat(kept[0]).containsExactly(u.data());
    });
  }

  @Test
  void smallArraysAndMoreThanTwoOfALengthAreNotKept() {
    onFreshThread(() -> {
      float[] small = new float[FloatArrays.MIN_POOLED - 1];
      small[0] = 1f;
      FloatArrays.recycle(small);
      assertThat(FloatArrays.overwritten(small.length)).isNotSameAs(small);
      float[][] big = new float[3][N];
      for (float[] b : big) FloatArrays.recycle(b);
      assertThat(FloatArrays.overwritten(N)).isSameAs(big[1]);
      assertThat(FloatArrays.overwritten(N)).isSameAs(big[0]);
      assertThat(FloatArrays.overwritten(N)).isNotSameAs(big[2]);
    });
  }

  /** Takes every array of length N the pool holds and fills it with NaN. */
  private static void scribbleOverThePool() {
    for (int i = 0; i < FloatArrays.PER_LENGTH; i++) {
      Arrays.fill(FloatArrays.overwritten(N), Float.NaN);
    }
  }

  private static Tensor randn(long seed, int... dims) {
    return Tensor.randn(Rng.of(seed), 1f, dims);
  }

  private static void onFreshThread(Runnable body) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (failure.get() instanceof AssertionError e) throw e;
    if (failure.get() != null) throw new AssertionError(failure.get());
  }
}
