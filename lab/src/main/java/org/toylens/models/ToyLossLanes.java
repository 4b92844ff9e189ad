package org.toylens.models;

import static org.toylens.models.ToyLossJob.LANES;

import java.util.Arrays;

/**
 * The working arrays of a fused-loss kernel for one instance at a time: the values of the
 * current {@value #GROUP} blocks of examples, one lane per example, and the per-lane sums over
 * the batch. One set per task, reused for every instance the task handles. A kernel that works
 * on one block at a time uses group slot 0 only.
 */
final class ToyLossLanes {

  /** Blocks the vector kernel carries through each phase together (independent FMA chains). */
  static final int GROUP = 4;

  final float[] x; // [features, GROUP, LANES] the blocks' inputs
  final float[] h; // [hidden, GROUP, LANES] h = W x
  final float[] delta; // [features, GROUP, LANES] δ = ∂L/∂p
  final float[] dh; // [hidden, GROUP, LANES] ∂L/∂h = W_dec δ
  final float[] p; // [GROUP, LANES] the preactivations of one feature
  final float[] blockLoss; // [GROUP, LANES] Σ_f I_f (x'_f − x_f)² of each block, in feature order
  final double[] loss; // [LANES] the block losses summed over the batch
  final float[] gradW; // [hidden, features, LANES] Σ_b dh xᵀ (the encoder's part); null without gradients
  final float[] gradWDec; // [hidden, features, LANES] Σ_b h δᵀ (the decoder's part); null without gradients
  final float[] gradB; // [features, LANES]; null without gradients

  ToyLossLanes(ToyLossJob job) {
    int n = job.features();
    int m = job.hidden();
    x = new float[n * GROUP * LANES];
    h = new float[m * GROUP * LANES];
    delta = new float[n * GROUP * LANES];
    dh = new float[m * GROUP * LANES];
    p = new float[GROUP * LANES];
    blockLoss = new float[GROUP * LANES];
    loss = new double[LANES];
    boolean grads = job.withGradients();
    gradW = grads ? new float[m * n * LANES] : null;
    gradWDec = grads ? new float[m * n * LANES] : null;
    gradB = grads ? new float[n * LANES] : null;
  }

  /** Clears the sums before the next instance. */
  void clearSums() {
    Arrays.fill(loss, 0);
    Arrays.fill(blockLoss, 0f);
    if (gradW != null) {
      Arrays.fill(gradW, 0f);
      Arrays.fill(gradWDec, 0f);
      Arrays.fill(gradB, 0f);
    }
  }

  /**
   * Adds the loss lanes of group slot {@code slot} into the batch sums (in double: they feed the
   * loss) and clears them for the next block.
   */
  void addBlockLoss(int slot) {
    for (int l = 0; l < LANES; l++) {
      loss[l] += blockLoss[slot * LANES + l];
      blockLoss[slot * LANES + l] = 0f;
    }
  }

  /**
   * Writes instance {@code instance}'s results into the job's outputs: lanes summed in lane
   * order, the loss divided by the batch size; when tied, ∂L/∂W is the encoder's sum plus the
   * decoder's.
   */
  void reduceInto(ToyLossJob job, int instance) {
    double total = 0;
    for (int l = 0; l < LANES; l++) {
      total += loss[l];
    }
    job.lossOf()[instance] = total / job.batch();
    if (gradW == null) {
      return;
    }
    int matrix = job.hidden() * job.features();
    int off = instance * matrix;
    reduce(gradW, job.gradW(), off, matrix);
    if (job.tied()) {
      for (int i = 0; i < matrix; i++) {
        job.gradW()[off + i] += sum(gradWDec, i);
      }
    } else {
      reduce(gradWDec, job.gradWDec(), off, matrix);
    }
    reduce(gradB, job.gradB(), instance * job.features(), job.features());
  }

  /** out[off + i] = Σ_l lanes[i, l], for i < count. */
  private static void reduce(float[] lanes, float[] out, int off, int count) {
    for (int i = 0; i < count; i++) {
      out[off + i] = sum(lanes, i);
    }
  }

  /** Σ_l lanes[i, l] in lane order. */
  private static float sum(float[] lanes, int i) {
    float sum = lanes[i * LANES];
    for (int l = 1; l < LANES; l++) {
      sum += lanes[i * LANES + l];
    }
    return sum;
  }
}
