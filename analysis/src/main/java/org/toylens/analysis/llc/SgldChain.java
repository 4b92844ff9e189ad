package org.toylens.analysis.llc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * One SGLD chain on a model copy (REFERENCE §5). The chain's point w lives in the moving
 * parameter tensors themselves and its gradient is read where backward left it, so a step
 * copies nothing: it is one forward and backward on the next minibatch plus one fused pass over
 * the weights.
 *
 * <p>The pass ({@link SgldPass}) computes, per weight and without temporaries, exactly the update
 * of {@link Sgld#step} (the drift nβ·∇L + γ·(w − w*) + wd·w, the noise, the box) together with
 * everything the diagnostics need. The noise of step t (0-based) is
 * {@link GaussianNoise} stream {@code stepKey(key, t)} with {@code key = noiseRng.nextLong()}
 * drawn once, indexed by the weight's position in the flat vector of the moving parameters
 * (in target order); so it is a pure function of the chain's seed, the step and the position, and
 * the pass can be split over threads in blocks of fixed size with bitwise the same result.
 *
 * <p>MALA acceptance without extra evaluations (U(w) = nβ·L(w) + (γ/2)‖w − w*‖² + (wd/2)‖w‖²,
 * proposal N(w − (ε/2)∇U(w), ε·I), {@link MalaAcceptance}): the forward term ‖w' − w + (ε/2)∇U(w)‖²
 * of a step is summed while the step is taken; the reverse term ‖w − w' + (ε/2)∇U(w')‖² needs
 * ∇U(w'), which is the drift the next step computes anyway, so the next pass sums it (keeping the
 * previous point per weight) and the acceptance of step t is settled during step t + 1. The last
 * step's is settled on demand by one read-only pass. With minibatches the two points' U come from
 * consecutive batches, so the rate is itself noisy; it is exact for full batches. The bounding
 * box and the mask are ignored by the acceptance (masked weights do not enter it).
 */
public final class SgldChain {

  /** Weights per task of the fused pass; fixed, so sums do not depend on the thread count. */
  static final int PASS_BLOCK = 4096;
  /** Each thread's buffer for one block's noise [PASS_BLOCK], small enough to stay in L1. */
  private static final ThreadLocal<float[]> NOISE = ThreadLocal.withInitial(() -> new float[PASS_BLOCK]);

  private final int index;
  private final LlcTarget target;
  private final Tensor[] moving;
  private final int[] offsets; // start of each moving tensor in the flat vector [P]
  private final float[][] centre; // w*, per moving tensor
  private final float[][] previous; // the point before the last step, per moving tensor
  private final float[] zeros; // a gradient that never arrived
  private final int size;
  private final SgldParameters params;
  private final SgldPass.Coefficients coefficients;
  private final boolean noisy;
  private final Minibatches batches;
  private final int[] batch; // [m] reused for every minibatch
  private final long noiseKey;
  private final double blowUpLimit;
  // The pass, split into blocks that never straddle two tensors.
  private final int[] blockTensor;
  private final int[] blockFrom;
  private final int[] blockTo;
  private final double[] blockSums; // [blocks, SgldPass.SUMS]
  private final Parallel.RangeBody passBody = this::passBlocks;
  private boolean passUpdates;
  private boolean passSettles;
  private long passStepKey;

  private double loss; // L at the current point, on the batch it was evaluated on
  private double localNow; // ‖w − w*‖² at the current point
  private double decayNow; // ‖w‖² at the current point
  private long steps;
  private double acceptanceSum; // over settled steps
  private long settled;
  private boolean pending; // the last step's acceptance is not settled yet
  private boolean pendingIgnored; // ... and is not to be counted (taken before resetAcceptance)
  private double pendingForward;
  private double pendingPotential;
  private long cachedAcceptanceAt = -1;
  private double cachedAcceptance;

