package org.toylens.hooks;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.toylens.tensor.Tensor;

/**
 * Runs a forward pass with temporary hooks that record the activations whose names pass a
 * filter. Hook points the filter rejects get no hook at all, so nothing of theirs is copied or
 * kept. The recording hooks are observers ({@link Hook#observe}), so a model may keep its faster
 * route to the values they record.
 */
public final class Capture {

  private Capture() {}

  /** Runs {@code forward} and caches every activation whose full name passes {@code filter}. */
  public static CachedRun run(Map<String, HookPoint> points, Predicate<String> filter, Supplier<Tensor> forward) {
    ActivationCache cache = new ActivationCache();
    try (HookScope scope = new HookScope(points)) {
      for (HookPoint p : points.values()) {
        if (!filter.test(p.name())) continue;
        scope.add(Hook.observe(p.name(), (value, hook) -> cache.put(hook.name(), value.detach())));
      }
      return new CachedRun(forward.get(), cache);
    }
  }

  /**
   * Runs {@code forward}, computes {@code lossOf(output)} and its backward pass, caching the
   * activations and their gradients for every name passing {@code filter}. Parameter gradients
   * accumulate as in any backward pass.
   */
  public static CachedRun runWithGradients(
      Map<String, HookPoint> points, Predicate<String> filter, Supplier<Tensor> forward, Function<Tensor, Tensor> lossOf) {
    ActivationCache cache = new ActivationCache();
    try (HookScope scope = new HookScope(points)) {
      for (HookPoint p : points.values()) {
        if (!filter.test(p.name())) continue;
        scope.add(Hook.observe(p.name(), (value, hook) -> cache.put(hook.name(), value.detach())));
        scope.add(Hook.backward(p.name(), (grad, hook) -> {
          cache.putGradient(hook.name(), grad.copy());
          return grad;
        }));
      }
      Tensor out = forward.get();
      Tensor loss = lossOf.apply(out);
      loss.backward();
      return new CachedRun(out, cache);
    }
  }
}
