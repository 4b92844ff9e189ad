package org.toylens.tensor;

import org.toylens.autograd.GradSink;

/**
 * Composite operations with fused forward and backward passes: softmax, log-softmax,
 * cross-entropy, mean squared error and layer normalisation. Each works on rows of the last axis
 * and keeps the statistics it needs for the backward pass.
 */
final class NeuralOps {

  private NeuralOps() {}

  static Tensor softmax(Tensor x) {
    int n = x.dim(-1), rows = x.size() / Math.max(1, n);
    float[] a = x.data();
    float[] y = new float[a.length];
    Parallel.forItems(rows, 8L * n, (lo, hi) -> {
      for (int r = lo; r < hi; r++) softmaxRow(a, y, r * n, n);
    });
    return Tensor.result(y, x.shape(), g -> {
      // dx = y ⊙ (g − Σ g⊙y)
      float[] gd = g.data();
      float[] gx = new float[gd.length];
      Parallel.forItems(rows, 4L * n, (lo, hi) -> {
        for (int r = lo; r < hi; r++) {
          int o = r * n;
          double dot = 0;
          for (int j = 0; j < n; j++) dot += (double) gd[o + j] * y[o + j];
          for (int j = 0; j < n; j++) gx[o + j] = (float) (y[o + j] * (gd[o + j] - dot));
        }
      });
      GradSink.give(x, gx);
    }, x);
  }

