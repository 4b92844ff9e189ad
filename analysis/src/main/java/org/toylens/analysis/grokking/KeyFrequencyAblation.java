package org.toylens.analysis.grokking;

import org.toylens.analysis.fourier.SumFrequencyDirections;

/**
 * Restricted and excluded logits and losses (Nanda et al. 2023, §5.1), as the paper's code
 * computes them: both act on the <em>neuron activations</em>, not on the logits.
 *
 * <p>Let P(acts) be the projection of each neuron's activations (a column over the p² inputs) onto
 * cos(w_k(a+b)) and sin(w_k(a+b)) for the key frequencies k ({@link SumFrequencyDirections}).
 * <ul>
 *   <li><b>Restricted logits</b>: (mean(acts) + P(acts))·W_L, shifted so that their mean over all
 *       inputs equals the mean of the full logits. The shift stands in for everything that does
 *       not depend on the input (biases, the average direct path). Evaluate on <em>test</em> rows:
 *       it falls before the test loss does, since the circuit forms before grokking shows.</li>
 *   <li><b>Excluded logits</b>: full logits − P(acts)·W_L, i.e. the model with the key-frequency
 *       components of its neurons removed and everything else (other neuron components, the
 *       residual stream's direct and attention paths) kept. Evaluate on <em>train</em> rows: it
 *       rises during circuit formation as the memorising components are replaced.</li>
 * </ul>
 * P(acts) has rank at most 2K, so both are computed from the 2K vectors (u_dᵀ·acts)·W_L [p]
 * without ever forming a [p², p] product, and u_d depends on (a, b) only through (a + b) mod p:
 * preparing costs one pass over the activations, and each row's ablated logits cost 2K·p.
 */
public final class KeyFrequencyAblation {

  private final LogitReadout readout;
  private final SumFrequencyDirections directions;
  private final double[][] byResidue; // [count][p]: u_d at (a+b) mod p
  private final double[] directionLogits; // [count, p]: (u_dᵀ·acts)·W_L
  private final double[] directionMeans; // [count]: mean over inputs of u_d (0 up to rounding)
  private final double[] meanLogits; // [p]: mean over inputs of the full logits

  private KeyFrequencyAblation(LogitReadout readout, SumFrequencyDirections directions,
      double[] directionLogits, double[] directionMeans, double[] meanLogits) {
    this.readout = readout;
    this.directions = directions;
    this.byResidue = new double[directions.count()][];
    for (int d = 0; d < byResidue.length; d++) byResidue[d] = directions.directionByResidue(d);
    this.directionLogits = directionLogits;
    this.directionMeans = directionMeans;
    this.meanLogits = meanLogits;
  }

  /** Prepares the ablations of {@code readout} for the given key frequencies. */
  public static KeyFrequencyAblation of(LogitReadout readout, int[] keyFrequencies) {
    return of(readout, SumFrequencyDirections.of(readout.p(), keyFrequencies));
  }

