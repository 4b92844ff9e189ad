package org.toylens.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.toylens.autograd.NoGrad;
import org.toylens.hooks.CachedRun;
import org.toylens.hooks.Hook;
import org.toylens.models.TransformerConfig.Normalization;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * The first layer computed from a table of distinct (token, position) rows, as runs without
 * hooks or with observing hooks only (caches) do, against the per-example computation that runs
 * whenever a hook may replace a value: the same logits, parameter gradients and cached
 * activations up to float rounding, on every architecture option that touches the first layer.
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

  /**
   * A model keeps the rows of its last batch for the next call with the same tokens (full-batch
   * training), and only then: other tokens of the same shape, the same tokens changed in place,
   * or a shorter batch get their own rows, and logits equal to those of a fresh model.
   */
  @Test
  void theRowsOfTheLastBatchAreReusedForTheSameTokensOnly() {
    TinyTransformer tiny = configs().get(0);
    HookedTransformer model = tiny.randomModel(7);
    int n = 64;
    IntTensor first = TinyTransformer.tokens(RNG, n, tiny.nCtx, tiny.dVocab);
    TokenRows rows = model.firstLayerFromRows(first);
    assertThat(rows).isNotNull();
    assertThat(model.firstLayerFromRows(IntTensor.of(first.data().clone(), n, tiny.nCtx))).isSameAs(rows);

    IntTensor second = TinyTransformer.tokens(RNG, n, tiny.nCtx, tiny.dVocab);
    IntTensor changed = IntTensor.of(first.data().clone(), n, tiny.nCtx);
    changed.data()[n * tiny.nCtx - 2] = (changed.data()[n * tiny.nCtx - 2] + 1) % tiny.dVocab;
    IntTensor shorter = first.rows(0, n / 2);
    try (var off = NoGrad.enter()) {
      for (IntTensor tokens : List.of(first, second, changed, shorter, first)) {
        Tensor expected = tiny.randomModel(7).forward(tokens);
        assertThat(model.forward(tokens).data()).containsExactly(expected.data());
      }
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
  void everyCachedActivationFromTheRowTableEqualsThatOfThePerExampleForward() {
    int config = 0;
    for (TinyTransformer tiny : configs()) {
      HookedTransformer model = tiny.randomModel(200 + config);
      model.setUseAttnResult(true);
      IntTensor tokens = TinyTransformer.tokens(RNG, 96, tiny.nCtx, tiny.dVocab);
      for (boolean withGrad : new boolean[] {true, false}) {
        String what = "config " + config + (withGrad ? "" : " without gradients");
        CachedRun fromRows = cacheOnRows(model, tokens, name -> true, withGrad);
        CachedRun perExample = cacheOnExamples(model, tokens, name -> true, withGrad);
        assertThat(fromRows.cache().names()).as(what).containsExactlyElementsOf(perExample.cache().names());
        assertThat(fromRows.cache().names()).as(what).containsExactlyInAnyOrderElementsOf(model.hookPoints().keySet());
        assertSameActivations(what, fromRows, perExample);
      }
      config++;
    }
  }

  @Test
  void aFilteredCacheOnTheRowTableHoldsExactlyTheNamesAskedWithThePerExampleValues() {
    HookedTransformer model = TinyTransformer.config().layers(2).randomModel(31); // LN, causal
    IntTensor tokens = TinyTransformer.tokens(RNG, 96, 4, 7);
    Set<String> asked = Set.of("hook_pos_embed", "blocks.0.ln1.hook_scale", "blocks.0.attn.hook_z",
        "blocks.0.attn.hook_k", "blocks.0.hook_resid_mid", "blocks.1.attn.hook_pattern");
    CachedRun fromRows = cacheOnRows(model, tokens, asked::contains, true);
    CachedRun perExample = cacheOnExamples(model, tokens, asked::contains, true);
    assertThat(fromRows.cache().names()).containsExactlyInAnyOrderElementsOf(asked);
    assertSameActivations("filtered cache", fromRows, perExample);
  }

  @Test
  void aReplacingHookStillTakesEffectAlongsideACache() {
    TinyTransformer tiny = TinyTransformer.config().layers(1).norm(Normalization.NONE).frozenBiases();
    HookedTransformer model = tiny.randomModel(41);
    IntTensor tokens = TinyTransformer.tokens(RNG, 96, tiny.nCtx, tiny.dVocab);
    Tensor plain = model.forward(tokens);
    CachedRun run;
    try (var scope = model.hooks()) {
      scope.forward("blocks.0.attn.hook_v", (v, hook) -> Tensor.zeros(v.dims()));
      scope.observe(name -> name.startsWith("blocks.0.attn"), (v, hook) -> { });
      assertThat(model.firstLayerFromRows(tokens)).as("a replacing hook takes the per-example path").isNull();
      run = model.runWithCache(tokens);
    }
    assertThat(run.cache().get("v", 0).data()).containsOnly(0f);
    assertThat(run.cache().get("z", 0).data()).containsOnly(0f);
    Tensor bO = model.parameter("blocks.0.attn.b_O"); // [d_model]
    Tensor attnOut = run.cache().get("attn_out", 0); // [batch, pos, d_model]
    assertClose("attn_out with zero values", attnOut.data(), Tensor.zeros(attnOut.dims()).add(bO).data(), 0);
    assertThat(run.output().bitwiseEquals(plain)).isFalse();

    // Zero values are what W_V = 0 and b_V = 0 give: the plain forward (row table) of that model.
    java.util.Arrays.fill(model.parameter("blocks.0.attn.W_V").data(), 0f);
    java.util.Arrays.fill(model.parameter("blocks.0.attn.b_V").data(), 0f);
    assertThat(model.firstLayerFromRows(tokens)).isNotNull();
    assertClose("logits with zero values", run.output().data(), model.forward(tokens).data(), 0);
  }

  @Test
  void observersKeepTheRowTableWhileReplacingAndBackwardHooksDoNot() {
    TinyTransformer tiny = TinyTransformer.config();
    HookedTransformer model = tiny.randomModel(1);
    IntTensor many = TinyTransformer.tokens(RNG, 96, tiny.nCtx, tiny.dVocab);
    try (var scope = model.hooks()) {
      scope.observe(name -> true, (x, hook) -> { });
      assertThat(model.firstLayerFromRows(many)).as("observers only").isNotNull();
      scope.backward("blocks.1.hook_resid_post", (g, hook) -> g);
      assertThat(model.firstLayerFromRows(many)).as("with a backward hook").isNull();
    }
    try (var scope = model.hooks()) {
      scope.observe(name -> true, (x, hook) -> { });
      scope.forward("blocks.1.mlp.hook_post", (x, hook) -> x);
      assertThat(model.firstLayerFromRows(many)).as("with a forward hook that may replace").isNull();
    }
    Tensor[] seen = new Tensor[2];
    model.runWithHooks(many, Hook.observe("blocks.0.attn.hook_q", (q, hook) -> seen[0] = q.copy()));
    model.runWithHooks(many, Hook.forward("blocks.0.attn.hook_q", (q, hook) -> seen[1] = q.copy()));
    assertThat(seen[0].dims()).containsExactly(96, tiny.nCtx, tiny.nHeads, tiny.dHead);
    assertClose("hook_q seen by an observer", seen[0].data(), seen[1].data(), 0);
  }

  /** runWithCache as it runs: its observers keep the row table (checked). */
  private static CachedRun cacheOnRows(HookedTransformer model, IntTensor tokens, Predicate<String> names, boolean withGrad) {
    try (var scope = model.hooks()) {
      scope.observe(names, (x, hook) -> { });
      assertThat(model.firstLayerFromRows(tokens)).as("observed run takes the row table").isNotNull();
    }
    try (NoGrad noGrad = withGrad ? null : NoGrad.enter()) {
      return model.runWithCache(tokens, names);
    }
  }

  /** runWithCache alongside a hook that may replace values (it returns them), forcing the per-example path. */
  private static CachedRun cacheOnExamples(HookedTransformer model, IntTensor tokens, Predicate<String> names, boolean withGrad) {
    try (var scope = model.hooks(); NoGrad noGrad = withGrad ? null : NoGrad.enter()) {
      scope.forward("blocks.0.hook_resid_pre", (x, hook) -> x);
      assertThat(model.firstLayerFromRows(tokens)).isNull();
      return model.runWithCache(tokens, names);
    }
  }

  /** Same outputs and, name by name, same shapes and values (−∞ scores where both are masked). */
  private static void assertSameActivations(String what, CachedRun actual, CachedRun expected) {
    assertClose(what + " output", actual.output().data(), expected.output().data(), 0);
    for (String name : expected.cache().names()) {
      Tensor a = actual.cache().get(name);
      Tensor e = expected.cache().get(name);
      assertThat(a.shape()).as("%s %s", what, name).isEqualTo(e.shape());
      assertThat(a.requiresGrad()).as("%s %s is detached", what, name).isFalse();
      float[] ad = a.data().clone();
      float[] ed = e.data().clone();
      for (int i = 0; i < ed.length; i++) {
        if (Float.isInfinite(ed[i])) {
          assertThat(ad[i]).as("%s %s [%d]", what, name, i).isEqualTo(ed[i]);
          ad[i] = 0;
          ed[i] = 0;
        }
      }
      assertClose(what + " " + name, ad, ed, 0);
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