  /**
   * Starts a chain at w* (the current values of the moving parameters), evaluating the loss and
   * gradient there on the first minibatch.
   *
   * @param index chain index, for messages
   * @param target this chain's own model copy
   * @param movingNames the names (in {@code target}) of the parameters that move
   * @param params SGLD settings
   * @param batches this chain's minibatch stream
   * @param noiseRng this chain's noise stream (one number is drawn from it: the noise key)
   * @param blowUpLimit a loss above this (or non-finite) stops the chain
   */
  public SgldChain(int index, LlcTarget target, List<String> movingNames, SgldParameters params,
      Minibatches batches, Rng noiseRng, double blowUpLimit) {
    this.index = index;
    this.target = target;
    Map<String, Tensor> all = target.parameters();
    this.moving = new Tensor[movingNames.size()];
    this.offsets = new int[moving.length];
    this.centre = new float[moving.length][];
    this.previous = new float[moving.length][];
    long total = 0;
    int largest = 0;
    List<int[]> blocks = new ArrayList<>();
    for (int k = 0; k < moving.length; k++) {
      Tensor t = all.get(movingNames.get(k));
      if (t == null) throw new IllegalArgumentException("SGLD chain: target has no parameter '" + movingNames.get(k) + "'");
      moving[k] = t;
      offsets[k] = (int) total;
      centre[k] = t.data().clone();
      previous[k] = new float[t.size()];
      for (int from = 0; from < t.size(); from += PASS_BLOCK) blocks.add(new int[] {k, from, Math.min(t.size(), from + PASS_BLOCK)});
      total += t.size();
      largest = Math.max(largest, t.size());
    }
    if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("SGLD chain: " + total + " moving weights, at most " + Integer.MAX_VALUE);
    this.size = (int) total;
    this.blockTensor = new int[blocks.size()];
    this.blockFrom = new int[blocks.size()];
    this.blockTo = new int[blocks.size()];
    for (int b = 0; b < blocks.size(); b++) {
      blockTensor[b] = blocks.get(b)[0];
      blockFrom[b] = blocks.get(b)[1];
      blockTo[b] = blocks.get(b)[2];
    }
    this.blockSums = new double[SgldPass.SUMS * blocks.size()];
    this.params = params;
    this.coefficients = SgldPass.Coefficients.of(params);
    this.noisy = params.noiseLevel() != 0;
    this.zeros = new float[largest];
    this.batches = batches;
    this.batch = new int[batches.batchSize()];
    this.noiseKey = noiseRng.nextLong();
    this.blowUpLimit = blowUpLimit;
    for (float[] c : centre) for (float v : c) decayNow += (double) v * v;
    this.loss = evaluate();
    if (!Double.isFinite(loss)) throw new ChainDivergedException(index, 0, loss, blowUpLimit);
  }

  /** L on the next minibatch at the current point, leaving ∇L in the moving tensors' gradients. */
  private double evaluate() {
    for (Tensor t : target.parameters().values()) t.zeroGrad();
    Tensor l = target.loss().loss(batches.next(batch));
    if (l.size() != 1) throw new IllegalArgumentException("SGLD chain: the loss must have one element, got shape " + l.shape());
    double value = l.item();
    if (Double.isFinite(value)) l.backward();
    return value;
  }

  /** U at the current point: nβ·L + (γ/2)‖w − w*‖² + (wd/2)‖w‖². */
  private double potentialNow() {
    return params.nBeta() * loss + 0.5 * params.gamma() * localNow + 0.5 * params.weightDecay() * decayNow;
  }

  /**
   * One SGLD step from the current point with the gradient evaluated there, then the loss and
   * gradient at the new point on the next minibatch.
   *
   * @throws ChainDivergedException when the new loss is not finite or above the blow-up limit
   */
  public void step() {
    pass(true);
    double forward = sum(SgldPass.FORWARD), reverse = sum(SgldPass.REVERSE);
    double potential = potentialNow();
    if (pending) settle(reverse, potential);
    pending = true;
    pendingForward = forward;
    pendingPotential = potential;
    localNow = sum(SgldPass.LOCAL);
    decayNow = sum(SgldPass.DECAY);
    steps++;
    loss = evaluate();
    if (!Double.isFinite(loss) || loss > blowUpLimit) {
      pending = false; // no usable gradient at the new point
      throw new ChainDivergedException(index, steps, loss, blowUpLimit);
    }
  }

