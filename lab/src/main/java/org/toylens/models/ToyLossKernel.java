package org.toylens.models;

/**
 * One instance of the toy model's fused loss, forward and backward, over the whole batch: the
 * kernel adds every block's loss and gradient lanes into a {@link ToyLossLanes}. Two
 * implementations do the same float operations in the same order, so they agree to the bit:
 * {@link ToyLossScalarKernel} (the readable reference, and the fallback without the Vector API)
 * and {@link ToyLossVectorKernel}.
 */
interface ToyLossKernel {

  /** "scalar" or "vector". */
  String name();

  /** Accumulates instance {@code instance} of {@code job} into {@code lanes} (cleared before). */
  void accumulate(ToyLossJob job, int instance, ToyLossLanes lanes);
}
