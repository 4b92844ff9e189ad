package org.toylens.analysis.llc;

import org.toylens.tensor.Tensor;

/**
 * The empirical loss L of a model on a minibatch, as a one-element tensor recorded for autograd
 * from the model's parameters. The LLC estimator calls it with the indices (into a dataset of n
 * examples) of each SGLD minibatch; it must be the mean loss per example (the per-sample negative
 * log-likelihood up to a constant), so that nβ·ΔL is on the scale of the learning coefficient.
 * The estimator reuses the index array for the next batch once the call returns, so an
 * implementation must not keep it.
 */
@FunctionalInterface
public interface LossFunction {

  /** Mean loss over the examples {@code batchIndices} [m], each in [0, n). */
  Tensor loss(int[] batchIndices);
}
