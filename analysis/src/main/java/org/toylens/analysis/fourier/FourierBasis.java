package org.toylens.analysis.fourier;

import java.util.List;
import org.toylens.tensor.Parallel;

/**
 * The real orthonormal Fourier basis of functions on Z_p = {0, ..., p-1}.
 *
 * <p>Row order (component index → function of x), every row with unit L2 norm:
 * <pre>
 *   0        const     1/√p
 *   2k - 1   cos k     cos(2πkx/p)·√(2/p)     for k = 1 .. (p-1)/2
 *   2k       sin k     sin(2πkx/p)·√(2/p)     for k = 1 .. (p-1)/2
 *   p - 1    cos p/2   (-1)^x / √p            only when p is even (the Nyquist row; its sine is 0)
 * </pre>
 * So {@code cos k} is always at {@code 2k-1} and {@code sin k} at {@code 2k}, for odd and even p.
 * This is the order of the progress-measures paper with cos before sin (Nanda et al. 2023, §4).
 *
 * <p>Transforms take plain row-major arrays with their shape; the basis is applied along one axis
 * (1D) or along the first two axes (2D, for tensors indexed by the two inputs (a, b, ...)). Because
 * the basis is orthonormal the inverse is the transpose and squared norms are preserved. Work is
 * split over output rows only, so results do not depend on the thread count.
 */
public final class FourierBasis {

  /** Columns per task in the transform: a p × 256 slab of doubles fits in L2 for p up to ~500. */
  private static final int COLUMN_BLOCK = 256;

  private final int p;
  private final double[] rows; // [p, p] (component, x)
  private final String[] names; // [p]

  private FourierBasis(int p, double[] rows, String[] names) {
    this.p = p;
    this.rows = rows;
    this.names = names;
  }

  /** The basis over Z_p; p must be at least 2. */
  public static FourierBasis of(int p) {
    if (p < 2) {
      throw new IllegalArgumentException("Fourier basis: modulus p must be at least 2, got " + p);
    }
    double[] rows = new double[p * p];
    String[] names = new String[p];
    fillRow(rows, p, 0, x -> 1.0);
    names[0] = "const";
    for (int k = 1; k <= p / 2; k++) {
      final int freq = k;
      // (k·x) mod p keeps the angle small, so large p loses no precision in cos/sin.
      fillRow(rows, p, 2 * k - 1, x -> Math.cos(2 * Math.PI * ((long) freq * x % p) / p));
      names[2 * k - 1] = "cos " + k;
      if (2 * k < p) {
        fillRow(rows, p, 2 * k, x -> Math.sin(2 * Math.PI * ((long) freq * x % p) / p));
        names[2 * k] = "sin " + k;
      }
    }
    return new FourierBasis(p, rows, names);
  }

  private interface RowFunction {
    double at(int x);
  }

  private static void fillRow(double[] rows, int p, int component, RowFunction f) {
    double norm2 = 0;
    for (int x = 0; x < p; x++) {
      double v = f.at(x);
      rows[component * p + x] = v;
      norm2 += v * v;
    }
    double inv = 1.0 / Math.sqrt(norm2);
    for (int x = 0; x < p; x++) rows[component * p + x] *= inv;
  }

  /** The modulus. */
  public int p() {
    return p;
  }

  /** Number of basis rows (= p). */
  public int size() {
    return p;
  }

  /** The largest frequency: p/2 rounded down (for even p this is the Nyquist frequency). */
  public int maxFrequency() {
    return p / 2;
  }

  /** Whether p is even, so the last row is the lone Nyquist cosine cos(πx). */
  public boolean hasNyquist() {
    return p % 2 == 0;
  }

  /** Row index of cos k, for k in 1..maxFrequency(). */
  public int cosIndex(int k) {
    checkFrequency(k);
    return 2 * k - 1;
  }

  /** Row index of sin k, for k in 1..(p-1)/2 (the Nyquist frequency has no sine). */
  public int sinIndex(int k) {
    checkFrequency(k);
    if (2 * k >= p) {
      throw new IllegalArgumentException(
          "Fourier basis p=" + p + ": frequency " + k + " is the Nyquist frequency and has no sine row");
    }
    return 2 * k;
  }

  /** The rows of frequency k together with the constant: {const, cos k, sin k} (no sine at Nyquist). */
  public int[] blockIndices(int k) {
    checkFrequency(k);
    return 2 * k < p ? new int[] {0, 2 * k - 1, 2 * k} : new int[] {0, 2 * k - 1};
  }

  /** The frequency of a row: 0 for the constant, k for cos k and sin k. */
  public int frequencyOf(int component) {
    checkComponent(component);
    return (component + 1) / 2;
  }

  /** The row's name: "const", "cos 17", "sin 17". */
  public String name(int component) {
    checkComponent(component);
    return names[component];
  }

  /** All row names in order. */
  public List<String> names() {
    return List.of(names);
  }

  /** Value of row {@code component} at x. */
  public double value(int component, int x) {
    checkComponent(component);
    if (x < 0 || x >= p) {
      throw new IndexOutOfBoundsException("Fourier basis p=" + p + ": x=" + x + " outside [0, " + p + ")");
    }
    return rows[component * p + x];
  }

  /** A copy of one row [p]. */
  public double[] row(int component) {
    checkComponent(component);
    double[] out = new double[p];
    System.arraycopy(rows, component * p, out, 0, p);
    return out;
  }

