package org.toylens.analysis.grokking;

/**
 * What the restricted and excluded losses read from a modular-addition model, over all p² inputs
 * (row a·p + b) at the last position. The arrays are shared, not copied (they are large); do not
 * modify them while a readout is in use.
 *
 * @param p the modulus (also the number of logits)
 * @param dMlp number of MLP neurons
 * @param neuronActs post-activation MLP neurons [p·p, dMlp]
 * @param neuronLogitMap W_L = W_out·W_U [dMlp, p]
 * @param logits the model's full logits [p·p, p]; the part not passing through the neurons
 *     (direct path, attention, biases) is logits − neuronActs·W_L
 */
public record LogitReadout(int p, int dMlp, float[] neuronActs, double[] neuronLogitMap,
    double[] logits) {

  public LogitReadout {
    if (p < 2) throw new IllegalArgumentException("logit readout: p must be >= 2, got " + p);
    if (dMlp < 1) throw new IllegalArgumentException("logit readout: d_mlp must be >= 1, got " + dMlp);
    long rows = (long) p * p;
    expect("neuronActs", neuronActs.length, rows * dMlp, "[p*p=" + rows + ", d_mlp=" + dMlp + "]");
    expect("neuronLogitMap", neuronLogitMap.length, (long) dMlp * p, "[d_mlp=" + dMlp + ", p=" + p + "]");
    expect("logits", logits.length, rows * p, "[p*p=" + rows + ", p=" + p + "]");
  }

  private static void expect(String name, int actual, long expected, String shape) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "logit readout: " + name + " has " + actual + " values, expected " + shape);
    }
  }

  /** A readout from the engine's float logits (converted to double). */
  public static LogitReadout of(int p, int dMlp, float[] neuronActs, double[] neuronLogitMap,
      float[] logits) {
    return new LogitReadout(p, dMlp, neuronActs, neuronLogitMap, NeuronLogitMap.toDouble(logits));
  }

  /** The labels of modular addition for every row: (a + b) mod p [p·p]. */
  public static int[] additionLabels(int p) {
    int[] y = new int[p * p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) y[a * p + b] = (a + b) % p;
    }
    return y;
  }
}
