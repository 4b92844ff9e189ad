package org.toylens.tensor.kernels;

/**
 * The loops over table rows that row-indexed operations are made of: y += c · x, x · y and a
 * weighted sum of rows; and the float64 exponential of a row of logits.
 * {@link Rows} picks the implementation.
 */
interface RowKernel {

  /** y[yo .. yo+n) += c · x[xo .. xo+n). */
  void axpy(float c, float[] x, int xo, float[] y, int yo, int n);

  /** Σ x[xo+k] · y[yo+k] over k < n, summed in an order fixed by n alone. */
  float dot(float[] x, int xo, float[] y, int yo, int n);

  /**
   * out[oo .. oo+d) = Σ_m w[wo+m] · table[rows[ro+m]·d .. +d) over m < terms: the same values,
   * to the bit, as zeroing out and calling {@link #axpy} once per term in term order.
   */
  void weightedSum(float[] w, int wo, int[] rows, int ro, int terms, float[] table, int d,
      float[] out, int oo);

  /** out[oo+i] = {@link Exp64#exp}(x[xo+i]) for i < n, to the bit; x and out may be the same. */
  void exp(double[] x, int xo, double[] out, int oo, int n);
}