  /** A copy of the whole basis, row-major [component, x]. */
  public double[] matrix() {
    return rows.clone();
  }

  /**
   * Transforms {@code data} (row-major with {@code shape}) along {@code axis}, whose size must be
   * p: out[..., f, ...] = Σ_x B[f, x]·data[..., x, ...]. Same shape as the input.
   */
  public double[] transform(double[] data, int[] shape, int axis) {
    return applyAlong(rows, false, data, shape, axis, "transform");
  }

  /** Inverse of {@link #transform} (the basis is orthonormal, so this applies its transpose). */
  public double[] inverse(double[] coefficients, int[] shape, int axis) {
    return applyAlong(rows, true, coefficients, shape, axis, "inverse");
  }

  /**
   * 2D transform of data indexed (a, b, rest...) laid out as [p, p, trailing] (identical to
   * [p·p, trailing] with row a·p + b): the basis along a and along b.
   */
  public double[] transform2d(double[] data, int trailing) {
    int[] shape = shape2d(data.length, trailing, "transform2d");
    return transform(transform(data, shape, 0), shape, 1);
  }

  /** {@link #transform2d(double[], int)} for float data (computed in double). */
  public double[] transform2d(float[] data, int trailing) {
    double[] d = new double[data.length];
    for (int i = 0; i < d.length; i++) d[i] = data[i];
    return transform2d(d, trailing);
  }

  /** Inverse of {@link #transform2d(double[], int)}. */
  public double[] inverse2d(double[] coefficients, int trailing) {
    int[] shape = shape2d(coefficients.length, trailing, "inverse2d");
    return inverse(inverse(coefficients, shape, 0), shape, 1);
  }

  private int[] shape2d(int length, int trailing, String what) {
    if (trailing < 1 || (long) p * p * trailing != length) {
      throw new IllegalArgumentException("Fourier " + what + ": data has " + length
          + " values, expected p*p*trailing = " + p + "*" + p + "*" + trailing);
    }
    return new int[] {p, p, trailing};
  }

  private double[] applyAlong(double[] basis, boolean transpose, double[] data, int[] shape,
      int axis, String what) {
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException("Fourier " + what + ": axis " + axis
          + " out of range for a " + shape.length + "-dimensional shape");
    }
    if (shape[axis] != p) {
      throw new IllegalArgumentException("Fourier " + what + ": axis " + axis + " has size "
          + shape[axis] + ", expected p = " + p);
    }
    long total = 1;
    for (int s : shape) total *= s;
    if (total != data.length) {
      throw new IllegalArgumentException("Fourier " + what + ": data has " + data.length
          + " values but shape " + java.util.Arrays.toString(shape) + " holds " + total);
    }
    int outer = 1;
    for (int i = 0; i < axis; i++) outer *= shape[i];
    int inner = (int) (total / ((long) outer * p));
    double[] out = new double[data.length];
    // Tasks are (outer index, block of inner columns): each task reads a p × COLUMN_BLOCK slab of
    // the input that stays in cache while every output row f is formed from it. Each output value
    // is summed on one thread in a fixed order (x ascending), so results do not depend on threads.
    int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    Parallel.forItems(outer * blocks, (long) p * p * Math.min(inner, COLUMN_BLOCK), (from, to) -> {
      for (int task = from; task < to; task++) {
        int o = task / blocks;
        int i0 = (task % blocks) * COLUMN_BLOCK;
        int i1 = Math.min(inner, i0 + COLUMN_BLOCK);
        int f = 0;
        // Four output rows at a time: each input row is read once for four of them.
        for (; f + 4 <= p; f += 4) {
          int out0 = (o * p + f) * inner;
          int out1 = out0 + inner;
          int out2 = out1 + inner;
          int out3 = out2 + inner;
          for (int x = 0; x < p; x++) {
            double b0 = coefficient(basis, transpose, f, x, p);
            double b1 = coefficient(basis, transpose, f + 1, x, p);
            double b2 = coefficient(basis, transpose, f + 2, x, p);
            double b3 = coefficient(basis, transpose, f + 3, x, p);
            int inBase = (o * p + x) * inner;
            for (int i = i0; i < i1; i++) {
              double v = data[inBase + i];
              out[out0 + i] += b0 * v;
              out[out1 + i] += b1 * v;
              out[out2 + i] += b2 * v;
              out[out3 + i] += b3 * v;
            }
          }
        }
        for (; f < p; f++) {
          int outBase = (o * p + f) * inner;
          for (int x = 0; x < p; x++) {
            double b = coefficient(basis, transpose, f, x, p);
            int inBase = (o * p + x) * inner;
            for (int i = i0; i < i1; i++) out[outBase + i] += b * data[inBase + i];
          }
        }
      }
    });
    return out;
  }

  /** B[f, x], or B[x, f] for the inverse. */
  private static double coefficient(double[] basis, boolean transpose, int f, int x, int p) {
    return transpose ? basis[x * p + f] : basis[f * p + x];
  }

  private void checkFrequency(int k) {
    if (k < 1 || k > p / 2) {
      throw new IllegalArgumentException(
          "Fourier basis p=" + p + ": frequency " + k + " outside 1.." + (p / 2));
    }
  }

  private void checkComponent(int component) {
    if (component < 0 || component >= p) {
      throw new IndexOutOfBoundsException(
          "Fourier basis p=" + p + ": component " + component + " outside [0, " + p + ")");
    }
  }

  @Override
  public String toString() {
    return "FourierBasis[p=" + p + "]";
  }
}
