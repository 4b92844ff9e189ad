package org.toylens.bench;

import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.ToyModel;
import org.toylens.models.ToyModelConfig;
import org.toylens.optim.AdamW;
import org.toylens.optim.ParamGroup;
import org.toylens.tasks.SparseFeatures;
import org.toylens.tasks.SparseFeaturesConfig;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * One "toms-basic" training step in ToyLens, as {@code toylens superposition toms-basic} trains:
 * draw a fresh sparse batch for every instance (the task's own sampler), the importance-weighted
 * reconstruction loss, backward, AdamW. ToyLens draws the batch inside its fused loss kernel, in
 * registers, where the peer draws it into a tensor first; the random numbers, the model and the
 * update are the same work.
 */
public class TomsStepBenchmark extends ToyLensBenchmark {

  private static final int B = ToyModelWorkload.BATCH;
  private static final int I = ToyModelWorkload.INSTANCES;
  private static final int F = ToyModelWorkload.FEATURES;

  private ToyModel model;
  private AdamW optimizer;
  private Tensor importance; // [features]
  private SparseFeatures features;
  private Rng data;

  @Setup
  public void build() {
    ToyModelConfig config = new ToyModelConfig(F, ToyModelWorkload.HIDDEN, I, ToyModelConfig.Activation.RELU, true);
    model = new ToyModel(config, ToyModelWorkload.SEED);
    float[] w = ToyModelWorkload.initialWeights();
    System.arraycopy(w, 0, model.W().data(), 0, w.length);
    optimizer = new AdamW(List.of(ParamGroup.of(model.trainableParameters(), ToyModelWorkload.WEIGHT_DECAY)),
        ToyModelWorkload.LEARNING_RATE, ToyModelWorkload.BETA1, ToyModelWorkload.BETA2, ToyModelWorkload.ADAM_EPS);
    float[] imp = new float[F];
    for (int j = 0; j < F; j++) imp[j] = (float) ToyModelWorkload.importance(j);
    importance = Tensor.of(imp, F);
    // the workload's sparsities 20^(-i/9) and importances 0.7^j, as the toms-basic preset has them
    features = ((SparseFeaturesConfig) ExperimentConfig.fromPreset("toms-basic").task()).generator();
    for (int i = 0; i < I; i++) {
      if (Math.abs(features.featureProbability()[i] - ToyModelWorkload.featureProbability(i)) > 1e-12) {
        throw new IllegalStateException("toms-basic preset and benchmark workload disagree on instance " + i);
      }
    }
    data = Rng.of(ToyModelWorkload.SEED).split("batches");
  }

  @Benchmark
  public float tomsStep() {
    optimizer.zeroGrad();
    Tensor loss = model.loss(features.draw(B, data), importance);
    loss.backward();
    optimizer.step();
    return loss.item();
  }
}
