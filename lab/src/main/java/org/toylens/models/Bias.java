package org.toylens.models;

import org.toylens.tensor.Tensor;

/**
 * Adding a bias, skipped when it is frozen at zero (the grokking demo freezes every bias at
 * zero, REFERENCE.md §1): x + 0 is x, so the pass over the activation and the node in the
 * gradient graph are saved. A frozen bias loaded with nonzero values is still added.
 */
final class Bias {

  private Bias() {}

  /** x + bias, broadcasting bias over the leading axes of x. */
  static Tensor add(Tensor x, Tensor bias) {
    return isSkipped(bias) ? x : x.add(bias);
  }

  /** Whether {@link #add} skips this bias: frozen, and zero. */
  static boolean isSkipped(Tensor bias) {
    if (bias.requiresGrad()) {
      return false;
    }
    for (float value : bias.data()) {
      if (value != 0f) {
        return false;
      }
    }
    return true;
  }
}
