package org.toylens.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.toylens.tensor.Shape;
import org.toylens.tensor.Tensor;

/**
 * A named identity through which one activation of a model passes. With no hooks it returns its
 * input unchanged at no cost; forward hooks may observe or replace the value; backward hooks see
 * the gradient of the loss with respect to the value when backward runs.
 */
public final class HookPoint {

  private final String name;
  private final List<HookFn> forward = new ArrayList<>(1);
  private final List<HookFn> backward = new ArrayList<>(1);

  public HookPoint(String name) {
    this.name = Objects.requireNonNull(name);
  }

  /** The full name, e.g. {@code blocks.0.attn.hook_pattern}. */
  public String name() {
    return name;
  }

  /** True when any hook is attached. */
  public boolean isActive() {
    return !forward.isEmpty() || !backward.isEmpty();
  }

  /**
   * True when hooks are attached and every one is a forward observer ({@link Hook#observe}): the
   * value cannot change on its way through and no gradient is asked for, so a model may compute
   * it by another route than the one it takes for hooks that replace values.
   */
  public boolean isOnlyObserved() {
    if (forward.isEmpty() || !backward.isEmpty()) return false;
    for (HookFn fn : forward) {
      if (!(fn instanceof Observation)) return false;
    }
    return true;
  }

  /** Passes an activation through the hooks; models call this on every intermediate value. */
  public Tensor apply(Tensor value) {
    if (forward.isEmpty() && backward.isEmpty()) return value;
    Tensor x = value;
    for (HookFn fn : List.copyOf(forward)) {
      Tensor y = fn.apply(x, this);
      if (y != null && y != x) {
        if (!y.shape().equals(x.shape())) {
          throw new IllegalArgumentException(
              "hook on " + name + " returned shape " + y.shape() + " for an activation of shape " + x.shape());
        }
        x = y;
      }
    }
    if (!backward.isEmpty() && x.requiresGrad()) {
      // A node of our own, so the gradient seen is exactly this activation's.
      x = x.reshape(x.dims());
      List<HookFn> fns = List.copyOf(backward);
      x.onGrad(g -> {
        Tensor cur = g;
        for (HookFn fn : fns) {
          Tensor y = fn.apply(cur, this);
          if (y != null) cur = y;
        }
        return cur;
      });
    }
    return x;
  }

  /** Adds a hook until the returned handle is closed (permanent if it never is). */
  public HookHandle add(Hook.Direction direction, HookFn fn) {
    List<HookFn> list = direction == Hook.Direction.FORWARD ? forward : backward;
    list.add(fn);
    return () -> list.remove(fn);
  }

  /** Removes every hook from this point. */
  public void clear() {
    forward.clear();
    backward.clear();
  }

  @Override
  public String toString() {
    return "HookPoint(" + name + ")";
  }

  /** A hook point name with the shape it carries, for listings. */
  public record Described(String name, Shape shape) {}
}
