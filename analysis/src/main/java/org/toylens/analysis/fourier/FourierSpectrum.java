package org.toylens.analysis.fourier;

import java.util.Arrays;

/**
 * The L2 norm of each Fourier component of a weight matrix along its input (or output) axis.
 *
 * <p>{@code componentNorms[c]} is the norm, over every other axis, of the matrix transformed by
 * row c of the {@link FourierBasis}. {@link #frequencyNorms()} combines the cos k and sin k rows of
 * one frequency: √(‖cos k‖² + ‖sin k‖²). These are the "norms of the Fourier components of W_E and
 * W_L" whose Gini coefficient rises at cleanup (Nanda et al. 2023, §5.1); the constant component is
 * kept apart because it carries no frequency.
 */
public final class FourierSpectrum {

  private final FourierBasis basis;
  private final double[] componentNorms; // [p]

  private FourierSpectrum(FourierBasis basis, double[] componentNorms) {
    this.basis = basis;
    this.componentNorms = componentNorms;
  }

  /**
   * The spectrum of {@code data} (row-major with {@code shape}) along {@code axis} (size p): the
   * norm of each component over all other axes.
   */
  public static FourierSpectrum along(FourierBasis basis, double[] data, int[] shape, int axis) {
    double[] coefficients = basis.transform(data, shape, axis);
    int p = basis.p();
    int outer = 1;
    for (int i = 0; i < axis; i++) outer *= shape[i];
    int inner = data.length / (outer * p);
    double[] sq = new double[p];
    for (int o = 0; o < outer; o++) {
      for (int f = 0; f < p; f++) {
        int base = (o * p + f) * inner;
        double s = 0;
        for (int i = 0; i < inner; i++) s += coefficients[base + i] * coefficients[base + i];
        sq[f] += s;
      }
    }
    for (int f = 0; f < p; f++) sq[f] = Math.sqrt(sq[f]);
    return new FourierSpectrum(basis, sq);
  }

  /**
   * The spectrum of an embedding W_E [rows, dModel] along the token axis. Only the first p rows
   * are used: a modular-addition vocabulary has extra tokens (the '=' token) after the numbers.
   */
  public static FourierSpectrum ofEmbedding(FourierBasis basis, double[] wE, int dModel) {
    int p = basis.p();
    if (dModel < 1 || wE.length % dModel != 0 || wE.length / dModel < p) {
      throw new IllegalArgumentException("Fourier spectrum of W_E: " + wE.length
          + " values do not form [rows >= " + p + ", d_model=" + dModel + "]");
    }
    double[] numbers = Arrays.copyOf(wE, p * dModel); // [p, d_model]
    return along(basis, numbers, new int[] {p, dModel}, 0);
  }

  /** {@link #ofEmbedding(FourierBasis, double[], int)} for float weights. */
  public static FourierSpectrum ofEmbedding(FourierBasis basis, float[] wE, int dModel) {
    return ofEmbedding(basis, toDouble(wE), dModel);
  }

  /**
   * The spectrum of the neuron-logit map W_L = W_out·W_U [dMlp, p] along its output (logit) axis.
   */
  public static FourierSpectrum ofNeuronLogitMap(FourierBasis basis, double[] wL, int dMlp) {
    int p = basis.p();
    if (dMlp < 1 || (long) dMlp * p != wL.length) {
      throw new IllegalArgumentException("Fourier spectrum of W_L: " + wL.length
          + " values, expected [d_mlp=" + dMlp + ", p=" + p + "]");
    }
    // Transformed as W_Lᵀ [p, d_mlp] along axis 0: the same norms, with long contiguous rows.
    double[] transposed = new double[wL.length]; // [p, d_mlp]
    for (int n = 0; n < dMlp; n++) {
      for (int c = 0; c < p; c++) transposed[c * dMlp + n] = wL[n * p + c];
    }
    return along(basis, transposed, new int[] {p, dMlp}, 0);
  }

  /** {@link #ofNeuronLogitMap(FourierBasis, double[], int)} for float weights. */
  public static FourierSpectrum ofNeuronLogitMap(FourierBasis basis, float[] wL, int dMlp) {
    return ofNeuronLogitMap(basis, toDouble(wL), dMlp);
  }

  /** The basis the spectrum is expressed in. */
  public FourierBasis basis() {
    return basis;
  }

  /** Norm per basis row, in {@link FourierBasis} order [p]. */
  public double[] componentNorms() {
    return componentNorms.clone();
  }

  /** Norm of the constant component. */
  public double constantNorm() {
    return componentNorms[0];
  }

  /**
   * Combined norm per frequency, index k-1 for k = 1..maxFrequency(): √(‖cos k‖² + ‖sin k‖²)
   * (the Nyquist frequency of an even p has only its cosine).
   */
  public double[] frequencyNorms() {
    double[] out = new double[basis.maxFrequency()];
    for (int k = 1; k <= out.length; k++) out[k - 1] = frequencyNorm(k);
    return out;
  }

  /** Combined norm of frequency k (1..maxFrequency()). */
  public double frequencyNorm(int k) {
    double s = 0;
    for (int c : basis.blockIndices(k)) {
      if (c != 0) s += componentNorms[c] * componentNorms[c];
    }
    return Math.sqrt(s);
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }
}
