package org.toylens.tensor;

import org.toylens.autograd.GradSink;

/**
 * Operations that move values without computing new ones: reshape (a view), permute, slice,
 * select, index-select, gather, concat, stack and embedding lookup (copies). Each backward pass
 * scatters the gradient back to where the values came from.
 */
final class Layout {

  private Layout() {}

  static Tensor reshape(Tensor x, int[] dims) {
    int[] d = dims.clone();
    int infer = -1, known = 1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        if (infer >= 0) throw new IllegalArgumentException("reshape: only one axis may be -1");
        infer = i;
      } else {
        known *= d[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || x.size() % known != 0) {
        throw new IllegalArgumentException("reshape: cannot infer axis for " + x.shape() + " -> " + java.util.Arrays.toString(dims));
      }
      d[infer] = x.size() / known;
    }
    Shape s = Shape.of(d);
    if (s.size() != x.size()) {
      throw new IllegalArgumentException("reshape: " + x.shape() + " (" + x.size() + " values) cannot become " + s);
    }
    return Tensor.result(x.data(), s, g -> g.passTo(x), x);
  }

  static Tensor transpose(Tensor x, int a0, int a1) {
    int r = x.rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) perm[i] = i;
    int i0 = x.shape().axis(a0), i1 = x.shape().axis(a1);
    perm[i0] = i1;
    perm[i1] = i0;
    return permute(x, perm);
  }

  static Tensor permute(Tensor x, int[] axes) {
    int[] perm = axes.clone();
    Shape s = x.shape();
    int r = s.rank();
    if (perm.length != r) throw new IllegalArgumentException("permute: " + perm.length + " axes given for shape " + s);
    boolean[] used = new boolean[r];
    int[] outDims = new int[r];
    for (int i = 0; i < r; i++) {
      int p = s.axis(perm[i]);
      if (used[p]) throw new IllegalArgumentException("permute: axis " + p + " repeated in " + java.util.Arrays.toString(perm));
      used[p] = true;
      perm[i] = p;
      outDims[i] = s.dim(p);
    }
    Shape out = Shape.of(outDims);
    float[] res = permuteData(x.data(), s, perm, out);
    int[] inverse = new int[r];
    for (int i = 0; i < r; i++) inverse[perm[i]] = i;
    return Tensor.result(res, out, g -> GradSink.give(x, permuteData(g.data(), out, inverse, s)), x);
  }

  /** Copies {@code src} (shape {@code in}) into the axis order {@code perm} (shape {@code out}). */
  static float[] permuteData(float[] src, Shape in, int[] perm, Shape out) {
    int r = in.rank();
    float[] dst = new float[src.length];
    if (src.length == 0) return dst;
    int[] inStrides = in.strides();
    int[] srcStride = new int[r]; // stride in src of each output axis
    for (int i = 0; i < r; i++) srcStride[i] = inStrides[perm[i]];
    int[] od = out.dims();
    // The last output axis is copied as a run; parallel over the rest.
    int last = r == 0 ? 1 : od[r - 1];
    int lastStride = r == 0 ? 1 : srcStride[r - 1];
    int rows = src.length / last;
    Parallel.forItems(rows, last, (lo, hi) -> {
      int[] idx = new int[Math.max(0, r - 1)];
      // decode the starting row index
      int rem = lo;
      for (int ax = r - 2; ax >= 0; ax--) {
        idx[ax] = rem % od[ax];
        rem /= od[ax];
      }
      int off = 0;
      for (int ax = 0; ax < r - 1; ax++) off += idx[ax] * srcStride[ax];
      for (int row = lo; row < hi; row++) {
        int d = row * last;
        if (lastStride == 1) {
          System.arraycopy(src, off, dst, d, last);
        } else {
          for (int j = 0, o = off; j < last; j++, o += lastStride) dst[d + j] = src[o];
        }
        for (int ax = r - 2; ax >= 0; ax--) {
          idx[ax]++;
          off += srcStride[ax];
          if (idx[ax] < od[ax]) break;
          off -= srcStride[ax] * od[ax];
          idx[ax] = 0;
        }
      }
    });
    return dst;
  }

  static Tensor slice(Tensor x, int axis, int from, int to) {
    Shape s = x.shape();
    int ax = s.axis(axis);
    int len = s.dim(ax);
    if (from < 0 || to > len || from > to) {
      throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for axis " + axis + " of size " + len);
    }
    int outer = s.size(0, ax), inner = s.size(ax + 1, s.rank()), width = to - from;
    float[] a = x.data();
    float[] r = new float[outer * width * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(a, (o * len + from) * inner, r, o * width * inner, width * inner);
    }
    return Tensor.result(r, s.with(ax, width), g -> {
      float[] gd = g.data();
      float[] gx = new float[a.length];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(gd, o * width * inner, gx, (o * len + from) * inner, width * inner);
      }
      GradSink.give(x, gx);
    }, x);
  }

  static Tensor select(Tensor x, int axis, int index) {
    int ax = x.shape().axis(axis);
    int len = x.shape().dim(ax);
    int i = index < 0 ? index + len : index;
    return reshape(slice(x, ax, i, i + 1), x.shape().without(ax).dims());
  }

  static Tensor indexSelect(Tensor x, int axis, int[] indices) {
    Shape s = x.shape();
    int ax = s.axis(axis);
    int len = s.dim(ax);
    int outer = s.size(0, ax), inner = s.size(ax + 1, s.rank()), k = indices.length;
    for (int j = 0; j < k; j++) {
      if (indices[j] < 0 || indices[j] >= len) {
        throw new IndexOutOfBoundsException("indexSelect: index " + indices[j] + " out of range for axis " + axis + " of size " + len);
      }
    }
    float[] a = x.data();
    float[] r = new float[outer * k * inner];
    Parallel.forItems(outer, (long) k * inner, (lo, hi) -> {
      for (int o = lo; o < hi; o++) {
        for (int j = 0; j < k; j++) {
          System.arraycopy(a, (o * len + indices[j]) * inner, r, (o * k + j) * inner, inner);
        }
      }
    });
    return Tensor.result(r, s.with(ax, k), g -> {
      float[] gd = g.data();
      float[] gx = new float[a.length];
      for (int o = 0; o < outer; o++) {
        for (int j = 0; j < k; j++) {
          int src = (o * k + j) * inner, dst = (o * len + indices[j]) * inner;
          for (int i = 0; i < inner; i++) gx[dst + i] += gd[src + i];
        }
      }
      GradSink.give(x, gx);
    }, x);
  }

  static Tensor gather(Tensor x, int axis, IntTensor index) {
    Shape s = x.shape(), is = index.shape();
    int ax = s.axis(axis);
    if (is.rank() != s.rank()) {
      throw new IllegalArgumentException("gather: index rank " + is.rank() + " differs from input rank " + s.rank());
    }
    for (int d = 0; d < s.rank(); d++) {
      if (d != ax && is.dim(d) != s.dim(d)) {
        throw new IllegalArgumentException("gather: index shape " + is + " must match input " + s + " except on axis " + axis);
      }
    }
    int outer = s.size(0, ax), len = s.dim(ax), inner = s.size(ax + 1, s.rank()), k = is.dim(ax);
    int[] idx = index.data();
    float[] a = x.data();
    float[] r = new float[idx.length];
    int[] src = new int[idx.length];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < k; j++) {
        for (int i = 0; i < inner; i++) {
          int p = (o * k + j) * inner + i;
          int v = idx[p];
          if (v < 0 || v >= len) throw new IndexOutOfBoundsException("gather: index " + v + " out of range for axis size " + len);
          src[p] = (o * len + v) * inner + i;
          r[p] = a[src[p]];
        }
      }
    }
    return Tensor.result(r, is, g -> {
      float[] gd = g.data();
      float[] gx = new float[a.length];
      for (int p = 0; p < gd.length; p++) gx[src[p]] += gd[p];
      GradSink.give(x, gx);
    }, x);
  }

  static Tensor concat(int axis, Tensor... parts) {
    if (parts.length == 0) throw new IllegalArgumentException("concat of no tensors");
    Shape s0 = parts[0].shape();
    int ax = s0.axis(axis);
    int total = 0;
    for (Tensor t : parts) {
      Shape s = t.shape();
      if (s.rank() != s0.rank()) throw new IllegalArgumentException("concat: ranks differ: " + s0 + " and " + s);
      for (int d = 0; d < s.rank(); d++) {
        if (d != ax && s.dim(d) != s0.dim(d)) {
          throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + s0 + " and " + s + " differ elsewhere");
        }
      }
      total += s.dim(ax);
    }
    int outer = s0.size(0, ax), inner = s0.size(ax + 1, s0.rank());
    float[] r = new float[outer * total * inner];
    int[] starts = new int[parts.length];
    int at = 0;
    for (int p = 0; p < parts.length; p++) {
      starts[p] = at;
      int w = parts[p].shape().dim(ax);
      float[] a = parts[p].data();
      for (int o = 0; o < outer; o++) System.arraycopy(a, o * w * inner, r, (o * total + at) * inner, w * inner);
      at += w;
    }
    final int tot = total;
    return Tensor.result(r, s0.with(ax, total), g -> {
      float[] gd = g.data();
      for (int p = 0; p < parts.length; p++) {
        if (!parts[p].requiresGrad()) continue;
        int w = parts[p].shape().dim(ax);
        float[] gp = new float[outer * w * inner];
        for (int o = 0; o < outer; o++) System.arraycopy(gd, (o * tot + starts[p]) * inner, gp, o * w * inner, w * inner);
        GradSink.give(parts[p], gp);
      }
    }, parts);
  }

  static Tensor stack(int axis, Tensor... parts) {
    if (parts.length == 0) throw new IllegalArgumentException("stack of no tensors");
    Shape s0 = parts[0].shape();
    int ax = axis < 0 ? axis + s0.rank() + 1 : axis;
    if (ax < 0 || ax > s0.rank()) throw new IllegalArgumentException("stack: axis " + axis + " out of range for " + s0);
    Tensor[] expanded = new Tensor[parts.length];
    for (int p = 0; p < parts.length; p++) {
      if (!parts[p].shape().equals(s0)) {
        throw new IllegalArgumentException("stack: shapes differ: " + s0 + " and " + parts[p].shape());
      }
      int[] d = new int[s0.rank() + 1];
      for (int i = 0, j = 0; i < d.length; i++) d[i] = i == ax ? 1 : s0.dim(j++);
      expanded[p] = reshape(parts[p], d);
    }
    return concat(ax, expanded);
  }

  static Tensor embedding(Tensor table, IntTensor tokens) {
    if (table.rank() != 2) throw new IllegalArgumentException("embedding: table must be [vocab, d], got " + table.shape());
    int vocab = table.dim(0), d = table.dim(1);
    int[] tok = tokens.data();
    for (int i = 0; i < tok.length; i++) {
      if (tok[i] < 0 || tok[i] >= vocab) {
        throw new IndexOutOfBoundsException("embedding: token " + tok[i] + " at position " + i + " is outside the vocabulary [0, " + vocab + ")");
      }
    }
    float[] w = table.data();
    float[] r = new float[tok.length * d];
    Parallel.forItems(tok.length, d, (lo, hi) -> {
      for (int i = lo; i < hi; i++) System.arraycopy(w, tok[i] * d, r, i * d, d);
    });
    return Tensor.result(r, tokens.shape().append(d), g -> {
      // Row r of the table's gradient sums the rows of g that read it, in an order fixed by tok.
      GradSink.give(table, RowTables.gatherGradient(tok, vocab, g.data(), d));
    }, table);
  }
}
