package org.toylens.autograd;

import org.toylens.tensor.Tensor;

/**
 * The gradient arriving at one operation's result during the backward pass, and the way its
 * backward function hands gradients on to the operation's inputs.
 *
 * <p>Passing the incoming array on unchanged ({@link #passTo}) avoids a copy the first time when
 * nobody else keeps that array (the usual case for intermediates); later passes copy.
 */
public final class GradSink {

  private final float[] grad;
  private boolean disposable;

  GradSink(float[] grad, boolean disposable) {
    this.grad = grad;
    this.disposable = disposable;
  }

  /** The gradient with respect to the result, in the result's row-major layout. Read only. */
  public float[] data() {
    return grad;
  }

  /** Adds the incoming gradient, unchanged, to {@code input}'s gradient. */
  public void passTo(Tensor input) {
    if (!input.requiresGrad()) return;
    if (disposable) {
      disposable = false;
      input.accumulateGrad(grad, true);
    } else {
      input.accumulateGrad(grad, false);
    }
  }

  /**
   * The incoming gradient's array, for a backward function to overwrite with its input's
   * gradient and hand on with {@link #give}, when nobody else keeps it (an intermediate's
   * gradient that is not retained, not yet passed on); else null. Only for elementwise backward
   * functions, whose input gradient at i is computed from the incoming one at i alone: it saves
   * allocating (and zeroing) an array the size of the activation.
   */
  public float[] reusable() {
    if (!disposable) return null;
    disposable = false;
    return grad;
  }

  /** Whether the incoming array is still this sink's alone: not kept, not handed on. */
  boolean unclaimed() {
    return disposable;
  }

  /** Adds a freshly computed gradient (owned by the callee from now on) to {@code input}'s gradient. */
  public static void give(Tensor input, float[] freshGradient) {
    if (input.requiresGrad()) input.accumulateGrad(freshGradient, true);
  }
}
