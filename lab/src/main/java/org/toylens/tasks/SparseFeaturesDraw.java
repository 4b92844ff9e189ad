package org.toylens.tasks;

import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;

/**
 * The random numbers behind one batch of sparse features, not yet expanded into floats: per
 * instance a SplitMix64 stream and the presence threshold of its feature probability. A fused
 * training kernel can generate the entries where it needs them, in registers, instead of reading
 * a batch from memory; {@link #writeTo} expands the same entries into a
 * {@code [batch, instance, feature]} array. Both give bit-identical values because the recipe
 * below fixes every bit.
 *
 * <p>The recipe. Examples go in blocks of {@value #LANES} consecutive examples (block c holds
 * examples 8c .. 8c+7; the last block is padded and its missing examples are drawn and thrown
 * away). Instance k's stream is the counter-based SplitMix64 sequence
 * {@code d(t) = Rng.drawAt(s_k, t) = mix64(s_k + (t + 1)·γ)} ({@code Rng.fromState(s_k)}'s
 * t-th {@code nextLong()}), so any draw can be computed on its own, 4 or 8 at a time. The entry of
 * feature f in block c draws {@code t0 = 8·(c·n_features + f)} to {@code t0 + 7}: read as sixteen
 * 32-bit words (low half first), word l of draws t0..t0+3 is the presence word P_l of example
 * 8c + l and word l of draws t0+4..t0+7 is its value word V_l. Then
 *
 * <pre>
 *   present  ⇔  (P_l >>> 8) &lt; threshold_k = ⌈p_k · 2^24⌉      (probability p_k, to 2^-24)
 *   x        =  present ? (V_l >>> 9) · 2^-23 : 0              (uniform on [0, 1) in steps of 2^-23)
 * </pre>
 *
 * computed as {@code intBitsToFloat(0x3F800000 | mantissa) − 1} with the mantissa zeroed when
 * absent: one exact float subtraction, so a vector of lanes and a scalar loop agree to the bit.
 * Each entry uses 64 fresh random bits, as one {@code nextLong()} per entry would.
 */
public final class SparseFeaturesDraw {

  /** Examples per block: the lane count of the kernels that generate entries in registers. */
  public static final int LANES = 8;

  private static final int ONE_BITS = 0x3F800000; // 1.0f

  private final int batchSize;
  private final int nFeatures;
  private final long[] streams; // [instances] s_k
  private final int[] thresholds; // [instances] ⌈p_k · 2^24⌉, in [1, 2^24]

  SparseFeaturesDraw(int batchSize, int nFeatures, long[] streams, int[] thresholds) {
    this.batchSize = batchSize;
    this.nFeatures = nFeatures;
    this.streams = streams;
    this.thresholds = thresholds;
  }

  /** The presence threshold ⌈p · 2^24⌉ of a feature probability p in (0, 1]. */
  static int threshold(double featureProbability) {
    return (int) Math.ceil(featureProbability * (1 << 24));
  }

  public int batchSize() {
    return batchSize;
  }

  public int nFeatures() {
    return nFeatures;
  }

  public int nInstances() {
    return streams.length;
  }

  /** Blocks of {@value #LANES} examples, the last one possibly partial. */
  public int blocks() {
    return (batchSize + LANES - 1) / LANES;
  }

  /** s_k: the state instance k's draws count from. */
  public long stream(int instance) {
    return streams[instance];
  }

  /** ⌈p_k · 2^24⌉: instance k's feature is present when the top 24 bits of P are below it. */
  public int threshold(int instance) {
    return thresholds[instance];
  }

  /** The entry of a presence word and a value word (see the class comment). */
  public static float entry(int presenceWord, int valueWord, int threshold) {
    int present = ((presenceWord >>> 8) - threshold) >> 31; // all ones when present, else 0
    return Float.intBitsToFloat(ONE_BITS | ((valueWord >>> 9) & present)) - 1f;
  }

  /**
   * The {@value #LANES} entries of feature {@code feature} in block {@code block} of instance
   * {@code instance}, one per example of the block, into {@code out[outOff ..]}.
   */
  public void block(int instance, int block, int feature, float[] out, int outOff) {
    long stream = streams[instance];
    int threshold = thresholds[instance];
    long t0 = (long) LANES * ((long) block * nFeatures + feature);
    for (int d = 0; d < LANES / 2; d++) {
      long presence = Rng.drawAt(stream, t0 + d);
      long value = Rng.drawAt(stream, t0 + LANES / 2 + d);
      out[outOff + 2 * d] = entry((int) presence, (int) value, threshold);
      out[outOff + 2 * d + 1] = entry((int) (presence >>> 32), (int) (value >>> 32), threshold);
    }
  }

  /** The batch as a new array {@code [batch, instance, feature]}. */
  public float[] values() {
    float[] out = new float[batchSize * nInstances() * nFeatures];
    writeTo(out);
    return out;
  }

  /**
   * Expands the batch into {@code out [batch, instance, feature]}, instances in parallel (each
   * entry is a function of its position alone, so the thread count changes nothing).
   */
  public void writeTo(float[] out) {
    int instances = nInstances();
    if (out.length != (long) batchSize * instances * nFeatures) {
      throw new IllegalArgumentException("sparse features: expected a buffer of "
          + ((long) batchSize * instances * nFeatures) + " floats [batch=" + batchSize
          + ", instances=" + instances + ", features=" + nFeatures + "], got " + out.length);
    }
    int blocks = blocks();
    Parallel.forItems(instances, (long) batchSize * nFeatures * 4, (from, to) -> {
      float[] lanes = new float[LANES];
      for (int k = from; k < to; k++) {
        for (int c = 0; c < blocks; c++) {
          int examples = Math.min(LANES, batchSize - c * LANES);
          for (int f = 0; f < nFeatures; f++) {
            block(k, c, f, lanes, 0);
            for (int l = 0; l < examples; l++) {
              out[((c * LANES + l) * instances + k) * nFeatures + f] = lanes[l];
            }
          }
        }
      }
    });
  }
}
