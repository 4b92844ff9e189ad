package org.toylens.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.toylens.autograd.Backward;
import org.toylens.autograd.BackwardFn;
import org.toylens.autograd.GradMode;

/**
 * A float32 tensor: row-major, contiguous, with a {@link Shape}, and a node of the autograd graph.
 *
 * <p>Views: {@link #reshape} shares the data array. Every other operation, including transposes
 * and permutes, returns a new tensor with its own array; matrix products take transpose flags
 * instead so that the backward pass never copies a weight matrix just to transpose it.
 *
 * <p>Autograd: a tensor created by an operation on inputs that require grad (while
 * {@link GradMode} is on) records its inputs and its backward function; {@link #backward()}
 * fills the {@link #grad()} of every leaf that requires grad. The operations themselves are
 * implemented, forward next to backward, in {@code Elementwise}, {@code Reductions},
 * {@code Layout}, {@code Products} and {@code NeuralOps}.
 */
public final class Tensor {

  private final float[] data;
  private final Shape shape;

  private boolean requiresGrad;
  private Tensor grad;
  private Tensor[] inputs;
  private BackwardFn backwardFn;
  private boolean external; // recorded by fromOperation
  private boolean retainGrad;
  private List<UnaryOperator<Tensor>> gradHooks;

  private Tensor(float[] data, Shape shape) {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
    }
    this.data = data;
    this.shape = shape;
  }

  // ---------------------------------------------------------------- creation

  /** Wraps {@code data} (not copied) as a tensor of {@code shape}. */
  public static Tensor of(float[] data, Shape shape) {
    return new Tensor(data, shape);
  }

  /** Wraps {@code data} (not copied) as a tensor of the given dimensions. */
  public static Tensor of(float[] data, int... dims) {
    return new Tensor(data, Shape.of(dims));
  }

  /** A 1-D tensor of the given values (copied). */
  public static Tensor vector(float... values) {
    return new Tensor(values.clone(), Shape.of(values.length));
  }

  /** A tensor from doubles, rounded to float32. */
  public static Tensor fromDoubles(double[] values, int... dims) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
    return new Tensor(f, Shape.of(dims));
  }

  /** A 2-D tensor from rows (copied). */
  public static Tensor matrix(float[][] rows) {
    int n = rows.length, m = n == 0 ? 0 : rows[0].length;
    float[] f = new float[n * m];
    for (int i = 0; i < n; i++) {
      if (rows[i].length != m) {
        throw new IllegalArgumentException("matrix row " + i + " has " + rows[i].length + " values, expected " + m);
      }
      System.arraycopy(rows[i], 0, f, i * m, m);
    }
    return new Tensor(f, Shape.of(n, m));
  }

  public static Tensor scalar(float value) {
    return new Tensor(new float[] {value}, Shape.SCALAR);
  }

  public static Tensor zeros(int... dims) {
    Shape s = Shape.of(dims);
    return new Tensor(new float[s.size()], s);
  }

  public static Tensor zeros(Shape shape) {
    return new Tensor(new float[shape.size()], shape);
  }

  public static Tensor ones(int... dims) {
    return full(1f, dims);
  }

  public static Tensor full(float value, int... dims) {
    Shape s = Shape.of(dims);
    float[] d = new float[s.size()];
    Arrays.fill(d, value);
    return new Tensor(d, s);
  }

  /** 0, 1, ..., n-1. */
  public static Tensor arange(int n) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) d[i] = i;
    return new Tensor(d, Shape.of(n));
  }

  /** Normal(0, std²) entries drawn from {@code rng} in row-major order. */
  public static Tensor randn(Rng rng, float std, int... dims) {
    Shape s = Shape.of(dims);
    float[] d = new float[s.size()];
    for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextGaussian() * std);
    return new Tensor(d, s);
  }

  /** Uniform [lo, hi) entries drawn from {@code rng} in row-major order. */
  public static Tensor uniform(Rng rng, float lo, float hi, int... dims) {
    Shape s = Shape.of(dims);
    float[] d = new float[s.size()];
    for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
    return new Tensor(d, s);
  }

  /** One-hot rows: result[..., c] = 1 where c = index[...], shape index.shape + [classes]. */
  public static Tensor oneHot(IntTensor index, int classes) {
    int[] idx = index.data();
    float[] d = new float[idx.length * classes];
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= classes) {
        throw new IllegalArgumentException(
            "oneHot: index " + idx[i] + " at position " + i + " is outside [0, " + classes + ")");
      }
      d[i * classes + idx[i]] = 1f;
    }
    return new Tensor(d, index.shape().append(classes));
  }

  // ---------------------------------------------------------------- basic access

  public Shape shape() {
    return shape;
  }

  public int[] dims() {
    return shape.dims();
  }

  public int rank() {
    return shape.rank();
  }

  public int dim(int axis) {
    return shape.dim(axis);
  }

  public int size() {
    return data.length;
  }

  /**
   * The backing array (row-major). Mutating it changes this tensor and every view of it and
   * bypasses autograd: meant for kernels, optimizers, file readers and tests.
   */
  public float[] data() {
    return data;
  }

  /** The value of a one-element tensor. */
  public float item() {
    if (data.length != 1) throw new IllegalStateException("item() on a tensor of shape " + shape);
    return data[0];
  }

  public float get(int... index) {
    return data[offset(index)];
  }

  public void set(float value, int... index) {
    data[offset(index)] = value;
  }

  private int offset(int[] index) {
    if (index.length != shape.rank()) {
      throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape " + shape);
    }
    int off = 0, stride = 1;
    for (int i = index.length - 1; i >= 0; i--) {
      int d = shape.dim(i);
      if (index[i] < 0 || index[i] >= d) {
        throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape " + shape);
      }
      off += index[i] * stride;
      stride *= d;
    }
    return off;
  }

  /** A copy of the values as doubles. */
  public double[] toDoubles() {
    double[] d = new double[data.length];
    for (int i = 0; i < d.length; i++) d[i] = data[i];
    return d;
  }

  /** A new tensor with a copy of the data, outside the graph. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape);
  }

  /** The same data (shared) outside the graph: no gradient flows through it. */
  public Tensor detach() {
    return new Tensor(data, shape);
  }

  /** True when both have the same shape and bitwise-equal values. */
  public boolean bitwiseEquals(Tensor other) {
    if (!shape.equals(other.shape)) return false;
    for (int i = 0; i < data.length; i++) {
      if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(other.data[i])) return false;
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(shape);
    if (data.length <= 16) sb.append(Arrays.toString(data));
    if (requiresGrad) sb.append(" requiresGrad");
    return sb.toString();
  }

  // ---------------------------------------------------------------- autograd

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks a leaf as a variable whose gradient {@link #backward()} computes. */
  public Tensor requiresGrad(boolean value) {
    if (backwardFn != null && !value) {
      throw new IllegalStateException("cannot turn off requiresGrad on a tensor computed by an operation; use detach()");
    }
    this.requiresGrad = value;
    return this;
  }

  /** The accumulated gradient, or null when none has arrived yet. */
  public Tensor grad() {
    return grad;
  }

  /** Forgets the accumulated gradient (before the next backward pass of a training step). */
  public void zeroGrad() {
    grad = null;
  }

  /** Keeps this intermediate's gradient after backward (intermediates drop theirs by default). */
  public Tensor retainGrad() {
    retainGrad = true;
    return this;
  }

  public boolean retainsGrad() {
    return retainGrad || backwardFn == null;
  }

  /** True when this tensor was produced by a recorded operation. */
  public boolean isLeaf() {
    return backwardFn == null;
  }

  /**
   * Registers a function called with this tensor's complete gradient during backward, before it
   * flows on to the inputs; returning a different tensor (same shape) replaces the gradient.
   * Backward hooks on activations are built on this.
   */
  public Tensor onGrad(UnaryOperator<Tensor> hook) {
    if (gradHooks == null) gradHooks = new ArrayList<>(2);
    gradHooks.add(hook);
    return this;
  }

  /** Whether any gradient hook is registered ({@link #onGrad}). */
  public boolean hasGradHooks() {
    return gradHooks != null && !gradHooks.isEmpty();
  }

  /** Backpropagates from a one-element tensor (a loss). */
  public void backward() {
    if (data.length != 1) {
      throw new IllegalStateException("backward() without a gradient needs a one-element tensor, got shape " + shape);
    }
    Backward.run(this, new float[] {1f});
  }

  /** Backpropagates {@code gradient} (same shape as this tensor). */
  public void backward(Tensor gradient) {
    if (!gradient.shape.equals(shape)) {
      throw new IllegalArgumentException("backward: gradient shape " + gradient.shape + " differs from tensor shape " + shape);
    }
    Backward.run(this, gradient.data);
  }

  /**
   * Adds {@code g} (this tensor's layout) to the gradient. When {@code owned}, the array is
   * nobody else's and may become the gradient's storage.
   */
  public void accumulateGrad(float[] g, boolean owned) {
    if (g.length != data.length) {
      throw new IllegalArgumentException("gradient of length " + g.length + " for a tensor of shape " + shape);
    }
    if (grad == null) {
      grad = new Tensor(owned ? g : g.clone(), shape);
    } else {
      float[] acc = grad.data;
      Parallel.forItems(acc.length, 1, (lo, hi) -> {
        for (int i = lo; i < hi; i++) acc[i] += g[i];
      });
    }
  }

  /** Runs the registered gradient hooks and returns the (possibly replaced) gradient. */
  public Tensor runGradHooks() {
    if (grad != null && gradHooks != null) {
      for (UnaryOperator<Tensor> hook : gradHooks) {
        Tensor replaced = hook.apply(grad);
        if (replaced != null && replaced != grad) {
          if (!replaced.shape.equals(shape)) {
            throw new IllegalArgumentException(
                "a gradient hook returned shape " + replaced.shape + " for a tensor of shape " + shape);
          }
          grad = new Tensor(replaced.data.clone(), shape);
        }
      }
    }
    return grad;
  }

  public Tensor[] inputs() {
    return inputs;
  }

  public BackwardFn backwardFn() {
    return backwardFn;
  }

  /** Drops the recorded graph (and the gradient, unless retained) after backward used it. */
  public void releaseGraph() {
    if (!retainGrad) grad = null;
    inputs = null;
    backwardFn = null;
  }

  /**
   * A differentiable operation defined outside the engine, such as a fused kernel of a model: its
   * value, and a backward function that hands each input its gradient ({@code GradSink.give} /
   * {@code passTo}). Recorded exactly like the engine's own primitives.
   */
  public static Tensor fromOperation(float[] value, Shape shape, BackwardFn backward, Tensor... inputs) {
    Tensor out = result(value, shape, backward, inputs);
    out.external = true;
    return out;
  }

  /**
   * Whether this tensor's backward function is one of the engine's, which keep no reference to
   * the incoming gradient after returning (unlike, possibly, one from {@link #fromOperation}).
   */
  public boolean isEngineOperation() {
    return !external;
  }

  /**
   * The result of an operation: records {@code backward} when grad mode is on and an input
   * requires grad.
   */
  static Tensor result(float[] data, Shape shape, BackwardFn backward, Tensor... inputs) {
    Tensor out = new Tensor(data, shape);
    if (GradMode.isEnabled()) {
      for (Tensor in : inputs) {
        if (in != null && in.requiresGrad) {
          out.requiresGrad = true;
          out.inputs = inputs;
          out.backwardFn = backward;
          break;
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- elementwise (broadcasting)

  public Tensor add(Tensor other) {
    return Elementwise.binary(Elementwise.Op.ADD, this, other);
  }

  public Tensor sub(Tensor other) {
    return Elementwise.binary(Elementwise.Op.SUB, this, other);
  }

  public Tensor mul(Tensor other) {
    return Elementwise.binary(Elementwise.Op.MUL, this, other);
  }

  public Tensor div(Tensor other) {
    return Elementwise.binary(Elementwise.Op.DIV, this, other);
  }

  public Tensor add(float c) {
    return Elementwise.affine(this, 1f, c);
  }

  public Tensor sub(float c) {
    return Elementwise.affine(this, 1f, -c);
  }

  public Tensor mul(float c) {
    return Elementwise.affine(this, c, 0f);
  }

  public Tensor div(float c) {
    return Elementwise.affine(this, 1f / c, 0f);
  }

  public Tensor neg() {
    return Elementwise.affine(this, -1f, 0f);
  }

  public Tensor pow(float exponent) {
    return Elementwise.pow(this, exponent);
  }

  public Tensor square() {
    return Elementwise.unary(Elementwise.Fn.SQUARE, this);
  }

  public Tensor sqrt() {
    return Elementwise.unary(Elementwise.Fn.SQRT, this);
  }

  public Tensor exp() {
    return Elementwise.unary(Elementwise.Fn.EXP, this);
  }

  public Tensor log() {
    return Elementwise.unary(Elementwise.Fn.LOG, this);
  }

  public Tensor abs() {
    return Elementwise.unary(Elementwise.Fn.ABS, this);
  }

  public Tensor relu() {
    return Elementwise.unary(Elementwise.Fn.RELU, this);
  }

  /** GELU with the exact Gaussian CDF (PyTorch's default, TransformerLens "gelu"). */
  public Tensor gelu() {
    return Elementwise.unary(Elementwise.Fn.GELU, this);
  }

  /** GELU with the tanh approximation (TransformerLens "gelu_new"). */
  public Tensor geluTanh() {
    return Elementwise.unary(Elementwise.Fn.GELU_TANH, this);
  }

  public Tensor silu() {
    return Elementwise.unary(Elementwise.Fn.SILU, this);
  }

  public Tensor tanh() {
    return Elementwise.unary(Elementwise.Fn.TANH, this);
  }

  public Tensor sigmoid() {
    return Elementwise.unary(Elementwise.Fn.SIGMOID, this);
  }

  /** 1 where this == other (broadcasting), else 0. Not differentiable. */
  public Tensor eq(Tensor other) {
    return Elementwise.compare(Elementwise.Cmp.EQ, this, other);
  }

  public Tensor gt(Tensor other) {
    return Elementwise.compare(Elementwise.Cmp.GT, this, other);
  }

  public Tensor ge(Tensor other) {
    return Elementwise.compare(Elementwise.Cmp.GE, this, other);
  }

  public Tensor lt(Tensor other) {
    return Elementwise.compare(Elementwise.Cmp.LT, this, other);
  }

  public Tensor le(Tensor other) {
    return Elementwise.compare(Elementwise.Cmp.LE, this, other);
  }

  /** mask ? a : b elementwise (broadcasting); gradient flows to the chosen side. */
  public static Tensor where(Tensor mask, Tensor a, Tensor b) {
    return Elementwise.where(mask, a, b);
  }

  /** This tensor with {@code value} wherever {@code mask} (broadcast to this shape) is nonzero. */
  public Tensor maskedFill(Tensor mask, float value) {
    return Elementwise.maskedFill(this, mask, value);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (accumulated in float64), a scalar. */
  public Tensor sum() {
    return Reductions.sumAll(this, false);
  }

  /** Mean of all elements (accumulated in float64), a scalar. */
  public Tensor mean() {
    return Reductions.sumAll(this, true);
  }

  public Tensor sum(int axis, boolean keepDim) {
    return Reductions.sum(this, axis, keepDim, false);
  }

  public Tensor sum(int axis) {
    return sum(axis, false);
  }

  public Tensor mean(int axis, boolean keepDim) {
    return Reductions.sum(this, axis, keepDim, true);
  }

  public Tensor mean(int axis) {
    return mean(axis, false);
  }

  /** Maximum along {@code axis}; the gradient goes to the first maximal element. */
  public Tensor max(int axis, boolean keepDim) {
    return Reductions.max(this, axis, keepDim);
  }

  public Tensor max(int axis) {
    return max(axis, false);
  }

  /** Index of the first maximum along {@code axis}. */
  public IntTensor argmax(int axis) {
    return Reductions.argmax(this, axis);
  }

  /** Sum over axes so that the result has {@code target} shape (undoes broadcasting). */
  public Tensor sumToShape(Shape target) {
    return Reductions.sumToShape(this, target);
  }

  // ---------------------------------------------------------------- layout

  /** A view with new dimensions (one may be -1); shares the data. */
  public Tensor reshape(int... dims) {
    return Layout.reshape(this, dims);
  }

  /** Axes reordered: result axis i is input axis perm[i]. A copy. */
  public Tensor permute(int... perm) {
    return Layout.permute(this, perm);
  }

  /** Two axes swapped. A copy. */
  public Tensor transpose(int axis0, int axis1) {
    return Layout.transpose(this, axis0, axis1);
  }

  /** The range [from, to) of {@code axis}. A copy. */
  public Tensor slice(int axis, int from, int to) {
    return Layout.slice(this, axis, from, to);
  }

  /** Index {@code index} of {@code axis}, with that axis removed. A copy. */
  public Tensor select(int axis, int index) {
    return Layout.select(this, axis, index);
  }

  /** The given indices of {@code axis}, in order (repeats allowed). A copy. */
  public Tensor indexSelect(int axis, int[] indices) {
    return Layout.indexSelect(this, axis, indices);
  }

  /** result[i][j][k] = this[i][index[i][j][k]][k] for axis 1 (torch.gather semantics). */
  public Tensor gather(int axis, IntTensor index) {
    return Layout.gather(this, axis, index);
  }

  public static Tensor concat(int axis, Tensor... parts) {
    return Layout.concat(axis, parts);
  }

  public static Tensor stack(int axis, Tensor... parts) {
    return Layout.stack(axis, parts);
  }

  /** Rows of a [vocab, d] table for each token: shape tokens.shape + [d]. */
  public static Tensor embedding(Tensor table, IntTensor tokens) {
    return Layout.embedding(table, tokens);
  }

  /**
   * Weighted sums of table rows: out[e] = Σ_m weights[e, m] · table[rows[e, m]], with table
   * [R, d] and rows, weights [batch, terms] → [batch, d] (an embedding bag with per-sample
   * weights). Gradients flow to the table and the weights.
   */
  public static Tensor rowMixture(Tensor table, IntTensor rows, Tensor weights) {
    return RowTables.mixture(table, rows, weights);
  }

  /**
   * Dot products of table rows: out[e, i, j] = left[leftRows[e, i]] · right[rightRows[e, j]],
   * with left [Ra, d], right [Rb, d], leftRows [batch, i], rightRows [batch, j] → [batch, i, j].
   * Gradients flow to both tables.
   */
  public static Tensor rowPairDots(Tensor left, IntTensor leftRows, Tensor right, IntTensor rightRows) {
    return RowTables.pairDots(left, leftRows, right, rightRows);
  }

  // ---------------------------------------------------------------- products

  /**
   * Matrix product with broadcasting over leading (batch) axes: [..., m, k] · [..., k, n]. A 2-D
   * right operand is shared by every batch item.
   */
  public Tensor matmul(Tensor other) {
    return Products.matmul(this, false, other, false);
  }

  /**
   * {@code matmul(other).relu()} with one array fewer: the product's array becomes the
   * activation, rectified in place (the MLP hidden layer, the largest activation of a small
   * transformer). The same values and gradients, bit for bit.
   */
  public Tensor matmulRelu(Tensor other) {
    return Elementwise.reluInPlaceOf(matmul(other));
  }

  /** op(a) · op(b) where op transposes the last two axes when its flag is set. */
  public static Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
    return Products.matmul(a, transposeA, b, transposeB);
  }

  // ---------------------------------------------------------------- neural-network ops

  /** Softmax over the last axis. */
  public Tensor softmax() {
    return NeuralOps.softmax(this);
  }

  /** Log-softmax over the last axis, with the log-sum-exp in float64. */
  public Tensor logSoftmax() {
    return NeuralOps.logSoftmax(this);
  }

  /**
   * Mean cross-entropy of logits [..., classes] against integer targets [...]; targets equal to
   * {@code -1} are ignored. Log-sum-exp and the mean accumulate in float64: grokking losses reach
   * 1e-7, where float32 log-softmax is not precise enough.
   */
  public Tensor crossEntropy(IntTensor targets) {
    return NeuralOps.crossEntropy(this, targets);
  }

  /** Mean squared error against {@code target} (same shape), accumulated in float64. */
  public Tensor mse(Tensor target) {
    return NeuralOps.mse(this, target);
  }

  /**
   * Layer normalisation over the last axis: (x − mean) / √(var + eps) · weight + bias; weight and
   * bias may be null (LNPre).
   */
  public Tensor layerNorm(Tensor weight, Tensor bias, float eps) {
    return NeuralOps.layerNorm(this, weight, bias, eps);
  }
}
