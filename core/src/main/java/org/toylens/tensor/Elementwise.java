package org.toylens.tensor;

import org.toylens.autograd.GradSink;

/**
 * Elementwise operations, each with its backward pass beside it. Binary operations broadcast
 * (see {@link Broadcast}); the gradient flowing to a broadcast operand is summed back to its
 * shape.
 */
final class Elementwise {

  private Elementwise() {}

  /** Work per element below which a loop stays on one thread. */
  private static final int CHEAP = 1;

  private static final int COSTLY = 16;

  // ================================================================== binary arithmetic

  enum Op { ADD, SUB, MUL, DIV }

  static Tensor binary(Op op, Tensor a, Tensor b) {
    Shape out = Broadcast.shape(a.shape(), b.shape());
    float[] r = new float[out.size()];
    compute(op, a.data(), a.shape(), b.data(), b.shape(), r, out);
    return Tensor.result(r, out, g -> binaryBackward(op, a, b, out, g), a, b);
  }

  private static void binaryBackward(Op op, Tensor a, Tensor b, Shape out, GradSink g) {
    float[] grad = g.data();
    switch (op) {
      case ADD -> {
        giveReduced(a, grad, out, g);
        giveReduced(b, grad, out, g);
      }
      case SUB -> {
        giveReduced(a, grad, out, g);
        if (b.requiresGrad()) giveReducedFresh(b, negate(grad), out);
      }
      case MUL -> {
        if (a.requiresGrad()) giveReducedFresh(a, raw(Op.MUL, grad, out, b), out);
        if (b.requiresGrad()) giveReducedFresh(b, raw(Op.MUL, grad, out, a), out);
      }
      case DIV -> {
        if (a.requiresGrad()) giveReducedFresh(a, raw(Op.DIV, grad, out, b), out);
        if (b.requiresGrad()) {
          // d(a/b)/db = -a/b² ; computed as -(g · a / b) / b
          float[] t = raw(Op.DIV, raw(Op.MUL, grad, out, a), out, b);
          float[] t2 = raw(Op.DIV, t, out, b);
          for (int i = 0; i < t2.length; i++) t2[i] = -t2[i];
          giveReducedFresh(b, t2, out);
        }
      }
    }
  }

  /** grad (shape out) op operand (broadcast to out), as a new array. */
  private static float[] raw(Op op, float[] grad, Shape out, Tensor operand) {
    float[] r = new float[out.size()];
    compute(op, grad, out, operand.data(), operand.shape(), r, out);
    return r;
  }

  private static void giveReduced(Tensor input, float[] grad, Shape out, GradSink g) {
    if (!input.requiresGrad()) return;
    if (input.shape().equals(out)) g.passTo(input);
    else GradSink.give(input, Reductions.sumTo(grad, out, input.shape()));
  }

  private static void giveReducedFresh(Tensor input, float[] fresh, Shape out) {
    GradSink.give(input, input.shape().equals(out) ? fresh : Reductions.sumTo(fresh, out, input.shape()));
  }

  private static float[] negate(float[] g) {
    float[] r = new float[g.length];
    for (int i = 0; i < r.length; i++) r[i] = -g[i];
    return r;
  }

