package org.toylens.tensor.kernels;

/**
 * The two loops over a table row that row-indexed operations are made of: y += c · x and x · y.
 * {@link Rows} picks the implementation.
 */
interface RowKernel {

  /** y[yo .. yo+n) += c · x[xo .. xo+n). */
  void axpy(float c, float[] x, int xo, float[] y, int yo, int n);

  /** Σ x[xo+k] · y[yo+k] over k < n, summed in an order fixed by n alone. */
  float dot(float[] x, int xo, float[] y, int yo, int n);
}
