package org.toylens.analysis.grokking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.toylens.autograd.NoGrad;
import org.toylens.config.ExperimentConfig;
import org.toylens.hooks.Hook;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

class GrokkingAnalysisModelTest {

  static final int P = 7;

  /** A tiny untrained model of the grokking architecture. */
  static GrokkingAnalysisModel tiny() {
    return GrokkingAnalysisModel.of(ExperimentConfig.fromPreset("grok", List.of("task.p=" + P,
        "model.d_model=8", "model.n_heads=2", "model.d_head=4", "model.d_mlp=16", "seed=3")));
  }

  /**
   * The per-token-table forward equals the model's own forward pass, run on every input with hooks
   * on the MLP neurons and the attention pattern, for every architecture the analysis accepts: with
   * and without the '=' token, causal and bidirectional attention, attention rates 1, 0.5 and 0 (Clock
   * and Pizza), ReLU and GELU, with and without positional embeddings, and nonzero biases.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "grok  | ",
      "pizza | ",
      "clock | model.attention_rate=0.5,model.act_fn=gelu",
      "grok  | model.positional_embedding=false,model.act_fn=gelu_new",
      "pizza | model.attention_dir=causal,model.attention_rate=1"})
  void allInputsRunMatchesTheModelsForwardPassOnEveryInput(String preset, String extra) {
    List<String> overrides = new ArrayList<>(List.of("task.p=" + P, "model.d_model=8", "model.n_heads=2",
        "model.d_head=4", "model.d_mlp=16", "seed=3"));
    if (extra != null) overrides.addAll(List.of(extra.split(",")));
    GrokkingAnalysisModel m = GrokkingAnalysisModel.of(ExperimentConfig.fromPreset(preset, overrides));
    Rng rng = Rng.of(11);
    for (var e : m.transformer().namedParameters().entrySet()) {
      if (e.getKey().contains(".b_") || e.getKey().startsWith("b_")) {
        float[] bias = e.getValue().data();
        for (int i = 0; i < bias.length; i++) bias[i] = 0.3f * (float) rng.nextGaussian();
      }
    }
    GrokkingAnalysisModel.AllInputs all = m.runAllInputs(true);

    int len = m.inputLength();
    int rows = P * P;
    int[] tokens = new int[rows * len];
    for (int a = 0; a < P; a++) {
      for (int b = 0; b < P; b++) {
        tokens[(a * P + b) * len] = a;
        tokens[(a * P + b) * len + 1] = b;
        if (len == 3) tokens[(a * P + b) * len + 2] = P;
      }
    }
    Tensor[] post = new Tensor[1];
    Tensor[] pattern = new Tensor[1];
    Tensor logits;
    try (NoGrad ignored = NoGrad.enter()) {
      logits = m.transformer().runWithHooks(IntTensor.of(tokens, rows, len),
          Hook.forward("blocks.0.mlp.hook_post", (v, h) -> {
            post[0] = v.copy();
            return v;
          }),
          Hook.forward("blocks.0.attn.hook_pattern", (v, h) -> {
            pattern[0] = v.copy();
            return v;
          })); // [p*p, len, p]
    }
    int answer = len - 1;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < P; c++) {
        assertThat(all.logits()[r * P + c]).as("logit %d of row %d", c, r).isCloseTo(logits.get(r, answer, c), within(1e-4f));
      }
      for (int n = 0; n < 16; n++) {
        assertThat(all.neuronActs()[r * 16 + n]).as("neuron %d of row %d", n, r).isCloseTo(post[0].get(r, answer, n), within(1e-4f));
      }
      for (int h = 0; h < 2; h++) {
        for (int k = 0; k < len; k++) {
          assertThat(all.attention()[(r * 2 + h) * len + k]).isCloseTo(pattern[0].get(r, h, answer, k), within(1e-5f));
        }
      }
    }
  }

  @Test
  void gradientSymmetricityMatchesFiniteDifferencesOfTheLogit() {
    GrokkingAnalysisModel m = tiny();
    for (long seed = 0; seed < 6; seed++) {
      // One triple per call: the mean is that triple's cosine.
      double fromBackward = m.gradientSymmetricity(1, Rng.of(seed));
      int[] t = GradientSymmetricity.sampleTriples(P, 1, Rng.of(seed))[0];
      double[] gradA = finiteDifferenceGradient(m, t, 0);
      double[] gradB = finiteDifferenceGradient(m, t, 1);
      double expected = GradientSymmetricity.of(new double[][] {gradA}, new double[][] {gradB});
      assertThat(fromBackward).as("triple %s", java.util.Arrays.toString(t)).isCloseTo(expected, within(2e-3));
    }
  }

  /** ∂logit_c/∂(embedding at {@code position}) by central differences on hook_embed. */
  private static double[] finiteDifferenceGradient(GrokkingAnalysisModel m, int[] triple, int position) {
    float eps = 1e-2f;
    double[] grad = new double[8];
    for (int j = 0; j < 8; j++) {
      grad[j] = (logitWithNudge(m, triple, position, j, eps) - logitWithNudge(m, triple, position, j, -eps)) / (2 * eps);
    }
    return grad;
  }

  private static double logitWithNudge(GrokkingAnalysisModel m, int[] triple, int position, int j, float delta) {
    try (NoGrad ignored = NoGrad.enter()) {
      Tensor logits = m.transformer().runWithHooks(IntTensor.of(new int[] {triple[0], triple[1], P}, 1, 3),
          Hook.forward("hook_embed", (v, h) -> {
            Tensor w = v.copy(); // [1, 3, d_model]
            w.data()[position * 8 + j] += delta;
            return w;
          }));
      return logits.get(0, 2, triple[2]);
    }
  }
}