  /** r = a op b with broadcasting to {@code out}. */
  static void compute(Op op, float[] a, Shape as, float[] b, Shape bs, float[] r, Shape out) {
    int n = r.length;
    Broadcast.Kind ka = Broadcast.kind(as, out), kb = Broadcast.kind(bs, out);
    if (ka == Broadcast.Kind.SAME && kb == Broadcast.Kind.SAME) {
      Parallel.forItems(n, CHEAP, (lo, hi) -> vv(op, a, lo, b, lo, r, lo, hi - lo));
    } else if (ka == Broadcast.Kind.SAME && kb == Broadcast.Kind.SCALAR) {
      float c = b[0];
      Parallel.forItems(n, CHEAP, (lo, hi) -> vs(op, a, lo, c, r, lo, hi - lo));
    } else if (ka == Broadcast.Kind.SCALAR && kb == Broadcast.Kind.SAME) {
      float c = a[0];
      Parallel.forItems(n, CHEAP, (lo, hi) -> sv(op, c, b, lo, r, lo, hi - lo));
    } else if (ka == Broadcast.Kind.SAME && kb == Broadcast.Kind.SUFFIX) {
      int len = b.length, rows = n / len;
      Parallel.forItems(rows, len, (lo, hi) -> {
        for (int row = lo; row < hi; row++) vv(op, a, row * len, b, 0, r, row * len, len);
      });
    } else if (ka == Broadcast.Kind.SUFFIX && kb == Broadcast.Kind.SAME) {
      int len = a.length, rows = n / len;
      Parallel.forItems(rows, len, (lo, hi) -> {
        for (int row = lo; row < hi; row++) vv(op, a, 0, b, row * len, r, row * len, len);
      });
    } else if (ka == Broadcast.Kind.SAME && kb == Broadcast.Kind.PREFIX) {
      int rows = b.length, len = n / rows;
      Parallel.forItems(rows, len, (lo, hi) -> {
        for (int row = lo; row < hi; row++) vs(op, a, row * len, b[row], r, row * len, len);
      });
    } else if (ka == Broadcast.Kind.PREFIX && kb == Broadcast.Kind.SAME) {
      int rows = a.length, len = n / rows;
      Parallel.forItems(rows, len, (lo, hi) -> {
        for (int row = lo; row < hi; row++) sv(op, a[row], b, row * len, r, row * len, len);
      });
    } else {
      int[] oa = Broadcast.offsets(as, out), ob = Broadcast.offsets(bs, out);
      for (int i = 0; i < n; i++) r[i] = apply(op, a[oa[i]], b[ob[i]]);
    }
  }

