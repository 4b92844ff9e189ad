package org.toylens.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.toylens.autograd.NoGrad;
import org.toylens.hooks.HookPoint;
import org.toylens.models.ModelConfig.Activation;
import org.toylens.models.TransformerConfig.Init;
import org.toylens.models.TransformerConfig.Normalization;
import org.toylens.tasks.Layout;
import org.toylens.tasks.Vocabulary;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Shape;
import org.toylens.tensor.Tensor;

class HookedTransformerTest {

  private static final Rng RNG = Rng.of(7);

  @Test
  void parameterNamesAndShapesAreTransformerLensOnes() {
    HookedTransformer model = new HookedTransformer(TinyTransformer.config().layers(2).build(), 1);
    Map<String, Shape> expected = new LinkedHashMap<>();
    expected.put("embed.W_E", Shape.of(7, 8));
    expected.put("pos_embed.W_pos", Shape.of(4, 8));
    for (int l = 0; l < 2; l++) {
      String b = "blocks." + l + ".";
      expected.put(b + "ln1.w", Shape.of(8));
      expected.put(b + "ln1.b", Shape.of(8));
      expected.put(b + "attn.W_Q", Shape.of(2, 8, 4));
      expected.put(b + "attn.W_K", Shape.of(2, 8, 4));
      expected.put(b + "attn.W_V", Shape.of(2, 8, 4));
      expected.put(b + "attn.W_O", Shape.of(2, 4, 8));
      expected.put(b + "attn.b_Q", Shape.of(2, 4));
      expected.put(b + "attn.b_K", Shape.of(2, 4));
      expected.put(b + "attn.b_V", Shape.of(2, 4));
      expected.put(b + "attn.b_O", Shape.of(8));
      expected.put(b + "ln2.w", Shape.of(8));
      expected.put(b + "ln2.b", Shape.of(8));
      expected.put(b + "mlp.W_in", Shape.of(8, 12));
      expected.put(b + "mlp.b_in", Shape.of(12));
      expected.put(b + "mlp.W_out", Shape.of(12, 8));
      expected.put(b + "mlp.b_out", Shape.of(8));
    }
    expected.put("ln_final.w", Shape.of(8));
    expected.put("ln_final.b", Shape.of(8));
    expected.put("unembed.W_U", Shape.of(8, 5));
    expected.put("unembed.b_U", Shape.of(5));

    Map<String, Shape> actual = new LinkedHashMap<>();
    model.namedParameters().forEach((name, t) -> actual.put(name, t.shape()));
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void optionalPartsLeaveTheirParametersAndHooksOut() {
    HookedTransformer model = new HookedTransformer(
        TinyTransformer.config().layers(1).norm(Normalization.NONE).attnOnly().noPositions().build(), 1);
    assertThat(model.namedParameters().keySet()).containsExactlyInAnyOrder("embed.W_E",
        "blocks.0.attn.W_Q", "blocks.0.attn.W_K", "blocks.0.attn.W_V", "blocks.0.attn.W_O",
        "blocks.0.attn.b_Q", "blocks.0.attn.b_K", "blocks.0.attn.b_V", "blocks.0.attn.b_O",
        "unembed.W_U", "unembed.b_U");
    assertThat(model.hookPoints().keySet()).doesNotContain("hook_pos_embed", "blocks.0.hook_resid_mid",
        "blocks.0.hook_mlp_out", "blocks.0.mlp.hook_pre", "blocks.0.ln1.hook_scale", "ln_final.hook_scale");
    HookedTransformer lnPre = new HookedTransformer(TinyTransformer.config().norm(Normalization.LN_PRE).build(), 1);
    assertThat(lnPre.namedParameters().keySet()).noneMatch(n -> n.contains("ln"));
    assertThat(lnPre.hookPoints()).containsKeys("blocks.0.ln1.hook_scale", "ln_final.hook_normalized");
  }

  @Test
  void hookShapesListEveryHookWithItsShape() {
    HookedTransformer model = new HookedTransformer(TinyTransformer.config().layers(1).build(), 1);
    model.setUseAttnResult(true); // else hook_result is not computed (TransformerLens's default)
    List<HookPoint.Described> shapes = model.hookShapes(TinyTransformer.tokens(RNG, 2, 3, 7));
    Map<String, Shape> byName = new LinkedHashMap<>();
    shapes.forEach(d -> byName.put(d.name(), d.shape()));
    Shape resid = Shape.of(2, 3, 8);
    Shape perHead = Shape.of(2, 3, 2, 4);
    Shape pattern = Shape.of(2, 2, 3, 3);
    Shape scale = Shape.of(2, 3, 1);
    Shape hidden = Shape.of(2, 3, 12);
    Map<String, Shape> expected = new LinkedHashMap<>();
    expected.put("hook_embed", resid);
    expected.put("hook_pos_embed", resid);
    expected.put("blocks.0.hook_resid_pre", resid);
    expected.put("blocks.0.hook_attn_out", resid);
    expected.put("blocks.0.hook_resid_mid", resid);
    expected.put("blocks.0.hook_mlp_out", resid);
    expected.put("blocks.0.hook_resid_post", resid);
    expected.put("blocks.0.ln1.hook_scale", scale);
    expected.put("blocks.0.ln1.hook_normalized", resid);
    expected.put("blocks.0.attn.hook_q", perHead);
    expected.put("blocks.0.attn.hook_k", perHead);
    expected.put("blocks.0.attn.hook_v", perHead);
    expected.put("blocks.0.attn.hook_attn_scores", pattern);
    expected.put("blocks.0.attn.hook_pattern", pattern);
    expected.put("blocks.0.attn.hook_z", perHead);
    expected.put("blocks.0.attn.hook_result", Shape.of(2, 3, 2, 8));
    expected.put("blocks.0.ln2.hook_scale", scale);
    expected.put("blocks.0.ln2.hook_normalized", resid);
    expected.put("blocks.0.mlp.hook_pre", hidden);
    expected.put("blocks.0.mlp.hook_post", hidden);
    expected.put("ln_final.hook_scale", scale);
    expected.put("ln_final.hook_normalized", resid);
    assertThat(byName).containsExactlyEntriesOf(expected);
    assertThat(model.anyHookActive()).isFalse();
  }

  static Stream<TinyTransformer> configs() {
    return Stream.of(
        TinyTransformer.config(),
        TinyTransformer.config().act(Activation.GELU).rate(0.6),
        TinyTransformer.config().act(Activation.GELU_NEW).norm(Normalization.LN_PRE).bidirectional(),
        TinyTransformer.config().act(Activation.SILU).norm(Normalization.NONE).noPositions(),
        TinyTransformer.config().layers(3).attnOnly().bidirectional().rate(0.25),
        TinyTransformer.config().layers(1).rate(0.0));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void forwardMatchesTheScalarReference(TinyTransformer config) {
    HookedTransformer model = config.randomModel(3);
    IntTensor tokens = TinyTransformer.tokens(RNG, 3, 4, 7);
    Tensor logits = model.forward(tokens);
    double[][][] expected = new ReferenceTransformer(model).logits(tokens);
    assertThat(logits.shape()).isEqualTo(Shape.of(3, 4, 5));
    for (int b = 0; b < 3; b++) {
      for (int p = 0; p < 4; p++) {
        for (int v = 0; v < 5; v++) {
          assertThat((double) logits.get(b, p, v)).as("logit [%d, %d, %d]", b, p, v)
              .isCloseTo(expected[b][p][v], within(2e-5 * (1 + Math.abs(expected[b][p][v]))));
        }
      }
    }
  }

  @Test
  void shorterSequencesUseTheFirstPositions() {
    HookedTransformer model = TinyTransformer.config().randomModel(4);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 2, 7);
    double[][][] expected = new ReferenceTransformer(model).logits(tokens);
    assertThat((double) model.forward(tokens).get(1, 1, 3)).isCloseTo(expected[1][1][3], within(1e-4));
  }

  @Test
  void causalLogitsIgnoreLaterTokensAndBidirectionalOnesDoNot() {
    IntTensor tokens = IntTensor.of(new int[] {1, 2, 3, 4}, 1, 4);
    IntTensor changedLast = IntTensor.of(new int[] {1, 2, 3, 6}, 1, 4);
    HookedTransformer causal = TinyTransformer.config().randomModel(5);
    Tensor before = causal.forward(tokens);
    Tensor after = causal.forward(changedLast);
    for (int p = 0; p < 3; p++) {
      for (int v = 0; v < 5; v++) {
        assertThat(after.get(0, p, v)).isEqualTo(before.get(0, p, v));
      }
    }
    assertThat(after.get(0, 3, 0)).isNotEqualTo(before.get(0, 3, 0));

    HookedTransformer bidirectional = TinyTransformer.config().bidirectional().randomModel(5);
    assertThat(bidirectional.forward(changedLast).get(0, 0, 0)).isNotEqualTo(bidirectional.forward(tokens).get(0, 0, 0));
  }

  @Test
  void zeroAttentionRateMakesThePatternAllOnes() {
    HookedTransformer model = TinyTransformer.config().bidirectional().rate(0).randomModel(6);
    Tensor pattern = model.runWithCache(TinyTransformer.tokens(RNG, 2, 4, 7)).cache().get("pattern", 1);
    assertThat(pattern.data()).containsOnly(1f);
  }

  @Test
  void attentionRateMixesSoftmaxWithOnesOnlyWhereTheQueryMayLook() {
    HookedTransformer model = TinyTransformer.config().rate(0.3).randomModel(6);
    var cache = model.runWithCache(TinyTransformer.tokens(RNG, 1, 4, 7)).cache();
    Tensor scores = cache.get("attn_scores", 0); // [1, head, 4, 4], −∞ above the diagonal
    Tensor pattern = cache.get("pattern", 0);
    Tensor softmax = scores.softmax();
    for (int h = 0; h < 2; h++) {
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          if (j > i) {
            assertThat(scores.get(0, h, i, j)).isEqualTo(Float.NEGATIVE_INFINITY);
            assertThat(pattern.get(0, h, i, j)).isZero();
          } else {
            assertThat(pattern.get(0, h, i, j)).isCloseTo(0.3f * softmax.get(0, h, i, j) + 0.7f, within(1e-6f));
          }
        }
      }
    }
  }

  @Test
  void logitsAtEqualForwardAtThosePositionsInValueAndGradient() {
    HookedTransformer model = TinyTransformer.config().act(Activation.GELU).rate(0.8).randomModel(8);
    IntTensor tokens = TinyTransformer.tokens(RNG, 3, 4, 7);
    int[] positions = {3, 1};
    Tensor weights = Tensor.randn(Rng.of(2), 1f, 3, 2, 5);

    Tensor direct = model.logitsAt(tokens, positions);
    direct.mul(weights).sum().backward();
    Map<String, Tensor> directGrads = gradients(model);

    Tensor full = model.forward(tokens).indexSelect(1, positions);
    full.mul(weights).sum().backward();
    Map<String, Tensor> fullGrads = gradients(model);

    assertThat(direct.shape()).isEqualTo(Shape.of(3, 2, 5));
    assertClose(direct, full, 1e-5f);
    assertThat(directGrads.keySet()).isEqualTo(fullGrads.keySet()).hasSize(model.namedParameters().size());
    directGrads.forEach((name, g) -> assertClose(g, fullGrads.get(name), 1e-5f));
  }

  @Test
  void logitsAtRunsTheFullForwardWhenHookedSoHooksSeeEveryPosition() {
    HookedTransformer model = TinyTransformer.config().randomModel(9);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 4, 7);
    int[] positions = {3};
    Tensor[] seen = new Tensor[1];
    Tensor hooked;
    try (var scope = model.hooks()) {
      scope.forward("blocks.1.hook_resid_post", (x, h) -> {
        seen[0] = x;
        return null;
      });
      hooked = model.logitsAt(tokens, positions);
    }
    assertThat(seen[0].shape()).isEqualTo(Shape.of(2, 4, 8));
    assertClose(hooked, model.logitsAt(tokens, positions), 1e-5f);
    assertThatThrownBy(() -> model.logitsAt(tokens, new int[] {4}))
        .hasMessageContaining("position 4").hasMessageContaining("[2, 4]");
  }

  @Test
  void answerLogitsAreTheLogitsAtTheAnswerPositions() {
    // 4 input columns, the last holding an answer fed back (prompt of 3), answers read at 2 and 3
    Layout layout = new Layout(4, 3, 2, new int[] {2, 3}, Vocabulary.numbers(7), Vocabulary.numbers(5));
    IntTensor inputs = TinyTransformer.tokens(RNG, 3, 4, 7);
    HookedTransformer causal = TinyTransformer.config().randomModel(14);
    assertClose(causal.answerLogits(inputs, layout), causal.forward(inputs).indexSelect(1, new int[] {2, 3}), 1e-5f);

    Layout promptOnly = new Layout(4, 3, 1, new int[] {2}, Vocabulary.numbers(7), Vocabulary.numbers(5));
    HookedTransformer bidirectional = TinyTransformer.config().bidirectional().randomModel(14);
    IntTensor prompt = IntTensor.of(java.util.Arrays.stream(new int[] {0, 1, 2})
        .flatMap(r -> java.util.Arrays.stream(inputs.data(), r * 4, r * 4 + 3)).toArray(), 3, 3);
    assertClose(bidirectional.answerLogits(inputs, promptOnly),
        bidirectional.forward(prompt).indexSelect(1, new int[] {2}), 1e-5f);
    assertThatThrownBy(() -> bidirectional.answerLogits(inputs, layout))
        .hasMessageContaining("bidirectional").hasMessageContaining("position 3");
  }

  @Test
  void forwardIsBitwiseIdenticalWithOneAndTwoThreads() {
    TransformerConfig config = TinyTransformer.config().sizes(64, 4, 16, 256, 50, 40, 8).act(Activation.GELU).build();
    HookedTransformer model = new HookedTransformer(config, 11);
    IntTensor tokens = TinyTransformer.tokens(RNG, 64, 8, 50);
    Tensor[] outputs = new Tensor[2];
    Tensor[] grads = new Tensor[2];
    int[] threads = {1, 2};
    for (int i = 0; i < 2; i++) {
      int run = i;
      Parallel.withThreads(threads[i], () -> {
        Tensor logits = model.forward(tokens);
        logits.square().mean().backward();
        outputs[run] = logits;
        grads[run] = model.parameter("blocks.0.attn.W_Q").grad().copy();
        model.namedParameters().values().forEach(Tensor::zeroGrad);
      });
    }
    assertThat(outputs[0].bitwiseEquals(outputs[1])).isTrue();
    assertThat(grads[0].bitwiseEquals(grads[1])).isTrue();
  }

  @Test
  void frozenBiasesDoNotTrainAndEverythingElseDoes() {
    HookedTransformer model = new HookedTransformer(TinyTransformer.config().frozenBiases().build(), 1);
    model.namedParameters().forEach((name, t) -> {
      boolean linearBias = name.matches(".*\\.b_[A-Za-z]+");
      assertThat(t.requiresGrad()).as(name).isEqualTo(!linearBias);
      if (linearBias) {
        assertThat(t.data()).as(name).containsOnly(0f);
      }
    });
  }

  @Test
  void initFollowsTheSchemeAndTheSeed() {
    TinyTransformer config = TinyTransformer.config().sizes(64, 4, 16, 256, 50, 40, 8);
    HookedTransformer tl = new HookedTransformer(config.build(), 1);
    assertThat(std(tl.W_E())).isCloseTo(0.8 / Math.sqrt(64), within(0.01));
    assertThat(std(tl.parameter("blocks.1.mlp.W_out"))).isCloseTo(0.8 / Math.sqrt(64), within(0.01));
    assertThat(tl.parameter("blocks.0.ln1.w").data()).containsOnly(1f);

    HookedTransformer pm = new HookedTransformer(config.init(Init.PROGRESS_MEASURES).build(), 1);
    assertThat(std(pm.W_E())).isCloseTo(1 / Math.sqrt(64), within(0.01));
    assertThat(std(pm.W_U())).isCloseTo(1 / Math.sqrt(50), within(0.01));

    HookedTransformer again = new HookedTransformer(config.init(Init.TRANSFORMER_LENS).build(), 1);
    HookedTransformer other = new HookedTransformer(config.build(), 2);
    assertThat(again.W_U().bitwiseEquals(tl.W_U())).isTrue();
    assertThat(other.W_U().bitwiseEquals(tl.W_U())).isFalse();
    // each parameter has its own stream: W_Q of layer 0 differs from W_K of layer 0
    assertThat(tl.W_Q().select(0, 0).bitwiseEquals(tl.W_K().select(0, 0))).isFalse();
  }

  @Test
  void stackedWeightViewsHoldEachLayersParameters() {
    HookedTransformer model = TinyTransformer.config().layers(3).randomModel(12);
    assertThat(model.W_Q().shape()).isEqualTo(Shape.of(3, 2, 8, 4));
    assertThat(model.W_O().shape()).isEqualTo(Shape.of(3, 2, 4, 8));
    assertThat(model.W_in().shape()).isEqualTo(Shape.of(3, 8, 12));
    assertThat(model.W_out().shape()).isEqualTo(Shape.of(3, 12, 8));
    assertThat(model.b_O().shape()).isEqualTo(Shape.of(3, 8));
    assertThat(model.W_V().select(0, 2).bitwiseEquals(model.parameter("blocks.2.attn.W_V"))).isTrue();
    assertThat(model.W_in().select(0, 1).bitwiseEquals(model.parameter("blocks.1.mlp.W_in"))).isTrue();
    assertThat(model.W_E()).isSameAs(model.parameter("embed.W_E"));
    assertThat(model.W_pos()).isSameAs(model.parameter("pos_embed.W_pos"));
    assertThat(model.W_U()).isSameAs(model.parameter("unembed.W_U"));
    HookedTransformer attnOnly = new HookedTransformer(TinyTransformer.config().attnOnly().noPositions().build(), 1);
    assertThatThrownBy(attnOnly::W_in).hasMessageContaining("attn_only");
    assertThatThrownBy(attnOnly::W_pos).hasMessageContaining("positional");
  }

  @Test
  void circuitsAreTheHeadsWeightProducts() {
    HookedTransformer model = TinyTransformer.config().randomModel(13);
    Tensor wQ = model.parameter("blocks.1.attn.W_Q").select(0, 1); // [d_model, d_head]
    Tensor wK = model.parameter("blocks.1.attn.W_K").select(0, 1);
    Tensor wV = model.parameter("blocks.1.attn.W_V").select(0, 1);
    Tensor wO = model.parameter("blocks.1.attn.W_O").select(0, 1); // [d_head, d_model]
    try (var ignored = NoGrad.enter()) {
      assertClose(model.QK(1, 1).product(), Tensor.matmul(wQ, false, wK, true), 1e-6f);
      assertClose(model.OV(1, 1).product(), wV.matmul(wO), 1e-6f);
    }
    assertThatThrownBy(() -> model.QK(2, 0)).hasMessageContaining("layer 2");
    assertThatThrownBy(() -> model.OV(0, 2)).hasMessageContaining("head 2");
  }

  @Test
  void badTokensAreRefusedWithTheShape() {
    HookedTransformer model = new HookedTransformer(TinyTransformer.config().build(), 1);
    assertThatThrownBy(() -> model.forward(IntTensor.of(new int[5], 1, 5)))
        .hasMessageContaining("more than n_ctx 4");
    assertThatThrownBy(() -> model.forward(IntTensor.vector(1, 2)))
        .hasMessageContaining("[batch, pos]");
    assertThatThrownBy(() -> model.forward(IntTensor.of(new int[] {1, 9}, 1, 2)))
        .hasMessageContaining("token 9");
  }

  @Test
  void unresolvedConfigsAreRefused() {
    TinyTransformer config = TinyTransformer.config();
    config.dVocab = ModelConfig.FROM_TASK;
    assertThatThrownBy(() -> new HookedTransformer(config.build(), 1)).hasMessageContaining("resolve");
  }

  private static Map<String, Tensor> gradients(HookedTransformer model) {
    Map<String, Tensor> grads = new LinkedHashMap<>();
    model.namedParameters().forEach((name, t) -> {
      grads.put(name, t.grad().copy());
      t.zeroGrad();
    });
    return grads;
  }

  private static double std(Tensor t) {
    double sum = 0;
    double sq = 0;
    for (float v : t.data()) {
      sum += v;
      sq += (double) v * v;
    }
    double mean = sum / t.size();
    return Math.sqrt(sq / t.size() - mean * mean);
  }

  static void assertClose(Tensor actual, Tensor expected, float tolerance) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    float[] a = actual.data();
    float[] e = expected.data();
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(tolerance * (1 + Math.abs(e[i]))));
    }
  }
}
