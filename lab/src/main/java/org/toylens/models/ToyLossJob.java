package org.toylens.models;

import org.toylens.tasks.SparseFeaturesDraw;

/**
 * Everything one evaluation of the toy model's fused training loss reads and writes
 * ({@link FusedReconstructionLoss}): the sizes, the batch (stored, or still to be drawn), the
 * parameters and the arrays the results go to. The kernels fill the outputs of the instances
 * they are given; nothing else is shared, so instances can run on any thread.
 *
 * @param batch            examples B
 * @param instances        instances I
 * @param hidden           hidden dimensions m
 * @param features         features n
 * @param x                the batch [B, I, n], or null when {@code draw} gives it
 * @param draw             the batch's random numbers, or null when {@code x} holds it
 * @param w                W [I, m, n]
 * @param wDec             W_dec [I, m, n]; the same array as w when tied
 * @param b                b_final [I, n]
 * @param importance       [n] for every instance (importanceStride 0) or [I, n] (stride n)
 * @param importanceStride 0 or n
 * @param relu             x' = ReLU(p) when true, x' = p (the linear model) otherwise
 * @param withGradients    compute the gradients too
 * @param lossOf           out: [I] each instance's loss, mean over the batch
 * @param gradW            out: [I, m, n] ∂L/∂W (including the decoder's part when tied), or null
 * @param gradWDec         out: [I, m, n] ∂L/∂W_dec when untied, else null
 * @param gradB            out: [I, n] ∂L/∂b_final, or null
 */
record ToyLossJob(int batch, int instances, int hidden, int features, float[] x,
    SparseFeaturesDraw draw, float[] w, float[] wDec, float[] b, float[] importance,
    int importanceStride, boolean relu, boolean withGradients, double[] lossOf, float[] gradW,
    float[] gradWDec, float[] gradB) {

  /** Examples per block: the lanes every kernel works in. */
  static final int LANES = SparseFeaturesDraw.LANES;

  boolean tied() {
    return w == wDec;
  }

  /** Blocks of {@link #LANES} examples, the last one possibly partial. */
  int blocks() {
    return (batch + LANES - 1) / LANES;
  }

  /** Examples in block {@code block}: {@link #LANES} except in the last, 0 past the end. */
  int examplesIn(int block) {
    return Math.max(0, Math.min(LANES, batch - block * LANES));
  }

  /**
   * Copies the stored x of instance {@code instance}, block {@code block} into
   * {@code xs[xsOff + f·featureStride + l]} for feature f and lane l, zero in the lanes past the
   * batch (all of them for a block past the end).
   */
  void copyBlock(int instance, int block, float[] xs, int xsOff, int featureStride) {
    int examples = examplesIn(block);
    int n = features;
    int first = block * LANES;
    for (int l = 0; l < LANES; l++) {
      if (l < examples) {
        int row = ((first + l) * instances + instance) * n; // x[first + l, instance, :]
        for (int f = 0; f < n; f++) {
          xs[xsOff + f * featureStride + l] = x[row + f];
        }
      } else {
        for (int f = 0; f < n; f++) {
          xs[xsOff + f * featureStride + l] = 0f;
        }
      }
    }
  }
}
