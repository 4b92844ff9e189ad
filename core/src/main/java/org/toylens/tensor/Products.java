package org.toylens.tensor;

import org.toylens.autograd.GradSink;
import org.toylens.tensor.kernels.Gemm;

/**
 * Matrix products over the last two axes, batched over the leading ones, with transpose flags
 * so that neither the forward nor the backward pass copies an operand to transpose it.
 *
 * <p>For C = op(A)·op(B) the gradients are dA = dC·op(B)ᵀ (or op(B)·dCᵀ when A is stored
 * transposed) and dB = op(A)ᵀ·dC (or dCᵀ·op(A)); each is one GEMM with suitable flags.
 */
final class Products {

  private Products() {}

  static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
    Shape sa = a.shape(), sb = b.shape();
    if (sa.rank() < 2 || sb.rank() < 2) {
      throw new IllegalArgumentException("matmul needs operands of rank >= 2, got " + sa + " and " + sb);
    }
    int ra = sa.dim(-2), ca = sa.dim(-1), rb = sb.dim(-2), cb = sb.dim(-1);
    int m = transA ? ca : ra, k = transA ? ra : ca;
    int kb = transB ? cb : rb, n = transB ? rb : cb;
    if (k != kb) {
      throw new IllegalArgumentException("matmul: inner sizes differ: " + describe(sa, transA) + " · " + describe(sb, transB));
    }
    Shape batchA = Shape.of(java.util.Arrays.copyOf(sa.dims(), sa.rank() - 2));
    Shape batchB = Shape.of(java.util.Arrays.copyOf(sb.dims(), sb.rank() - 2));

    if (sb.rank() == 2 && !transA) {
      return flattened(a, b, transB, batchA.size() * m, n, k, batchA.append(m, n));
    }

    Shape batch = Broadcast.shape(batchA, batchB);
    int count = batch.size();
    int strideA = batchStride(batchA, batch, ra * ca, "left");
    int strideB = batchStride(batchB, batch, rb * cb, "right");
    float[] c = FloatArrays.overwritten(count * m * n);
    float[] ad = a.data(), bd = b.data();
    Gemm.batchedGemm(count, transA, transB, m, n, k, ad, 0, strideA, ca, bd, 0, strideB, cb, c, 0, m * n, n, false);
    return Tensor.result(c, batch.append(m, n), g -> {
      float[] gc = g.data();
      if (a.requiresGrad()) {
        float[] ga = FloatArrays.overwritten(count * ra * ca);
        if (!transA) {
          Gemm.batchedGemm(count, false, !transB, m, k, n, gc, 0, m * n, n, bd, 0, strideB, cb, ga, 0, ra * ca, ca, false);
        } else {
          Gemm.batchedGemm(count, transB, true, k, m, n, bd, 0, strideB, cb, gc, 0, m * n, n, ga, 0, ra * ca, ca, false);
        }
        GradSink.give(a, strideA == 0 ? sumBatches(ga, count, ra * ca) : ga);
      }
      if (b.requiresGrad()) {
        float[] gb = FloatArrays.overwritten(count * rb * cb);
        if (!transB) {
          Gemm.batchedGemm(count, !transA, false, k, n, m, ad, 0, strideA, ca, gc, 0, m * n, n, gb, 0, rb * cb, cb, false);
        } else {
          Gemm.batchedGemm(count, true, transA, n, k, m, gc, 0, m * n, n, ad, 0, strideA, ca, gb, 0, rb * cb, cb, false);
        }
        GradSink.give(b, strideB == 0 ? sumBatches(gb, count, rb * cb) : gb);
      }
    }, a, b);
  }

  /** [..., m, k] · op(B) with a 2-D B: all batch rows form one tall matrix, one GEMM. */
  private static Tensor flattened(Tensor a, Tensor b, boolean transB, int rows, int n, int k, Shape out) {
    float[] ad = a.data(), bd = b.data();
    int ldb = b.dim(1);
    float[] c = FloatArrays.overwritten(rows * n);
    Gemm.gemm(false, transB, rows, n, k, ad, 0, k, bd, 0, ldb, c, 0, n, false);
    return Tensor.result(c, out, g -> {
      float[] gc = g.data();
      if (a.requiresGrad()) {
        float[] ga = FloatArrays.overwritten(rows * k);
        Gemm.gemm(false, !transB, rows, k, n, gc, 0, n, bd, 0, ldb, ga, 0, k, false);
        GradSink.give(a, ga);
      }
      if (b.requiresGrad()) {
        float[] gb = FloatArrays.overwritten(k * n);
        if (!transB) {
          Gemm.gemm(true, false, k, n, rows, ad, 0, k, gc, 0, n, gb, 0, n, false); // [k, n]
        } else {
          Gemm.gemm(true, false, n, k, rows, gc, 0, n, ad, 0, k, gb, 0, k, false); // [n, k]
        }
        GradSink.give(b, gb);
      }
    }, a, b);
  }

  private static int batchStride(Shape operandBatch, Shape batch, int matrixSize, String side) {
    if (operandBatch.size() == 1) return batch.size() == 1 ? matrixSize : 0;
    Shape padded = operandBatch;
    if (padded.rank() < batch.rank()) {
      int[] d = new int[batch.rank()];
      java.util.Arrays.fill(d, 1);
      System.arraycopy(operandBatch.dims(), 0, d, batch.rank() - operandBatch.rank(), operandBatch.rank());
      padded = Shape.of(d);
    }
    if (!padded.equals(batch)) {
      throw new IllegalArgumentException(
          "matmul: the " + side + " operand's batch axes " + operandBatch + " must equal the result's " + batch
              + " or be absent (partial broadcasting of batch axes is not supported)");
    }
    return matrixSize;
  }

  private static float[] sumBatches(float[] g, int count, int size) {
    float[] r = new float[size];
    double[] acc = new double[size];
    for (int b = 0; b < count; b++) {
      for (int i = 0; i < size; i++) acc[i] += g[b * size + i];
    }
    for (int i = 0; i < size; i++) r[i] = (float) acc[i];
    return r;
  }

  private static String describe(Shape s, boolean trans) {
    return s + (trans ? "ᵀ" : "");
  }
}