  private static void softmaxRow(float[] a, float[] y, int o, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) max = Math.max(max, a[o + j]);
    if (max == Float.NEGATIVE_INFINITY) { // a fully masked row: define it as zeros
      for (int j = 0; j < n; j++) y[o + j] = 0f;
      return;
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double e = Math.exp(a[o + j] - max);
      y[o + j] = (float) e;
      sum += e;
    }
    float inv = (float) (1 / sum);
    for (int j = 0; j < n; j++) y[o + j] *= inv;
  }

  /** log Σ exp(a[o..o+n)) in float64. */
  static double logSumExp(float[] a, int o, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) max = Math.max(max, a[o + j]);
    if (max == Double.NEGATIVE_INFINITY) return max;
    double sum = 0;
    for (int j = 0; j < n; j++) sum += Math.exp(a[o + j] - max);
    return max + Math.log(sum);
  }

  static Tensor logSoftmax(Tensor x) {
    int n = x.dim(-1), rows = x.size() / Math.max(1, n);
    float[] a = x.data();
    float[] y = new float[a.length];
    Parallel.forItems(rows, 8L * n, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        double lse = logSumExp(a, r * n, n);
        for (int j = 0; j < n; j++) y[r * n + j] = (float) (a[r * n + j] - lse);
      }
    });
    return Tensor.result(y, x.shape(), g -> {
      // dx = g − softmax · Σ g
      float[] gd = g.data();
      float[] gx = new float[gd.length];
      Parallel.forItems(rows, 4L * n, (lo, hi) -> {
        for (int r = lo; r < hi; r++) {
          int o = r * n;
          double s = 0;
          for (int j = 0; j < n; j++) s += gd[o + j];
          for (int j = 0; j < n; j++) gx[o + j] = (float) (gd[o + j] - Math.exp(y[o + j]) * s);
        }
      });
      GradSink.give(x, gx);
    }, x);
  }

  static Tensor crossEntropy(Tensor logits, IntTensor targets) {
    int c = logits.dim(-1), rows = logits.size() / Math.max(1, c);
    if (targets.size() != rows) {
      throw new IllegalArgumentException(
          "crossEntropy: " + rows + " rows of logits " + logits.shape() + " but " + targets.size() + " targets " + targets.shape());
    }
    int[] t = targets.data();
    float[] a = logits.data();
    double[] lse = new double[rows];
    int counted = 0;
    for (int r = 0; r < rows; r++) {
      if (t[r] == -1) continue;
      if (t[r] < 0 || t[r] >= c) {
        throw new IllegalArgumentException("crossEntropy: target " + t[r] + " at row " + r + " is outside [0, " + c + ")");
      }
      counted++;
    }
    double[] rowLoss = new double[rows];
    Parallel.forItems(rows, 8L * c, (lo, hi) -> {
      double[] scratch = new double[c];
      for (int r = lo; r < hi; r++) {
        if (t[r] == -1) continue;
        int o = r * c, arg = RowCrossEntropy.argmax(a, o, c);
        double log1p = RowCrossEntropy.log1pRest(a, o, c, arg, scratch); // see RowCrossEntropy
        lse[r] = a[o + arg] + log1p;
        rowLoss[r] = (a[o + arg] - a[o + t[r]]) + log1p;
      }
    });
    double total = 0;
    for (int r = 0; r < rows; r++) if (t[r] != -1) total += rowLoss[r];
    int count = counted;
    float loss = count == 0 ? 0f : (float) (total / count);
    return Tensor.result(new float[] {loss}, Shape.SCALAR, g -> {
      // d loss / d logits = (softmax − onehot) / count
      double scale = count == 0 ? 0 : g.data()[0] / (double) count;
      float[] gx = new float[a.length];
      Parallel.forItems(rows, 8L * c, (lo, hi) -> {
        double[] scratch = new double[c];
        for (int r = lo; r < hi; r++) {
          if (t[r] != -1) RowCrossEntropy.softmaxMinusOneHot(a, r * c, c, lse[r], t[r], scale, gx, scratch);
        }
      });
      GradSink.give(logits, gx);
    }, logits);
  }

  static Tensor mse(Tensor x, Tensor target) {
    if (!x.shape().equals(target.shape())) {
      throw new IllegalArgumentException("mse: shapes differ: " + x.shape() + " and " + target.shape());
    }
    float[] a = x.data(), b = target.data();
    int n = a.length;
    double s = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) a[i] - b[i];
      s += d * d;
    }
    float loss = (float) (s / n);
    return Tensor.result(new float[] {loss}, Shape.SCALAR, g -> {
      float scale = 2f * g.data()[0] / n;
      if (x.requiresGrad()) {
        float[] gx = new float[n];
        for (int i = 0; i < n; i++) gx[i] = scale * (a[i] - b[i]);
        GradSink.give(x, gx);
      }
      if (target.requiresGrad()) {
        float[] gt = new float[n];
        for (int i = 0; i < n; i++) gt[i] = -scale * (a[i] - b[i]);
        GradSink.give(target, gt);
      }
    }, x, target);
  }

  static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
    int d = x.dim(-1), rows = x.size() / Math.max(1, d);
    if (weight != null && weight.size() != d) throw new IllegalArgumentException("layerNorm: weight " + weight.shape() + " for rows of " + d);
    if (bias != null && bias.size() != d) throw new IllegalArgumentException("layerNorm: bias " + bias.shape() + " for rows of " + d);
    float[] a = x.data();
    float[] w = weight == null ? null : weight.data();
    float[] b = bias == null ? null : bias.data();
    float[] xhat = new float[a.length];
    float[] rstd = new float[rows];
    float[] y = new float[a.length];
    Parallel.forItems(rows, 6L * d, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        int o = r * d;
        double mean = 0;
        for (int j = 0; j < d; j++) mean += a[o + j];
        mean /= d;
        double var = 0;
        for (int j = 0; j < d; j++) {
          double c = a[o + j] - mean;
          var += c * c;
        }
        var /= d;
        double inv = 1 / Math.sqrt(var + eps);
        rstd[r] = (float) inv;
        for (int j = 0; j < d; j++) {
          float h = (float) ((a[o + j] - mean) * inv);
          xhat[o + j] = h;
          y[o + j] = (w == null ? h : h * w[j]) + (b == null ? 0f : b[j]);
        }
      }
    });
    return Tensor.result(y, x.shape(), g -> {
      float[] gd = g.data();
      if (x.requiresGrad()) {
        // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat)), dxhat = g ⊙ w
        float[] gx = new float[a.length];
        Parallel.forItems(rows, 6L * d, (lo, hi) -> {
          for (int r = lo; r < hi; r++) {
            int o = r * d;
            double m1 = 0, m2 = 0;
            for (int j = 0; j < d; j++) {
              double dh = w == null ? gd[o + j] : gd[o + j] * w[j];
              m1 += dh;
              m2 += dh * xhat[o + j];
            }
            m1 /= d;
            m2 /= d;
            for (int j = 0; j < d; j++) {
              double dh = w == null ? gd[o + j] : gd[o + j] * w[j];
              gx[o + j] = (float) (rstd[r] * (dh - m1 - xhat[o + j] * m2));
            }
          }
        });
        GradSink.give(x, gx);
      }
      if (weight != null && weight.requiresGrad()) {
        float[] prod = new float[a.length];
        for (int i = 0; i < prod.length; i++) prod[i] = gd[i] * xhat[i];
        GradSink.give(weight, Reductions.sumTo(prod, x.shape(), weight.shape()));
      }
      if (bias != null && bias.requiresGrad()) {
        GradSink.give(bias, Reductions.sumTo(gd, x.shape(), bias.shape()));
      }
    }, x, weight, bias);
  }
}
