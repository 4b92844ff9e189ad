package org.toylens.analysis.llc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.toylens.autograd.NoGrad;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * Estimates the local learning coefficient at w* with SGLD chains (REFERENCE §5; Lau et al. 2023):
 * λ̂ = nβ·(mean over draws of L(w_t) − L(w*)) per chain, then mean and std over chains.
 *
 * <p>Chain c runs on its own model copy from the factory with its own stream
 * {@code Rng.of(seed).split("chain", c)} (split again into "batches" and "noise"); chains are
 * spread over the engine's threads one chain per task and each writes only its own result slot,
 * so results are bitwise identical whatever the thread count. L(w*) is the mean over
 * {@code lossBatches} minibatches from {@code Rng.of(seed).split("loss-at-optimum")}.
 *
 * <p>Each SGLD step costs one forward and one backward pass on a minibatch; the trace, the draws,
 * the distance from w* and the MALA acceptance come out of that evaluation and the step's fused
 * update ({@link SgldChain}) without further passes through the model. The MALA acceptance is
 * averaged over the steps after burn-in, as devinterp reports it.
 */
public final class LlcEstimator {

  private LlcEstimator() {}

  /**
   * Runs the chains.
   *
   * @param factory builds a fresh copy of the model at w*; called once per chain on the calling
   *     thread, and every copy must hold bitwise the same weights
   * @param datasetSize n, the number of examples the loss indexes
   * @param config settings
   */
  public static LlcResult estimate(Supplier<LlcTarget> factory, long datasetSize, LlcConfig config) {
    if (config.batchSize() > datasetSize) {
      throw new IllegalArgumentException("LLC config: batchSize " + config.batchSize() + " exceeds the dataset size " + datasetSize);
    }
    List<LlcTarget> targets = new ArrayList<>();
    for (int c = 0; c < config.chains(); c++) targets.add(factory.get());
    LlcTarget reference = targets.get(0);
    List<String> movingNames = new ArrayList<>();
    for (String name : reference.parameters().keySet()) if (config.moves(name)) movingNames.add(name);
    if (movingNames.isEmpty()) {
      throw new IllegalArgumentException("LLC config: moveOnly '" + config.moveOnly() + "' matches none of the parameters "
          + reference.parameters().keySet());
    }
    for (int c = 1; c < targets.size(); c++) checkSameCentre(reference, targets.get(c), c);
    Rng root = Rng.of(config.seed());
    double lossAtOptimum = lossAtOptimum(reference, datasetSize, config, root.split("loss-at-optimum"));
    if (!Double.isFinite(lossAtOptimum)) {
      throw new IllegalArgumentException("LLC: the loss at w* is not finite (" + lossAtOptimum + ")");
    }
    double blowUpLimit = config.blowUpFactor() * (1 + Math.abs(lossAtOptimum));
    SgldParameters params = config.sgldParameters();
    ChainTrace[] traces = new ChainTrace[config.chains()];
    Parallel.forRange(config.chains(), 1, (from, to) -> {
      for (int c = from; c < to; c++) {
        traces[c] = runChain(c, targets.get(c), movingNames, params, datasetSize, config, root.split("chain", c),
            lossAtOptimum, blowUpLimit);
      }
    });
    double[] perChain = new double[traces.length];
    for (int c = 0; c < traces.length; c++) perChain[c] = traces[c].estimate();
    return new LlcResult(LlcEstimate.ofChains(perChain), lossAtOptimum, params.nBeta(), List.of(traces));
  }

  private static void checkSameCentre(LlcTarget reference, LlcTarget other, int chain) {
    Map<String, Tensor> mine = other.parameters();
    if (!mine.keySet().equals(reference.parameters().keySet())) {
      throw new IllegalArgumentException("LLC: the factory's copy for chain " + chain + " has parameters " + mine.keySet()
          + ", the first copy " + reference.parameters().keySet());
    }
    for (Map.Entry<String, Tensor> e : reference.parameters().entrySet()) {
      if (!e.getValue().bitwiseEquals(mine.get(e.getKey()))) {
        throw new IllegalArgumentException("LLC: the factory's copy for chain " + chain + " differs from the first copy in parameter '"
            + e.getKey() + "'; every chain must start at the same w*");
      }
      if (e.getValue().data() == mine.get(e.getKey()).data()) {
        throw new IllegalArgumentException("LLC: the factory's copy for chain " + chain + " shares the storage of parameter '"
            + e.getKey() + "' with the first copy; each chain needs its own copy");
      }
    }
  }

  /** L(w*) averaged over several minibatches (REFERENCE §5: not one). */
  static double lossAtOptimum(LlcTarget target, long datasetSize, LlcConfig config, Rng rng) {
    Minibatches batches = new Minibatches(rng, datasetSize, config.batchSize());
    int count = config.batchSize() == datasetSize ? 1 : config.lossBatches();
    double sum = 0;
    try (var ignored = NoGrad.enter()) {
      for (int b = 0; b < count; b++) sum += target.loss().loss(batches.next()).item();
    }
    return sum / count;
  }

  private static ChainTrace runChain(int c, LlcTarget target, List<String> movingNames, SgldParameters params,
      long datasetSize, LlcConfig config, Rng chainRng, double lossAtOptimum, double blowUpLimit) {
    Minibatches batches = new Minibatches(chainRng.split("batches"), datasetSize, config.batchSize());
    long total = config.totalSteps();
    double[] trace = new double[(int) total];
    double[] draws = new double[config.draws()];
    double[] distances = new double[config.draws()];
    int drawn = 0;
    SgldChain chain = null;
    String divergence = null;
    try {
      chain = new SgldChain(c, target, movingNames, params, batches, chainRng.split("noise"), blowUpLimit);
      for (long s = 1; s <= total; s++) {
        chain.step();
        if (s == config.burnIn()) chain.resetAcceptance();
        trace[(int) (s - 1)] = chain.loss();
        if (s > config.burnIn() && (s - config.burnIn()) % config.stepsBetweenDraws() == 0) {
          draws[drawn] = chain.loss();
          distances[drawn] = chain.distanceFromCentre();
          drawn++;
        }
      }
    } catch (ChainDivergedException e) {
      divergence = e.getMessage();
      if (e.step() >= 1 && e.step() <= total) trace[(int) (e.step() - 1)] = e.loss();
    }
    long run = chain == null ? 0 : chain.steps();
    double[] usedTrace = java.util.Arrays.copyOf(trace, (int) Math.min(run, total));
    double[] usedDraws = java.util.Arrays.copyOf(draws, drawn);
    double[] usedDistances = java.util.Arrays.copyOf(distances, drawn);
    double estimate = divergence != null ? Double.NaN : LlcEstimate.ofChain(usedDraws, lossAtOptimum, params.nBeta());
    double below = drawn == 0 ? Double.NaN : LlcEstimate.fractionBelow(usedDraws, lossAtOptimum);
    double acceptance = chain == null ? Double.NaN : chain.meanAcceptance();
    return new ChainTrace(c, estimate, usedTrace, usedDraws, usedDistances, acceptance, below, divergence);
  }
}