  /** Prepares the ablations of {@code readout} along {@code directions} (built once, reused per checkpoint). */
  public static KeyFrequencyAblation of(LogitReadout readout, SumFrequencyDirections directions) {
    int p = readout.p();
    if (directions.p() != p) {
      throw new IllegalArgumentException("key-frequency ablation: directions are over Z_" + directions.p()
          + " but the readout has p = " + p);
    }
    int dMlp = readout.dMlp();
    int rows = p * p;
    double[] coef = directions.coefficients(readout.neuronActs(), dMlp); // [count, d_mlp]
    double[] wL = readout.neuronLogitMap(); // [d_mlp, p]
    int count = directions.count();
    double[] dirLogits = new double[count * p];
    double[] dirMeans = new double[count];
    for (int d = 0; d < count; d++) {
      for (int n = 0; n < dMlp; n++) {
        double c = coef[d * dMlp + n];
        for (int j = 0; j < p; j++) dirLogits[d * p + j] += c * wL[n * p + j];
      }
      double s = 0;
      for (double v : directions.directionByResidue(d)) s += v;
      dirMeans[d] = s / p; // each residue occurs p times among the p² inputs
    }
    double[] logits = readout.logits();
    double[] meanLogits = new double[p];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < p; j++) meanLogits[j] += logits[r * p + j];
    }
    for (int j = 0; j < p; j++) meanLogits[j] /= rows;
    return new KeyFrequencyAblation(readout, directions, dirLogits, dirMeans, meanLogits);
  }

  /** The key frequencies, ascending. */
  public int[] keyFrequencies() {
    return directions.frequencies();
  }

  /** Restricted logits for the listed rows (all p² rows when null), [rows, p]. */
  public double[] restrictedLogits(int[] rows) {
    return logits(rows, true);
  }

  /** Excluded logits for the listed rows (all p² rows when null), [rows, p]. */
  public double[] excludedLogits(int[] rows) {
    return logits(rows, false);
  }

  /** Restricted loss: mean cross-entropy over {@code rows} (the test rows; all when null); labels [p·p]. */
  public double restrictedLoss(int[] labels, int[] rows) {
    return loss(labels, rows, true);
  }

  /** Excluded loss: mean cross-entropy over {@code rows} (the train rows; all when null); labels [p·p]. */
  public double excludedLoss(int[] labels, int[] rows) {
    return loss(labels, rows, false);
  }

  /** Restricted loss of {@code readout} on {@code testRows}. */
  public static double restrictedLoss(LogitReadout readout, int[] keyFrequencies, int[] labels,
      int[] testRows) {
    return of(readout, keyFrequencies).restrictedLoss(labels, testRows);
  }

  /** Excluded loss of {@code readout} on {@code trainRows}. */
  public static double excludedLoss(LogitReadout readout, int[] keyFrequencies, int[] labels,
      int[] trainRows) {
    return of(readout, keyFrequencies).excludedLoss(labels, trainRows);
  }

  private double[] logits(int[] rows, boolean restricted) {
    int p = readout.p();
    int n = rows == null ? p * p : rows.length;
    double[] out = new double[n * p];
    for (int i = 0; i < n; i++) ablatedRow(rows == null ? i : rows[i], restricted, out, i * p);
    return out;
  }

  /** The restricted or excluded logits of input row {@code r} into out[o .. o+p). */
  private void ablatedRow(int r, boolean restricted, double[] out, int o) {
    int p = readout.p();
    if (r < 0 || r >= p * p) {
      throw new IndexOutOfBoundsException("key-frequency ablation: row " + r + " outside [0, " + (p * p) + ")");
    }
    int residue = (r / p + r % p) % p;
    if (restricted) {
      System.arraycopy(meanLogits, 0, out, o, p);
    } else {
      System.arraycopy(readout.logits(), r * p, out, o, p);
    }
    for (int d = 0; d < byResidue.length; d++) {
      double w = restricted ? byResidue[d][residue] - directionMeans[d] : -byResidue[d][residue];
      int base = d * p;
      for (int j = 0; j < p; j++) out[o + j] += w * directionLogits[base + j];
    }
  }

  private double loss(int[] labels, int[] rows, boolean restricted) {
    int p = readout.p();
    if (labels.length != p * p) {
      throw new IllegalArgumentException("key-frequency ablation: " + labels.length
          + " labels, expected one per input (p*p = " + (p * p) + ")");
    }
    int n = rows == null ? p * p : rows.length;
    double[] row = new double[p];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int r = rows == null ? i : rows[i];
      ablatedRow(r, restricted, row, 0);
      int y = labels[r];
      if (y < 0 || y >= p) {
        throw new IllegalArgumentException(
            "key-frequency ablation: label " + y + " at row " + r + " outside [0, " + p + ")");
      }
      sum += CrossEntropy.rowLoss(row, 0, p, y);
    }
    return sum / n;
  }
}
