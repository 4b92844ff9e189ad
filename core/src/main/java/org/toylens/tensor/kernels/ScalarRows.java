package org.toylens.tensor.kernels;

/** Plain loops: the reference for {@link VectorRows} and the fallback without the Vector API. */
final class ScalarRows implements RowKernel {

  @Override
  public void axpy(float c, float[] x, int xo, float[] y, int yo, int n) {
    for (int k = 0; k < n; k++) {
      y[yo + k] += c * x[xo + k];
    }
  }

  @Override
  public float dot(float[] x, int xo, float[] y, int yo, int n) {
    // Four interleaved partial sums: the dependency chain of one sum would bound the loop.
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      s0 += x[xo + k] * y[yo + k];
      s1 += x[xo + k + 1] * y[yo + k + 1];
      s2 += x[xo + k + 2] * y[yo + k + 2];
      s3 += x[xo + k + 3] * y[yo + k + 3];
    }
    for (; k < n; k++) {
      s0 += x[xo + k] * y[yo + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public void weightedSum(float[] w, int wo, int[] rows, int ro, int terms, float[] table, int d,
      float[] out, int oo) {
    java.util.Arrays.fill(out, oo, oo + d, 0f);
    for (int m = 0; m < terms; m++) {
      axpy(w[wo + m], table, rows[ro + m] * d, out, oo, d);
    }
  }

  @Override
  public void exp(double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = Exp64.exp(x[xo + i]);
    }
  }
}
