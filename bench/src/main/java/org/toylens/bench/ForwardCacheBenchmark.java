package org.toylens.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.toylens.autograd.NoGrad;
import org.toylens.hooks.CachedRun;
import org.toylens.hooks.Hook;
import org.toylens.models.HookedTransformer;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Tensor;

/**
 * What caching activations costs: forward passes of the grokking transformer over all p² inputs
 * (what an analysis of a checkpoint runs), without gradients, three ways:
 *
 * <ul>
 *   <li>{@code forwardPlain}: no hook, so the first layer runs on its table of distinct
 *       (token, position) rows, the fastest forward;
 *   <li>{@code forwardPerExample}: one hook that returns its input, which (as any hook that
 *       may replace a value) makes every activation exist per example;
 *   <li>{@code forwardCacheAll}: {@code runWithCache} of every hook point. Its hooks only
 *       observe, so the first layer keeps the row table and the per-example activations are
 *       gathered from it.
 * </ul>
 *
 * Not compared with the peer; the report prints the ratios cache / per-example and cache / plain.
 */
public class ForwardCacheBenchmark extends ToyLensBenchmark {

  private HookedTransformer model;
  private IntTensor tokens; // [p², n_ctx]

  @Setup
  public void build() {
    model = TrainingStepBenchmark.grokkingTransformer();
    int p = GrokkingWorkload.P;
    int[] all = new int[p * p * GrokkingWorkload.N_CTX];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        int row = (a * p + b) * GrokkingWorkload.N_CTX;
        all[row] = a;
        all[row + 1] = b;
        all[row + 2] = GrokkingWorkload.EQUALS_TOKEN;
      }
    }
    tokens = IntTensor.of(all, p * p, GrokkingWorkload.N_CTX);
  }

  @Benchmark
  public Tensor forwardPlain() {
    try (var noGrad = NoGrad.enter()) {
      return model.forward(tokens);
    }
  }

  @Benchmark
  public Tensor forwardPerExample() {
    try (var noGrad = NoGrad.enter()) {
      return model.runWithHooks(tokens, Hook.forward("hook_embed", (x, hook) -> x));
    }
  }

  @Benchmark
  public CachedRun forwardCacheAll() {
    try (var noGrad = NoGrad.enter()) {
      return model.runWithCache(tokens);
    }
  }
}
