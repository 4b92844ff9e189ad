package org.toylens.hooks;

import org.toylens.tensor.Tensor;

/**
 * A forward hook that only looks: it receives the activation and cannot replace it (the value
 * flows on unchanged). Attached with {@link Hook#observe}. Because nothing it does can change
 * the run, a model may reach an observed activation by a cheaper route than the one hooks that
 * replace values need (HookedTransformer computes its first layer on a table of distinct
 * (token, position) rows and hands observers the per-example activations gathered from it).
 *
 * <p>The tensor must be treated as read-only; it may share storage with the forward pass.
 */
@FunctionalInterface
public interface HookObserver {
  void observe(Tensor value, HookPoint hook);
}
