package org.toylens.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.toylens.tensor.Tensor;

class HookPointTest {

  /** A two-step computation y = relu(x·2) · 3 with hook points on both intermediates. */
  private final HookPoint pre = new HookPoint("blocks.0.mlp.hook_pre");
  private final HookPoint post = new HookPoint("blocks.0.mlp.hook_post");
  private final Map<String, HookPoint> points = new LinkedHashMap<>();

  {
    points.put(pre.name(), pre);
    points.put(post.name(), post);
  }

  private Tensor run(Tensor x) {
    Tensor h = pre.apply(x.mul(2f));
    return post.apply(h.relu()).mul(3f);
  }

  @Test
  void withoutHooksAHookPointIsTheIdentity() {
    Tensor x = Tensor.vector(1, -1);
    Tensor h = x.mul(2f);
    assertThat(pre.apply(h)).isSameAs(h);
  }

  @Test
  void aForwardHookCanReplaceTheActivation() {
    try (HookScope scope = new HookScope(points)) {
      scope.forward("blocks.0.mlp.hook_post", (v, hook) -> Tensor.zeros(v.shape()));
      assertThat(run(Tensor.vector(1, 2)).data()).containsExactly(0, 0);
    }
    assertThat(run(Tensor.vector(1, 2)).data()).containsExactly(6, 12);
  }

  @Test
  void scopedHooksAreRemovedWhenTheBlockThrows() {
    assertThatThrownBy(() -> {
      try (HookScope scope = new HookScope(points)) {
        scope.forward("blocks.0.mlp.hook_pre", (v, hook) -> v.neg());
        throw new IllegalStateException("boom");
      }
    }).hasMessage("boom");
    assertThat(pre.isActive()).isFalse();
    assertThat(run(Tensor.vector(1)).data()).containsExactly(6);
  }

  @Test
  void aHookReturningTheWrongShapeIsAnError() {
    try (HookScope scope = new HookScope(points)) {
      scope.forward("blocks.0.mlp.hook_pre", (v, hook) -> Tensor.zeros(3));
      assertThatThrownBy(() -> run(Tensor.vector(1, 2))).hasMessageContaining("blocks.0.mlp.hook_pre")
          .hasMessageContaining("[3]").hasMessageContaining("[2]");
    }
  }

  @Test
  void aHookOnNoExistingPointIsRejected() {
    try (HookScope scope = new HookScope(points)) {
      assertThatThrownBy(() -> scope.forward("blocks.0.mlp.hook_typo", (v, h) -> v))
          .hasMessageContaining("no hook point matches");
    }
  }

  @Test
  void backwardHooksSeeTheActivationGradientAndCanReplaceIt() {
    Tensor x = Tensor.vector(1, -1).requiresGrad(true);
    Tensor[] seen = new Tensor[1];
    try (HookScope scope = new HookScope(points)) {
      scope.backward("blocks.0.mlp.hook_pre", (g, hook) -> {
        seen[0] = g.copy();
        return g.mul(10f);
      });
      run(x).sum().backward();
    }
    // d(sum 3·relu(h))/dh = 3·[h > 0] with h = (2, -2)
    assertThat(seen[0].data()).containsExactly(3, 0);
    assertThat(x.grad().data()).containsExactly(60, 0); // 10 · 3 · 2
  }

  @Test
  void anObserverSeesTheActivationAndLetsItFlowOnUnchanged() {
    Tensor[] seen = new Tensor[1];
    try (HookScope scope = new HookScope(points)) {
      scope.observe("blocks.0.mlp.hook_pre", (v, hook) -> seen[0] = v.copy());
      assertThat(run(Tensor.vector(1, -2)).data()).containsExactly(6, 0);
    }
    assertThat(seen[0].data()).containsExactly(2, -4);
  }

  @Test
  void onlyObservedMeansEveryHookIsAForwardObserver() {
    assertThat(pre.isOnlyObserved()).as("no hook").isFalse();
    try (HookScope scope = new HookScope(points)) {
      scope.add(Hook.observe(n -> true, (v, hook) -> { }));
      assertThat(pre.isOnlyObserved()).isTrue();
      assertThat(post.isOnlyObserved()).isTrue();
      scope.forward("blocks.0.mlp.hook_pre", (v, hook) -> v);
      scope.backward("blocks.0.mlp.hook_post", (g, hook) -> g);
      assertThat(pre.isOnlyObserved()).as("with a forward hook that may replace").isFalse();
      assertThat(post.isOnlyObserved()).as("with a backward hook").isFalse();
    }
  }

  @Test
  void captureRecordsThroughObservers() {
    boolean[] onlyObserved = new boolean[1];
    CachedRun r = Capture.run(points, n -> true, () -> {
      onlyObserved[0] = pre.isOnlyObserved() && post.isOnlyObserved();
      return run(Tensor.vector(1, -1));
    });
    assertThat(onlyObserved[0]).isTrue();
    assertThat(r.cache().get("pre", 0).data()).containsExactly(2, -2);
  }

  @Test
  void captureCachesOnlyTheNamesTheFilterAccepts() {
    CachedRun r = Capture.run(points, n -> n.endsWith("hook_post"), () -> run(Tensor.vector(1, -1)));
    assertThat(r.cache().names()).containsExactly("blocks.0.mlp.hook_post");
    assertThat(r.cache().get("post", 0).data()).containsExactly(2, 0);
    assertThat(r.output().data()).containsExactly(6, 0);
    assertThat(pre.isActive() || post.isActive()).isFalse();
    assertThatThrownBy(() -> r.cache().get("pre", 0)).hasMessageContaining("blocks.0.mlp.hook_pre");
  }

  @Test
  void captureWithGradientsStoresBoth() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    CachedRun r = Capture.runWithGradients(points, n -> true, () -> run(x), out -> out.sum());
    assertThat(r.cache().gradient("blocks.0.mlp.hook_post").data()).containsExactly(3, 3);
    assertThat(r.cache().get("blocks.0.mlp.hook_pre").data()).containsExactly(2, 4);
  }

  @Test
  void shorthandNamesFollowTransformerLens() {
    assertThat(ActivationCache.fullName("pattern", 0)).isEqualTo("blocks.0.attn.hook_pattern");
    assertThat(ActivationCache.fullName("resid_post", 1)).isEqualTo("blocks.1.hook_resid_post");
    assertThat(ActivationCache.fullName("post", 2)).isEqualTo("blocks.2.mlp.hook_post");
    assertThat(ActivationCache.fullName("hook_q", 0)).isEqualTo("blocks.0.attn.hook_q");
  }
}
