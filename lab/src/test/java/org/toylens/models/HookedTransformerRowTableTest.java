package org.toylens.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.toylens.models.TransformerConfig.Normalization;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * The first layer computed from a table of distinct (token, position) rows, as runs without
 * hooks do, against the per-example computation that runs whenever a hook is attached: the same
 * logits and parameter gradients up to float rounding, on every architecture option that
 * touches the first layer.
 */
class HookedTransformerRowTableTest {

  private static final Rng RNG = Rng.of(2026);

  private static List<TinyTransformer> configs() {
    return List.of(
        TinyTransformer.config().layers(1).norm(Normalization.NONE).frozenBiases(), // the grokking model
        TinyTransformer.config().layers(2), // LN, trained biases
        TinyTransformer.config().layers(2).norm(Normalization.LN_PRE).bidirectional(),
        TinyTransformer.config().layers(1).rate(0.5), // Clock and Pizza attention rate
        TinyTransformer.config().layers(2).rate(0.25).bidirectional(),
        TinyTransformer.config().layers(2).attnOnly().noPositions(),
        TinyTransformer.config().layers(1).norm(Normalization.NONE).act(ModelConfig.Activation.GELU));
  }

  @Test
  void logitsAndGradientsEqualThoseOfThePerExampleForward() {
    int config = 0;
    for (TinyTransformer tiny : configs()) {
      HookedTransformer model = tiny.randomModel(100 + config);
      IntTensor tokens = TinyTransformer.tokens(RNG, 96, tiny.nCtx, tiny.dVocab);
      assertThat(model.firstLayerFromRows(tokens)).as("config %d takes the row table", config).isNotNull();
      int last = tiny.nCtx - 1;
      compare(config, model, m -> m.forward(tokens));
      compare(config, model, m -> m.logitsAt(tokens, new int[] {last}));
      compare(config, model, m -> m.logitsAt(tokens, new int[] {0, last}));
      config++;
    }
  }

  /** Runs {@code logits} without and with an observing hook, comparing values and gradients. */
  private static void compare(int config, HookedTransformer model, Function<HookedTransformer, Tensor> logits) {
    Tensor fromRows = logits.apply(model);
    Map<String, float[]> rowGradients = gradients(model, fromRows);
    Tensor perExample;
    Map<String, float[]> exampleGradients;
    try (var scope = model.hooks()) {
      scope.forward("hook_embed", (x, hook) -> x);
      perExample = logits.apply(model);
      exampleGradients = gradients(model, perExample);
    }
    assertClose("config " + config + " logits", fromRows.data(), perExample.data(), 0);
    double largest = 0; // over every gradient of the model
    for (float[] g : exampleGradients.values()) {
      for (float v : g) largest = Math.max(largest, Math.abs(v));
    }
    for (String name : exampleGradients.keySet()) {
      assertClose("config " + config + " gradient of " + name, rowGradients.get(name), exampleGradients.get(name), largest);
    }
  }

  /** Backpropagates a fixed random weighting of the logits; returns every parameter's gradient. */
  private static Map<String, float[]> gradients(HookedTransformer model, Tensor logits) {
    Rng weights = Rng.of(5);
    float[] r = new float[logits.size()];
    for (int i = 0; i < r.length; i++) r[i] = (float) weights.nextGaussian();
    for (Tensor p : model.namedParameters().values()) p.zeroGrad();
    logits.backward(Tensor.of(r, logits.shape()));
    Map<String, float[]> out = new HashMap<>();
    model.namedParameters().forEach((name, p) -> {
      if (p.requiresGrad()) out.put(name, p.grad() == null ? new float[p.size()] : p.grad().data().clone());
    });
    return out;
  }

  /**
   * Within 2e-5 of the tensor's largest entry, or 1e-6 of {@code largest}: gradients that are
   * zero in exact arithmetic (b_K: softmax ignores a shift shared by every key) are rounding
   * noise on the scale of the model's other gradients.
   */
  private static void assertClose(String what, float[] actual, float[] expected, double largest) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double scale = 1e-2;
    for (float v : expected) scale = Math.max(scale, Math.abs(v));
    scale = Math.max(scale, largest / 20);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i])).as("%s [%d]: %s vs %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo((float) (2e-5 * scale));
    }
  }

  @Test
  void smallBatchesAndHookedRunsUseThePerExamplePath() {
    TinyTransformer tiny = TinyTransformer.config();
    HookedTransformer model = tiny.randomModel(1);
    assertThat(model.firstLayerFromRows(TinyTransformer.tokens(RNG, 2, tiny.nCtx, tiny.dVocab)))
        .as("2 examples: as many rows as positions").isNull();
    IntTensor many = TinyTransformer.tokens(RNG, 96, tiny.nCtx, tiny.dVocab);
    try (var scope = model.hooks()) {
      scope.forward("blocks.0.hook_resid_pre", (x, hook) -> x);
      assertThat(model.firstLayerFromRows(many)).isNull();
    }
    assertThat(model.firstLayerFromRows(many)).isNotNull();
  }

  @Test
  void tokensOutsideTheVocabularyAreNamedWithTheirExampleAndPosition() {
    TinyTransformer tiny = TinyTransformer.config();
    HookedTransformer model = tiny.randomModel(1);
    int[] tokens = TinyTransformer.tokens(RNG, 96, tiny.nCtx, tiny.dVocab).data().clone();
    tokens[5 * tiny.nCtx + 2] = tiny.dVocab;
    assertThatThrownBy(() -> model.forward(IntTensor.of(tokens, 96, tiny.nCtx)))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("token " + tiny.dVocab + " at example 5, position 2");
  }
}
