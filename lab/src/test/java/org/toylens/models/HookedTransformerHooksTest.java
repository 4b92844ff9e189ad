package org.toylens.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.toylens.models.HookedTransformerTest.assertClose;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.toylens.hooks.ActivationCache;
import org.toylens.hooks.CachedRun;
import org.toylens.hooks.Hook;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

class HookedTransformerHooksTest {

  private static final Rng RNG = Rng.of(21);

  @Test
  void uniformPatternMakesEachHeadAverageTheValues() {
    HookedTransformer model = TinyTransformer.config().bidirectional().randomModel(1);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 4, 7);
    Tensor plain = model.forward(tokens);
    Hook uniform = Hook.forward("blocks.0.attn.hook_pattern", (p, h) -> Tensor.full(0.25f, p.dims()));
    Tensor ablated = model.runWithHooks(tokens, uniform);
    assertThat(ablated.bitwiseEquals(plain)).isFalse();

    ActivationCache cache;
    try (var scope = model.hooks()) {
      scope.add(uniform);
      cache = model.runWithCache(tokens, name -> name.startsWith("blocks.0.attn.hook_")).cache();
    }
    Tensor v = cache.get("v", 0); // [batch, pos, head, d_head]
    Tensor z = cache.get("z", 0);
    Tensor meanOfValues = v.mean(1, true);
    for (int p = 0; p < 4; p++) {
      assertClose(z.slice(1, p, p + 1), meanOfValues, 1e-6f);
    }
    assertThat(cache.get("pattern", 0).data()).containsOnly(0.25f);
  }

  @Test
  void zeroAblatingTheMlpOutputEqualsZeroMlpOutputWeights() {
    HookedTransformer model = TinyTransformer.config().randomModel(2);
    IntTensor tokens = TinyTransformer.tokens(RNG, 3, 4, 7);
    Tensor ablated = model.runWithHooks(tokens,
        Hook.forward("blocks.1.hook_mlp_out", (x, h) -> Tensor.zeros(x.dims())));
    assertThat(ablated.bitwiseEquals(model.forward(tokens))).isFalse();
    java.util.Arrays.fill(model.parameter("blocks.1.mlp.W_out").data(), 0f);
    java.util.Arrays.fill(model.parameter("blocks.1.mlp.b_out").data(), 0f);
    assertClose(ablated, model.forward(tokens), 1e-6f);
  }

  @Test
  void scopedHooksAreRemovedAfterTheRunAlsoWhenItThrows() {
    HookedTransformer model = TinyTransformer.config().randomModel(3);
    IntTensor tokens = TinyTransformer.tokens(RNG, 1, 4, 7);
    Hook failing = Hook.forward("blocks.0.hook_resid_mid", (x, h) -> {
      throw new IllegalStateException("boom");
    });
    assertThatThrownBy(() -> model.runWithHooks(tokens, failing)).hasMessage("boom");
    assertThat(model.anyHookActive()).isFalse();

    assertThatThrownBy(() -> {
      try (var scope = model.hooks()) {
        scope.add(Hook.forward(name -> name.endsWith("hook_z"), (x, h) -> x));
        assertThat(model.anyHookActive()).isTrue();
        throw new IllegalStateException("inside the scope");
      }
    }).hasMessage("inside the scope");
    assertThat(model.anyHookActive()).isFalse();

    model.runWithCache(tokens);
    assertThat(model.anyHookActive()).isFalse();
    assertThatThrownBy(() -> model.runWithHooks(tokens, Hook.forward("blocks.0.hook_typo", (x, h) -> x)))
        .hasMessageContaining("no hook point matches");
  }

  @Test
  void backwardHookOnResidMidSeesTheGradientFiniteDifferencesGive() {
    HookedTransformer model = TinyTransformer.config().act(ModelConfig.Activation.GELU).randomModel(4);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 4, 7);
    Tensor weights = Tensor.randn(Rng.of(5), 1f, 2, 4, 5);
    Tensor[] seen = new Tensor[1];
    Tensor loss = null;
    try (var scope = model.hooks()) {
      scope.backward("blocks.0.hook_resid_mid", (g, h) -> {
        seen[0] = g.copy();
        return null;
      });
      loss = model.forward(tokens).mul(weights).sum();
      loss.backward();
    }
    assertThat(seen[0].dims()).containsExactly(2, 4, 8);

    CachedRun cached = model.runWithCacheAndGradients(tokens, "blocks.0.hook_resid_mid"::equals,
        logits -> logits.mul(weights).sum());
    assertThat(cached.cache().names()).containsExactly("blocks.0.hook_resid_mid");
    assertClose(cached.cache().gradient("resid_mid", 0), seen[0], 1e-6f);

    float eps = 1e-2f;
    for (int[] at : List.of(new int[] {0, 0, 3}, new int[] {1, 2, 0}, new int[] {1, 3, 7})) {
      double up = lossWithNudge(model, tokens, weights, at, eps);
      double down = lossWithNudge(model, tokens, weights, at, -eps);
      double numeric = (up - down) / (2 * eps);
      assertThat((double) seen[0].get(at)).isCloseTo(numeric, within(2e-3 * (1 + Math.abs(numeric))));
    }
  }

  private static double lossWithNudge(HookedTransformer model, IntTensor tokens, Tensor weights, int[] at, float eps) {
    Tensor out = model.runWithHooks(tokens, Hook.forward("blocks.0.hook_resid_mid", (x, h) -> {
      Tensor nudged = x.copy();
      nudged.set(nudged.get(at) + eps, at);
      return nudged;
    }));
    return out.mul(weights).sum().item();
  }

  @Test
  void cacheWithAFilterHoldsExactlyTheNamesAsked() {
    HookedTransformer model = TinyTransformer.config().randomModel(6);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 4, 7);
    Set<String> asked = Set.of("blocks.1.attn.hook_pattern", "blocks.0.hook_resid_post", "ln_final.hook_scale");
    CachedRun run = model.runWithCache(tokens, asked::contains);
    assertThat(run.cache().names()).containsExactlyInAnyOrderElementsOf(asked);
    assertClose(run.output(), model.forward(tokens), 1e-6f); // hooked layer norms take the unfused path
    assertThat(run.cache().get("resid_post", 0)).isNotNull();
    assertThatThrownBy(() -> run.cache().get("resid_post", 1)).hasMessageContaining("no activation cached");

    CachedRun everything = model.runWithCache(tokens);
    assertThat(everything.cache().names()).containsExactlyInAnyOrderElementsOf(
        model.hookNames(name -> !name.endsWith("attn.hook_result")));
    model.setUseAttnResult(true);
    assertThat(model.runWithCache(tokens).cache().names()).containsExactlyInAnyOrderElementsOf(model.hookPoints().keySet());
  }

  @Test
  void headResultsSumToTheAttentionOutput() {
    HookedTransformer model = TinyTransformer.config().randomModel(7);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 4, 7);
    assertThat(model.runWithCache(tokens).cache().contains("blocks.1.attn.hook_result"))
        .as("per-head results are left out by default, as TransformerLens's use_attn_result").isFalse();
    model.setUseAttnResult(true);
    ActivationCache cache = model.runWithCache(tokens,
        name -> name.equals("blocks.1.attn.hook_result") || name.equals("blocks.1.hook_attn_out")).cache();
    Tensor result = cache.get("result", 1); // [batch, pos, head, d_model]
    assertThat(result.dims()).containsExactly(2, 4, 2, 8);
    Tensor sum = result.sum(2).add(model.parameter("blocks.1.attn.b_O"));
    assertClose(sum, cache.get("attn_out", 1), 1e-5f);
    assertClose(model.runWithCache(tokens).output(), model.forward(tokens), 1e-5f);
  }

  @Test
  void replacingThePositionalEmbeddingHookChangesTheResidualStream() {
    HookedTransformer model = TinyTransformer.config().randomModel(8);
    IntTensor tokens = TinyTransformer.tokens(RNG, 2, 3, 7);
    CachedRun run;
    try (var scope = model.hooks()) {
      scope.forward("hook_pos_embed", (x, h) -> Tensor.zeros(x.dims()));
      run = model.runWithCache(tokens, name -> name.equals("blocks.0.hook_resid_pre") || name.equals("hook_embed"));
    }
    assertClose(run.cache().get("blocks.0.hook_resid_pre"), run.cache().get("hook_embed"), 0f);
  }
}
