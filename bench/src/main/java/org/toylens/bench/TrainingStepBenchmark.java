package org.toylens.bench;

import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.HookedTransformer;
import org.toylens.models.TransformerConfig;
import org.toylens.optim.AdamW;
import org.toylens.optim.ParamGroup;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * One full-batch training step of the grokking transformer in ToyLens: forward, cross-entropy on
 * the last position, backward, AdamW. The model is the {@code grok-paper} preset's, started from the
 * workload's initial weights so that both sides train the same network.
 */
public class TrainingStepBenchmark extends ToyLensBenchmark {

  private static final int[] LAST_POSITION = {GrokkingWorkload.N_CTX - 1};

  private HookedTransformer model;
  private AdamW optimizer;
  private IntTensor tokens; // [train, n_ctx]
  private IntTensor labels; // [train]

  @Setup
  public void build() {
    model = grokkingTransformer();
    optimizer = new AdamW(List.of(ParamGroup.of(model.trainableParameters(), GrokkingWorkload.WEIGHT_DECAY)),
        GrokkingWorkload.LEARNING_RATE, GrokkingWorkload.BETA1, GrokkingWorkload.BETA2, GrokkingWorkload.ADAM_EPS);
    GrokkingWorkload.TrainingSet data = GrokkingWorkload.trainingSet();
    tokens = IntTensor.of(data.tokens(), data.size(), GrokkingWorkload.N_CTX);
    labels = IntTensor.of(data.labels(), data.size());
  }

  /** The preset's transformer with every trainable weight set to the workload's initial values. */
  static HookedTransformer grokkingTransformer() {
    TransformerConfig config = (TransformerConfig) ExperimentConfig.fromPreset("grok-paper").model();
    HookedTransformer model = new HookedTransformer(config, Rng.of(GrokkingWorkload.SEED));
    Map<String, Tensor> params = model.namedParameters();
    for (GrokkingWorkload.Parameter p : GrokkingWorkload.PARAMETERS) {
      float[] init = GrokkingWorkload.initialValues(p);
      System.arraycopy(init, 0, params.get(p.name()).data(), 0, init.length);
    }
    return model;
  }

  /**
   * The same step with an observing hook attached, which keeps every activation per example: the
   * engine's generic path, without the first layer's table of distinct (token, position) rows.
   */
  @Benchmark
  public float trainingStepPerExample() {
    try (var scope = model.hooks()) {
      scope.forward("hook_embed", (x, hook) -> x);
      return trainingStep();
    }
  }

  @Benchmark
  public float trainingStep() {
    optimizer.zeroGrad();
    Tensor logits = model.logitsAt(tokens, LAST_POSITION); // [train, 1, d_vocab_out]
    Tensor loss = logits.reshape(-1, GrokkingWorkload.D_VOCAB_OUT).crossEntropy(labels);
    loss.backward();
    optimizer.step();
    return loss.item();
  }
}
