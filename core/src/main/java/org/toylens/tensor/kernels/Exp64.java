package org.toylens.tensor.kernels;

/**
 * The engine's float64 exponential, defined by a fixed sequence of IEEE operations so that a
 * vector loop ({@link VectorRows#exp}) and this scalar code give the same bits, on every machine.
 * Cross-entropy spends most of its time here: a full-batch grokking step takes the exponential of
 * 3,830 × 113 logits twice, and {@link Math#exp} costs ~20 ns a call where eight lanes of the
 * polynomial below cost about as much as one.
 *
 * <p>The method is the textbook one (J.-M. Muller, <i>Elementary Functions</i>, ch. 11; Tang,
 * ACM TOMS 15(2), 1989, without the table): n = round(x / ln 2) by adding and subtracting
 * 1.5·2⁵², r = x − n·ln 2 in two fused steps with ln 2 split in a high and a low part
 * (|r| ≤ ln 2 / 2), e^r by its Taylor polynomial of degree 13 in Horner form with fused
 * multiply-adds (truncation error below 1e-17 relative), and 2ⁿ put into the exponent field by an
 * integer addition. The result is within 1 ulp of e^x (checked against {@link StrictMath#exp} in
 * the tests).
 *
 * <p>Edges: NaN gives NaN, x > ln(Double.MAX_VALUE) gives +∞, and x < {@value #UNDERFLOW} gives
 * +0 — there e^x < 2.5e-308, next to the smallest normal double, and the integer scaling would
 * leave the normal range. Cross-entropy, the caller, only ever sums such terms into a number of
 * order one or more, or rounds them to float, where they vanish anyway.
 */
public final class Exp64 {

  /** Below this argument the result is +0. */
  public static final double UNDERFLOW = -708.0;
  /** Above this argument (ln of the largest double) the result is +∞. */
  static final double OVERFLOW = 0x1.62e42fefa39efp9;

  static final double LOG2E = 0x1.71547652b82fep0;
  /** 1.5·2⁵²: adding it rounds to an integer held in the low bits of the mantissa. */
  static final double SHIFTER = 0x1.8p52;
  static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
  static final double LN2_HI = 0x1.62e42fefa39efp-1;
  static final double LN2_LO = 0x1.abc9e3b39803fp-56;

  /** 1/k! for k = 0 … 13; Horner runs from C[13] down. */
  static final double[] C = taylor();
  static final double C0 = C[0], C1 = C[1], C2 = C[2], C3 = C[3], C4 = C[4], C5 = C[5],
      C6 = C[6], C7 = C[7], C8 = C[8], C9 = C[9], C10 = C[10], C11 = C[11], C12 = C[12],
      C13 = C[13];

  private Exp64() {}

  /** e^x, to the bit as the vector loop computes it. */
  public static double exp(double x) {
    if (Double.isNaN(x)) return x;
    if (x < UNDERFLOW) return 0.0;
    if (x > OVERFLOW) return Double.POSITIVE_INFINITY;
    double t = Math.fma(x, LOG2E, SHIFTER);
    double n = t - SHIFTER;
    double r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    double p = C13;
    for (int k = 12; k >= 0; k--) p = Math.fma(p, r, C[k]); // Horner
    long scale = (Double.doubleToRawLongBits(t) - SHIFTER_BITS) << 52;
    return Double.longBitsToDouble(Double.doubleToRawLongBits(p) + scale);
  }

  /**
   * Σ v[0 .. n) in a fixed order that does not depend on the machine: eight running sums over the
   * indices modulo 8 (the lanes of one or two vectors), added pairwise, then the tail in order.
   */
  public static double sum(double[] v, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      s0 += v[i];
      s1 += v[i + 1];
      s2 += v[i + 2];
      s3 += v[i + 3];
      s4 += v[i + 4];
      s5 += v[i + 5];
      s6 += v[i + 6];
      s7 += v[i + 7];
    }
    double s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; i < n; i++) s += v[i];
    return s;
  }

  private static double[] taylor() {
    double[] c = new double[14];
    double f = 1;
    for (int k = 0; k < c.length; k++) {
      if (k > 0) f *= k;
      c[k] = 1 / f;
    }
    return c;
  }
}
