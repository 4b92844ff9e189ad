package org.toylens.tensor;

import org.toylens.tensor.kernels.Exp64;
import org.toylens.tensor.kernels.Rows;

/**
 * Cross-entropy of one row of logits against one target, exact for tiny losses:
 * {@code (max − x_t) + log1p(Σ_{j≠argmax} e^{x_j − max})}, in float64. Grokking losses reach 1e-7
 * and below, where {@code logSumExp − x_t} would cancel catastrophically. Shared by the
 * differentiable {@link Tensor#crossEntropy} and by evaluation code that only needs values.
 *
 * <p>The exponentials are {@link Exp64}'s, a row at a time ({@link Rows#exp}), and their sum is
 * taken in {@link Exp64#sum}'s fixed order; the methods taking a {@code scratch} array use it for
 * the row's float64 terms (at least {@code classes} long, one per thread).
 */
public final class RowCrossEntropy {

  private RowCrossEntropy() {}

  /** Index of the first maximum of {@code logits[offset .. offset+classes)}. */
  public static int argmax(float[] logits, int offset, int classes) {
    int arg = 0;
    for (int j = 1; j < classes; j++) if (logits[offset + j] > logits[offset + arg]) arg = j;
    return arg;
  }

  /** log Σ_j e^{x_j} − max, computed as log1p of the terms other than the maximum's. */
  static double log1pRest(float[] logits, int offset, int classes, int argmax, double[] scratch) {
    double max = logits[offset + argmax];
    for (int j = 0; j < classes; j++) scratch[j] = logits[offset + j] - max;
    scratch[argmax] = Double.NEGATIVE_INFINITY; // its term, e^0 = 1, is the 1 of log1p
    Rows.exp(scratch, 0, scratch, 0, classes);
    return Math.log1p(Exp64.sum(scratch, classes));
  }

  /**
   * out[j] = e^{x_j − shift} · scale as float (for j < classes), minus {@code scale} at
   * {@code target}: the gradient of a row's cross-entropy when {@code shift} is its log-sum-exp.
   */
  static void softmaxMinusOneHot(float[] logits, int offset, int classes, double shift, int target,
      double scale, float[] out, double[] scratch) {
    for (int j = 0; j < classes; j++) scratch[j] = logits[offset + j] - shift;
    Rows.exp(scratch, 0, scratch, 0, classes);
    for (int j = 0; j < classes; j++) out[offset + j] = (float) (scratch[j] * scale);
    out[offset + target] = (float) ((scratch[target] - 1) * scale);
  }

  /** −log softmax(x)_target for the row {@code logits[offset .. offset+classes)}, in float64. */
  public static double loss(float[] logits, int offset, int classes, int target, double[] scratch) {
    int arg = argmax(logits, offset, classes);
    return (logits[offset + arg] - logits[offset + target]) + log1pRest(logits, offset, classes, arg, scratch);
  }
}
