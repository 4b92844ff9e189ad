package org.toylens.hooks;

import java.util.function.Predicate;

/**
 * A hook function together with where it goes: the hook-point names it applies to and whether it
 * runs on the forward value or on the gradient. Passed to {@code runWithHooks}.
 *
 * @param names which hook points (by full name) receive the function
 * @param direction forward (activations) or backward (gradients)
 * @param fn the function
 */
public record Hook(Predicate<String> names, Direction direction, HookFn fn) {

  public enum Direction { FORWARD, BACKWARD }

  /** A forward hook on one hook point, by full name. */
  public static Hook forward(String name, HookFn fn) {
    return new Hook(name::equals, Direction.FORWARD, fn);
  }

  /** A backward hook on one hook point, by full name. */
  public static Hook backward(String name, HookFn fn) {
    return new Hook(name::equals, Direction.BACKWARD, fn);
  }

  /** A forward hook on every hook point whose name passes the filter. */
  public static Hook forward(Predicate<String> names, HookFn fn) {
    return new Hook(names, Direction.FORWARD, fn);
  }

  public static Hook backward(Predicate<String> names, HookFn fn) {
    return new Hook(names, Direction.BACKWARD, fn);
  }

  /**
   * A forward hook on one hook point that only observes the activation ({@link HookObserver}).
   * Prefer it to a forward hook returning its input: a model may then keep its faster route.
   */
  public static Hook observe(String name, HookObserver observer) {
    return new Hook(name::equals, Direction.FORWARD, new Observation(observer));
  }

  /** An observing forward hook on every hook point whose name passes the filter. */
  public static Hook observe(Predicate<String> names, HookObserver observer) {
    return new Hook(names, Direction.FORWARD, new Observation(observer));
  }
}
