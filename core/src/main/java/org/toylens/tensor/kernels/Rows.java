package org.toylens.tensor.kernels;

/**
 * Row loops for row-indexed tensor operations (weighted sums of table rows and their
 * gradients) and for cross-entropy (the float64 exponential of a row): {@link VectorRows} when
 * the Vector API links, else {@link ScalarRows}; the same choice and property as {@link Gemm}.
 * Both give the same bits for {@link #exp}.
 */
public final class Rows {

  private static final RowKernel FAST = choose();

  private Rows() {}

  /** y[yo .. yo+n) += c · x[xo .. xo+n). */
  public static void axpy(float c, float[] x, int xo, float[] y, int yo, int n) {
    FAST.axpy(c, x, xo, y, yo, n);
  }

  /** Σ x[xo+k] · y[yo+k] over k < n, in an order fixed by n (not by threads). */
  public static float dot(float[] x, int xo, float[] y, int yo, int n) {
    return FAST.dot(x, xo, y, yo, n);
  }

  /**
   * out[oo .. oo+d) = Σ_m w[wo+m] · table[rows[ro+m]·d .. +d) over m < terms (overwriting out):
   * the same bits as zeroing out and calling {@link #axpy} per term, in term order.
   */
  public static void weightedSum(float[] w, int wo, int[] rows, int ro, int terms, float[] table,
      int d, float[] out, int oo) {
    FAST.weightedSum(w, wo, rows, ro, terms, table, d, out, oo);
  }

  /** out[oo+i] = {@link Exp64#exp}(x[xo+i]) for i < n; x and out may be the same array. */
  public static void exp(double[] x, int xo, double[] out, int oo, int n) {
    FAST.exp(x, xo, out, oo, n);
  }

  private static RowKernel choose() {
    boolean scalar = "scalar".equals(System.getProperty(KernelChoice.PROPERTY));
    if (!scalar && KernelChoice.vectorModulePresent()) {
      try {
        return (RowKernel) Class.forName(Rows.class.getPackageName() + ".VectorRows")
            .getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        return new ScalarRows();
      }
    }
    return new ScalarRows();
  }
}
