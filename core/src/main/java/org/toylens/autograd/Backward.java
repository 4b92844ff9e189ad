package org.toylens.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.toylens.tensor.FloatArrays;
import org.toylens.tensor.Tensor;

/**
 * Runs the backward pass from a root tensor: orders the recorded graph topologically, then calls
 * each operation's backward function from the root towards the leaves. Gradients of leaves
 * (parameters) accumulate across calls; gradients of intermediates are dropped once used unless
 * the tensor asked to retain them. The graph is released as it is consumed, and a gradient array
 * that dies with it is offered for reuse ({@link FloatArrays}).
 */
public final class Backward {

  private Backward() {}

  public static void run(Tensor root, float[] rootGradient) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward() on a tensor that does not require grad (created under NoGrad, or from no"
              + " parameter that requires grad)");
    }
    List<Tensor> order = topologicalOrder(root);
    root.accumulateGrad(rootGradient, false);
    // Backward functions compute with ordinary operations: record none of them.
    try (var ignored = NoGrad.enter()) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor t = order.get(i);
        Tensor grad = t.runGradHooks();
        if (grad == null) continue;
        BackwardFn fn = t.backwardFn();
        if (fn == null) continue; // a leaf: its gradient stays
        // The gradient array is this node's alone unless retained or shown to a hook, which may
        // keep it: only then may a backward function overwrite it (GradSink.reusable).
        GradSink sink = new GradSink(grad.data(), !t.retainsGrad() && !t.hasGradHooks());
        fn.apply(sink);
        t.releaseGraph();
        if (sink.unclaimed() && t.isEngineOperation()) {
          // Nobody else has the array, and the engine's backward functions keep no reference to
          // their incoming gradient once they return: it is dead, free for the next result.
          FloatArrays.recycle(grad.data());
        }
      }
    }
  }

  /** Tensors reachable from root through recorded operations, each after all its inputs. */
  private static List<Tensor> topologicalOrder(Tensor root) {
    List<Tensor> order = new ArrayList<>();
    IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {tensor, next input index}
    stack.push(new Object[] {root, 0});
    seen.put(root, Boolean.TRUE);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Tensor t = (Tensor) frame[0];
      Tensor[] inputs = t.inputs();
      int next = (Integer) frame[1];
      if (inputs != null && next < inputs.length) {
        frame[1] = next + 1;
        Tensor in = inputs[next];
        if (in != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) stack.push(new Object[] {in, 0});
      } else {
        stack.pop();
        order.add(t);
      }
    }
    return order;
  }
}
