package org.toylens.hooks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Hooks that exist for the duration of a try-with-resources block: every hook added through the
 * scope is removed when it closes, in reverse order, also when the block throws.
 */
public final class HookScope implements AutoCloseable {

  private final Map<String, HookPoint> points;
  private final Deque<HookHandle> handles = new ArrayDeque<>();

  public HookScope(Map<String, HookPoint> points) {
    this.points = points;
  }

  /** Attaches {@code hook} to every matching point; fails if none matches (a likely typo). */
  public HookScope add(Hook hook) {
    int matched = 0;
    for (HookPoint p : points.values()) {
      if (hook.names().test(p.name())) {
        handles.push(p.add(hook.direction(), hook.fn()));
        matched++;
      }
    }
    if (matched == 0) {
      throw new IllegalArgumentException("no hook point matches the hook; see the model's hook names (e.g. "
          + points.keySet().stream().limit(4).toList() + " ...)");
    }
    return this;
  }

  public HookScope forward(String name, HookFn fn) {
    return add(Hook.forward(name, fn));
  }

  public HookScope backward(String name, HookFn fn) {
    return add(Hook.backward(name, fn));
  }

  public HookScope forward(Predicate<String> names, HookFn fn) {
    return add(Hook.forward(names, fn));
  }

  /** Attaches an observing forward hook ({@link Hook#observe}) to one point. */
  public HookScope observe(String name, HookObserver observer) {
    return add(Hook.observe(name, observer));
  }

  /** Attaches an observing forward hook to every point whose name passes the filter. */
  public HookScope observe(Predicate<String> names, HookObserver observer) {
    return add(Hook.observe(names, observer));
  }

  @Override
  public void close() {
    while (!handles.isEmpty()) handles.pop().close();
  }
}