  private static float apply(Op op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
    };
  }

  // One loop per operation so that the JIT vectorises each.
  private static void vv(Op op, float[] a, int ao, float[] b, int bo, float[] r, int ro, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] + b[bo + i]; }
      case SUB -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] - b[bo + i]; }
      case MUL -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] * b[bo + i]; }
      case DIV -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] / b[bo + i]; }
    }
  }

  private static void vs(Op op, float[] a, int ao, float c, float[] r, int ro, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] + c; }
      case SUB -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] - c; }
      case MUL -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] * c; }
      case DIV -> { for (int i = 0; i < n; i++) r[ro + i] = a[ao + i] / c; }
    }
  }

  private static void sv(Op op, float c, float[] b, int bo, float[] r, int ro, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) r[ro + i] = c + b[bo + i]; }
      case SUB -> { for (int i = 0; i < n; i++) r[ro + i] = c - b[bo + i]; }
      case MUL -> { for (int i = 0; i < n; i++) r[ro + i] = c * b[bo + i]; }
      case DIV -> { for (int i = 0; i < n; i++) r[ro + i] = c / b[bo + i]; }
    }
  }

  // ================================================================== scalar affine and power

  /** y = scale · x + shift. */
  static Tensor affine(Tensor x, float scale, float shift) {
    float[] a = x.data();
    float[] r = new float[a.length];
    Parallel.forItems(a.length, CHEAP, (lo, hi) -> {
      for (int i = lo; i < hi; i++) r[i] = scale * a[i] + shift;
    });
    return Tensor.result(r, x.shape(), g -> {
      if (scale == 1f) {
        g.passTo(x);
        return;
      }
      float[] gd = g.data();
      float[] gx = new float[gd.length];
      for (int i = 0; i < gx.length; i++) gx[i] = scale * gd[i];
      GradSink.give(x, gx);
    }, x);
  }

  static Tensor pow(Tensor x, float p) {
    float[] a = x.data();
    float[] r = new float[a.length];
    for (int i = 0; i < a.length; i++) r[i] = (float) Math.pow(a[i], p);
    return Tensor.result(r, x.shape(), g -> {
      float[] gd = g.data();
      float[] gx = new float[gd.length];
      for (int i = 0; i < gx.length; i++) gx[i] = (float) (gd[i] * p * Math.pow(a[i], p - 1));
      GradSink.give(x, gx);
    }, x);
  }

  // ================================================================== unary functions

  enum Fn { SQUARE, SQRT, EXP, LOG, ABS, RELU, GELU, GELU_TANH, SILU, TANH, SIGMOID }

  static Tensor unary(Fn fn, Tensor x) {
    float[] a = x.data();
    float[] r = new float[a.length];
    int cost = switch (fn) {
      case SQUARE, ABS, RELU -> CHEAP;
      default -> COSTLY;
    };
    Parallel.forItems(a.length, cost, (lo, hi) -> forward(fn, a, r, lo, hi));
    return Tensor.result(r, x.shape(), g -> backward(fn, cost, a, r, g, x), x);
  }

  /**
   * ReLU of a tensor whose array nobody else reads any more (a product just computed, used only
   * here): the result takes over the array, rectified in place, so a [batch, d_mlp] activation
   * costs one array instead of two. ReLU's backward needs only the result, so nothing is lost.
   */
  static Tensor reluInPlaceOf(Tensor fresh) {
    float[] r = fresh.data();
    Parallel.forItems(r.length, CHEAP, (lo, hi) -> forward(Fn.RELU, r, r, lo, hi));
    return Tensor.result(r, fresh.shape(), g -> backward(Fn.RELU, CHEAP, r, r, g, fresh), fresh);
  }

  /**
   * gx = g · f'(x) handed to x: in the incoming gradient's own array when nobody else keeps it
   * ({@link GradSink#reusable}; each element depends on the same element of g alone).
   */
  private static void backward(Fn fn, int cost, float[] a, float[] r, GradSink g, Tensor x) {
    float[] gd = g.data();
    float[] reused = g.reusable();
    float[] gx = reused != null ? reused : new float[gd.length];
    Parallel.forItems(gd.length, cost, (lo, hi) -> derivative(fn, a, r, gd, gx, lo, hi));
    GradSink.give(x, gx);
  }

  private static void forward(Fn fn, float[] a, float[] r, int lo, int hi) {
    switch (fn) {
      case SQUARE -> { for (int i = lo; i < hi; i++) r[i] = a[i] * a[i]; }
      case SQRT -> { for (int i = lo; i < hi; i++) r[i] = (float) Math.sqrt(a[i]); }
      case EXP -> { for (int i = lo; i < hi; i++) r[i] = (float) Math.exp(a[i]); }
      case LOG -> { for (int i = lo; i < hi; i++) r[i] = (float) Math.log(a[i]); }
      case ABS -> { for (int i = lo; i < hi; i++) r[i] = Math.abs(a[i]); }
      // Math.max compiles to a vector max; a compare-and-branch stays scalar and mispredicts on
      // the random signs of pre-activations (about 20x slower on a [3830, 512] activation).
      // Like PyTorch's relu, a NaN input gives NaN.
      case RELU -> { for (int i = lo; i < hi; i++) r[i] = Math.max(a[i], 0f); }
      case GELU -> { for (int i = lo; i < hi; i++) r[i] = (float) (a[i] * SpecialFunctions.normalCdf(a[i])); }
      case GELU_TANH -> { for (int i = lo; i < hi; i++) r[i] = (float) geluTanh(a[i]); }
      case SILU -> { for (int i = lo; i < hi; i++) r[i] = (float) (a[i] / (1 + Math.exp(-a[i]))); }
      case TANH -> { for (int i = lo; i < hi; i++) r[i] = (float) Math.tanh(a[i]); }
      case SIGMOID -> { for (int i = lo; i < hi; i++) r[i] = (float) (1 / (1 + Math.exp(-a[i]))); }
    }
  }

  /** gx = g · f'(x), with x = a and f(x) = r; gx may be g itself (each i reads g[i] first). */
  private static void derivative(Fn fn, float[] a, float[] r, float[] g, float[] gx, int lo, int hi) {
    switch (fn) {
      case SQUARE -> { for (int i = lo; i < hi; i++) gx[i] = 2f * a[i] * g[i]; }
      case SQRT -> { for (int i = lo; i < hi; i++) gx[i] = 0.5f * g[i] / r[i]; }
      case EXP -> { for (int i = lo; i < hi; i++) gx[i] = g[i] * r[i]; }
      case LOG -> { for (int i = lo; i < hi; i++) gx[i] = g[i] / a[i]; }
      case ABS -> { for (int i = lo; i < hi; i++) gx[i] = a[i] > 0 ? g[i] : a[i] < 0 ? -g[i] : 0f; }
      case RELU -> {
        // g where relu(x) = r is nonzero (x > 0, or NaN), else 0, without a branch: a mask of
        // all ones when r's bits are nonzero (r is never −0), applied to g's bits. Vectorises.
        for (int i = lo; i < hi; i++) {
          int bits = Float.floatToRawIntBits(r[i]);
          int keep = (bits | -bits) >> 31;
          gx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
        }
      }
      case GELU -> {
        // d/dx [x Φ(x)] = Φ(x) + x φ(x)
        for (int i = lo; i < hi; i++) {
          double x = a[i];
          gx[i] = (float) (g[i] * (SpecialFunctions.normalCdf(x) + x * SpecialFunctions.normalPdf(x)));
        }
      }
      case GELU_TANH -> { for (int i = lo; i < hi; i++) gx[i] = (float) (g[i] * geluTanhDerivative(a[i])); }
      case SILU -> {
        for (int i = lo; i < hi; i++) {
          double s = 1 / (1 + Math.exp(-a[i]));
          gx[i] = (float) (g[i] * s * (1 + a[i] * (1 - s)));
        }
      }
      case TANH -> { for (int i = lo; i < hi; i++) gx[i] = g[i] * (1f - r[i] * r[i]); }
      case SIGMOID -> { for (int i = lo; i < hi; i++) gx[i] = g[i] * r[i] * (1f - r[i]); }
    }
  }

  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /** GELU, tanh approximation: 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))) (Hendrycks & Gimpel 2016). */
  static double geluTanh(double x) {
    return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
  }

  static double geluTanhDerivative(double x) {
    double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
    double t = Math.tanh(u);
    double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
  }

  // ================================================================== comparisons and masks

  enum Cmp { EQ, GT, GE, LT, LE }

  static Tensor compare(Cmp cmp, Tensor a, Tensor b) {
    Shape out = Broadcast.shape(a.shape(), b.shape());
    int[] oa = Broadcast.offsets(a.shape(), out), ob = Broadcast.offsets(b.shape(), out);
    float[] x = a.data(), y = b.data();
    float[] r = new float[out.size()];
    for (int i = 0; i < r.length; i++) {
      float u = x[oa[i]], v = y[ob[i]];
      boolean t = switch (cmp) {
        case EQ -> u == v;
        case GT -> u > v;
        case GE -> u >= v;
        case LT -> u < v;
        case LE -> u <= v;
      };
      r[i] = t ? 1f : 0f;
    }
    return Tensor.of(r, out);
  }

  static Tensor where(Tensor mask, Tensor a, Tensor b) {
    Shape out = Broadcast.shape(Broadcast.shape(mask.shape(), a.shape()), b.shape());
    int[] om = Broadcast.offsets(mask.shape(), out);
    int[] oa = Broadcast.offsets(a.shape(), out);
    int[] ob = Broadcast.offsets(b.shape(), out);
    float[] m = mask.data(), x = a.data(), y = b.data();
    float[] r = new float[out.size()];
    for (int i = 0; i < r.length; i++) r[i] = m[om[i]] != 0f ? x[oa[i]] : y[ob[i]];
    return Tensor.result(r, out, g -> {
      float[] gd = g.data();
      if (a.requiresGrad()) {
        float[] ga = new float[gd.length];
        for (int i = 0; i < ga.length; i++) if (m[om[i]] != 0f) ga[i] = gd[i];
        giveReducedFresh(a, ga, out);
      }
      if (b.requiresGrad()) {
        float[] gb = new float[gd.length];
        for (int i = 0; i < gb.length; i++) if (m[om[i]] == 0f) gb[i] = gd[i];
        giveReducedFresh(b, gb, out);
      }
    }, a, b);
  }

  static Tensor maskedFill(Tensor x, Tensor mask, float value) {
    Shape out = x.shape();
    Shape joint = Broadcast.shape(out, mask.shape());
    if (!joint.equals(out)) {
      throw new IllegalArgumentException("maskedFill: mask " + mask.shape() + " does not broadcast to " + out);
    }
    float[] m = mask.data(), a = x.data();
    float[] r = a.clone();
    boolean[] hit = new boolean[r.length];
    if (Broadcast.kind(mask.shape(), out) == Broadcast.Kind.SUFFIX) {
      int len = m.length;
      for (int i = 0; i < r.length; i++) hit[i] = m[i % len] != 0f;
    } else {
      int[] om = Broadcast.offsets(mask.shape(), out);
      for (int i = 0; i < r.length; i++) hit[i] = m[om[i]] != 0f;
    }
    for (int i = 0; i < r.length; i++) if (hit[i]) r[i] = value;
    return Tensor.result(r, out, g -> {
      float[] gd = g.data();
      float[] gx = new float[gd.length];
      for (int i = 0; i < gx.length; i++) if (!hit[i]) gx[i] = gd[i];
      GradSink.give(x, gx);
    }, x);
  }
}