  private void settle(double reverse, double potential) {
    if (pendingIgnored) {
      pendingIgnored = false;
      return;
    }
    acceptanceSum += acceptance(pendingForward, reverse, pendingPotential, potential);
    settled++;
  }

  /**
   * Forgets the acceptance of the steps taken so far: {@link #meanAcceptance()} then covers only
   * later steps. The estimator calls this at the end of burn-in, as devinterp reports the rate
   * over the draws: while the chain climbs away from w* its moves are systematically uphill and
   * their acceptance says little about the step size.
   */
  public void resetAcceptance() {
    acceptanceSum = 0;
    settled = 0;
    pendingIgnored = pending;
    cachedAcceptanceAt = -1;
  }

  /** min(1, exp(log q(x'→x) − log q(x→x') + U(x) − U(x'))) from the two squared norms. */
  private double acceptance(double forward, double reverse, double potentialBefore, double potentialAfter) {
    double logRatio = (forward - reverse) / (2 * params.epsilon()) + potentialBefore - potentialAfter;
    return Math.exp(Math.min(0, logRatio));
  }

  /** Runs the fused pass over every block; {@code update} false only sums the reverse term. */
  private void pass(boolean update) {
    passUpdates = update;
    passSettles = pending;
    passStepKey = GaussianNoise.stepKey(noiseKey, steps);
    Parallel.forRange(blockTensor.length, 1, passBody);
  }

  private double sum(int term) {
    double s = 0;
    for (int b = 0; b < blockTensor.length; b++) s += blockSums[SgldPass.SUMS * b + term];
    return s;
  }

  private void passBlocks(int from, int to) {
    for (int b = from; b < to; b++) passBlock(b);
  }

  /** The fused pass over block b ({@link SgldPass}), with the block's noise drawn first. */
  private void passBlock(int b) {
    int k = blockTensor[b], from = blockFrom[b], to = blockTo[b];
    Tensor gradient = moving[k].grad();
    float[] z = NOISE.get(); // [to − from]; every value is drawn before it is read
    if (passUpdates && noisy) GaussianNoise.fill(passStepKey, offsets[k] + from, z, 0, to - from);
    SgldPass.vector(moving[k].data(), centre[k], gradient == null ? zeros : gradient.data(), previous[k], z, -from,
        from, to, coefficients, passUpdates, passSettles, blockSums, SgldPass.SUMS * b);
  }

  /** The minibatch loss at the current point. */
  public double loss() {
    return loss;
  }

  /** Steps taken. */
  public long steps() {
    return steps;
  }

  /** The number of moving weights P. */
  public int size() {
    return size;
  }

  /** ‖w − w*‖₂ over the moving weights (summed during the step: free). */
  public double distanceFromCentre() {
    return Math.sqrt(localNow);
  }

  /**
   * Mean MALA acceptance over the steps taken (since {@link #resetAcceptance()}); NaN before the
   * first such step or when the noise level is not 1. The last step's acceptance is settled here
   * by one read-only pass (once per step count); after a divergence the steps whose acceptance
   * was settled count.
   */
  public double meanAcceptance() {
    if (steps == 0 || params.noiseLevel() != 1) return Double.NaN;
    if (!pending || pendingIgnored) return settled == 0 ? Double.NaN : acceptanceSum / settled;
    if (cachedAcceptanceAt != steps) {
      pass(false);
      cachedAcceptance = acceptance(pendingForward, sum(SgldPass.REVERSE), pendingPotential, potentialNow());
      cachedAcceptanceAt = steps;
    }
    return (acceptanceSum + cachedAcceptance) / (settled + 1);
  }

  /** A copy of the current moving weights [P]. */
  public float[] weights() {
    float[] flat = new float[size];
    for (int k = 0; k < moving.length; k++) System.arraycopy(moving[k].data(), 0, flat, offsets[k], moving[k].size());
    return flat;
  }

  /** A copy of w* [P]. */
  public float[] centre() {
    float[] flat = new float[size];
    for (int k = 0; k < moving.length; k++) System.arraycopy(centre[k], 0, flat, offsets[k], centre[k].length);
    return flat;
  }
}
