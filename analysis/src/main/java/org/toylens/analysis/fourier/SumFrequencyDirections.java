package org.toylens.analysis.fourier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The directions cos(w_k(a+b)) and sin(w_k(a+b)), w_k = 2πk/p, over all p² inputs (a, b), each
 * normalised to unit L2 norm, for a set of frequencies k.
 *
 * <p>They are what the progress-measures paper keeps (restricted loss) or removes (excluded loss)
 * from the neuron activations (Nanda et al. 2023, §5.1). For distinct k in 1..⌊p/2⌋ they are
 * mutually orthogonal and orthogonal to the constant, so projecting onto their span is a sum of
 * rank-one projections. At the Nyquist frequency of an even p the sine is identically zero and is
 * left out.
 *
 * <p>Data is a row-major matrix [p·p, cols] with row a·p + b; every column is projected separately.
 */
public final class SumFrequencyDirections {

  private final int p;
  private final int[] frequencies;
  private final List<double[]> byResidue; // each [p]: the unit-norm direction's value at (a+b) mod p = s

  private SumFrequencyDirections(int p, int[] frequencies, List<double[]> byResidue) {
    this.p = p;
    this.frequencies = frequencies;
    this.byResidue = byResidue;
  }

  /** Directions for {@code frequencies} (distinct, each in 1..⌊p/2⌋). */
  public static SumFrequencyDirections of(int p, int[] frequencies) {
    if (p < 2) throw new IllegalArgumentException("sum-frequency directions: p must be >= 2, got " + p);
    int[] sorted = frequencies.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 1 || sorted[i] > p / 2) {
        throw new IllegalArgumentException("sum-frequency directions: frequency " + sorted[i]
            + " outside 1.." + (p / 2) + " for p=" + p);
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("sum-frequency directions: frequency " + sorted[i]
            + " given twice in " + Arrays.toString(frequencies));
      }
    }
    List<double[]> dirs = new ArrayList<>();
    for (int k : sorted) {
      double[] c = new double[p];
      double[] s = new double[p];
      for (int sum = 0; sum < p; sum++) {
        double angle = 2 * Math.PI * ((long) k * sum % p) / p;
        c[sum] = Math.cos(angle);
        s[sum] = Math.sin(angle);
      }
      dirs.add(normalised(c, p));
      if (2 * k < p) dirs.add(normalised(s, p));
    }
    return new SumFrequencyDirections(p, sorted, List.copyOf(dirs));
  }

  /** Scales v [p] so that the direction over all p² inputs, where each residue occurs p times, has unit norm. */
  private static double[] normalised(double[] v, int p) {
    double n2 = 0;
    for (double x : v) n2 += x * x;
    double inv = 1 / Math.sqrt(p * n2);
    for (int i = 0; i < v.length; i++) v[i] *= inv;
    return v;
  }

  /** The modulus. */
  public int p() {
    return p;
  }

  /** The frequencies, ascending. */
  public int[] frequencies() {
    return frequencies.clone();
  }

  /** Number of directions (2 per frequency, 1 at Nyquist). */
  public int count() {
    return byResidue.size();
  }

  /** A copy of direction i [p·p]: cos then sin per frequency, in ascending frequency order. */
  public double[] direction(int i) {
    double[] u = byResidue.get(i);
    double[] out = new double[p * p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) out[a * p + b] = u[(a + b) % p];
    }
    return out;
  }

  /**
   * Direction i as a function of the residue s = (a + b) mod p [p]: its value at every input with
   * that sum (a copy).
   */
  public double[] directionByResidue(int i) {
    return byResidue.get(i).clone();
  }

  /**
   * Coefficients of each column on each direction, [count(), cols]: coefficient[d][j] =
   * Σ_row direction_d[row]·x[row, j].
   */
  public double[] coefficients(double[] x, int cols) {
    check(x.length, cols);
    double[] sums = new double[p * cols]; // [p, cols]: Σ over the rows with (a+b) mod p = s
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        int xr = (a * p + b) * cols;
        int sr = ((a + b) % p) * cols;
        for (int j = 0; j < cols; j++) sums[sr + j] += x[xr + j];
      }
    }
    return fromResidueSums(sums, cols);
  }

  /** {@link #coefficients(double[], int)} for float data (summed in double). */
  public double[] coefficients(float[] x, int cols) {
    check(x.length, cols);
    double[] sums = new double[p * cols]; // [p, cols]
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        int xr = (a * p + b) * cols;
        int sr = ((a + b) % p) * cols;
        for (int j = 0; j < cols; j++) sums[sr + j] += x[xr + j];
      }
    }
    return fromResidueSums(sums, cols);
  }

  /**
   * The directions depend on (a, b) only through s = (a + b) mod p, so Σ_row u(row)·x[row] =
   * Σ_s u(s)·(Σ of the rows with sum s): one pass over the data, then a [count, p]·[p, cols] product.
   */
  private double[] fromResidueSums(double[] sums, int cols) {
    int count = byResidue.size();
    double[] out = new double[count * cols];
    for (int d = 0; d < count; d++) {
      double[] u = byResidue.get(d);
      int base = d * cols;
      for (int s = 0; s < p; s++) {
        double w = u[s];
        int sr = s * cols;
        for (int j = 0; j < cols; j++) out[base + j] += w * sums[sr + j];
      }
    }
    return out;
  }

  /** The projection of {@code x} [p·p, cols] onto the span of the directions. */
  public double[] project(double[] x, int cols) {
    double[] coef = coefficients(x, cols);
    double[] out = new double[x.length];
    for (int d = 0; d < byResidue.size(); d++) {
      double[] u = byResidue.get(d);
      int base = d * cols;
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          double w = u[(a + b) % p];
          int xr = (a * p + b) * cols;
          for (int j = 0; j < cols; j++) out[xr + j] += w * coef[base + j];
        }
      }
    }
    return out;
  }

  /**
   * The restricted version of {@code x}: each column's mean over inputs plus its projection onto
   * the directions (what the restricted loss keeps of the neuron activations).
   */
  public double[] restrict(double[] x, int cols) {
    double[] out = project(x, cols);
    int rows = p * p;
    double[] mean = new double[cols];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) mean[j] += x[r * cols + j];
    }
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) out[r * cols + j] += mean[j] / rows;
    }
    return out;
  }

  /** {@code x} minus its projection onto the directions (what the excluded loss keeps). */
  public double[] exclude(double[] x, int cols) {
    double[] proj = project(x, cols);
    double[] out = x.clone();
    for (int i = 0; i < out.length; i++) out[i] -= proj[i];
    return out;
  }

  private void check(int length, int cols) {
    if (cols < 1 || (long) p * p * cols != length) {
      throw new IllegalArgumentException("sum-frequency directions: data has " + length
          + " values, expected [p*p=" + (p * p) + ", cols=" + cols + "]");
    }
  }
}
