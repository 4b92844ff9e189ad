package org.toylens.bench;

import org.toylens.tensor.Rng;

/**
 * The "toms-basic" superposition workload (REFERENCE §4, Toy Models of Superposition, basic
 * results): per instance h = W x, x' = ReLU(Wᵀ h + b) with n = 20 features squeezed into m = 5
 * dimensions; 10 instances of different feature sparsity trained together; loss
 * Σ_i I_i (x_i − x'_i)² summed over features, averaged over the batch, summed over instances;
 * AdamW lr 1e-3, weight decay 0.01.
 *
 * <p>A training step draws a fresh batch (as the paper's training loop does): feature i of an
 * example is U[0,1) with probability {@link #featureProbability(int)} of its instance, else 0.
 * The peer draws it as a tensor {@code [instances, batch, features]}; ToyLens draws the same
 * kind of batch inside its fused loss kernel, a block of examples at a time in registers.
 */
public final class ToyModelWorkload {

  public static final int FEATURES = 20;
  public static final int HIDDEN = 5;
  public static final int INSTANCES = 10;
  public static final int BATCH = 1024;

  public static final double LEARNING_RATE = 1e-3;
  public static final double WEIGHT_DECAY = 0.01;
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.999;
  public static final double ADAM_EPS = 1e-8;

  public static final long SEED = 20;

  private ToyModelWorkload() {}

  /** Probability that a feature is present in instance {@code i}: 20^(−i/9), from 1 to 1/20. */
  public static double featureProbability(int instance) {
    return Math.pow(20, -(double) instance / (INSTANCES - 1));
  }

  /** Importance of feature {@code j}: 0.7^j. */
  public static double importance(int feature) {
    return Math.pow(0.7, feature);
  }

  /**
   * Initial W {@code [instances, hidden, features]}: Xavier-normal with the fans the paper's code
   * gives its [instances, features, hidden] tensor, std √(2 / (m·(n + instances))) (the
   * toms-basic preset's {@code init: paper}). The bias b starts at zero.
   */
  public static float[] initialWeights() {
    Rng rng = Rng.of(SEED).split("init");
    double std = Math.sqrt(2.0 / (HIDDEN * (FEATURES + INSTANCES)));
    float[] w = new float[INSTANCES * HIDDEN * FEATURES];
    for (int i = 0; i < w.length; i++) w[i] = (float) (std * rng.nextGaussian());
    return w;
  }
}
