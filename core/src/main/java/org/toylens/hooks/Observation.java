package org.toylens.hooks;

import org.toylens.tensor.Tensor;

/**
 * The forward hook function of an {@link HookObserver}: calls it and passes the value on
 * unchanged. Its type is how {@link HookPoint#isOnlyObserved} tells observers from hooks that
 * may replace the value.
 */
record Observation(HookObserver observer) implements HookFn {

  @Override
  public Tensor apply(Tensor value, HookPoint hook) {
    observer.observe(value, hook);
    return value;
  }
}
