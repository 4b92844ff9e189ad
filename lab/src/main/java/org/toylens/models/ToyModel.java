package org.toylens.models;

import org.toylens.autograd.GradMode;
import org.toylens.autograd.GradSink;
import org.toylens.autograd.NoGrad;
import org.toylens.hooks.HookPoint;
import org.toylens.nn.Init;
import org.toylens.tasks.SparseFeaturesDraw;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Shape;
import org.toylens.tensor.Tensor;

/**
 * The toy model of superposition (Elhage et al. 2022, "Toy Models of Superposition";
 * REFERENCE.md §4): {@code n_instances} independent models trained side by side, each squeezing
 * n = n_features sparse features through m = n_hidden dimensions and back:
 *
 * <pre>
 *   h   = W x                  hook_hidden   [batch, instance, hidden]
 *   x'  = ReLU(W_decᵀ h + b)   hook_out      [batch, instance, features]   (no ReLU when linear)
 *   L   = Σ_instances mean_batch Σ_i I_i (x_i − x'_i)²
 * </pre>
 *
 * <p>Parameters: {@code W [n_instances, n_hidden, n_features]} (instance k's W is
 * {@code W[k]}, [m, n], the paper's orientation: column i is feature i's direction in the
 * hidden space), {@code b_final [n_instances, n_features]}, and, only when untied,
 * {@code W_dec [n_instances, n_hidden, n_features]}; tied models decode with W itself. W and
 * W_dec are Xavier-normal with the fans the paper's code ends up with (by default; see
 * {@link ToyModelConfig.WeightInit}) and b_final starts at zero, as in the paper. (The paper's
 * code also averages the loss over the n features: a constant factor that AdamW's updates do
 * not see.)
 *
 * <p>Inputs and outputs are [batch, instance, features], the layout of the sparse-features task
 * and of the paper's code, and hooks see [batch, instance, ...]. Inside, the forward pass works
 * instance-major ([instance, batch, ...]), where every instance's product is one item of a
 * batched matrix product; hooked values are permuted to [batch, instance, ...] only when a hook is
 * attached. {@link #loss} trains through a fused pass with no permute at all (see
 * {@link FusedReconstructionLoss}) unless a hook is attached or x needs its gradient.
 */
public final class ToyModel extends HookedModel<Tensor> {

  private final ToyModelConfig config;
  private final HookPoint hookHidden = hookPoint("hook_hidden"); // [batch, instance, hidden]
  private final HookPoint hookOut = hookPoint("hook_out"); // [batch, instance, features]
  private final Tensor w; // W [n_instances, n_hidden, n_features]
  private final Tensor wDec; // W_dec [n_instances, n_hidden, n_features]; w itself when tied
  private final Tensor bFinal; // b_final [n_instances, n_features]

  /** Builds the model with weights drawn from {@code initRng}; the config must be resolved. */
  public ToyModel(ToyModelConfig config, Rng initRng) {
    if (!config.isResolved()) {
      throw new IllegalArgumentException("model: n_features " + config.nFeatures() + ", n_instances "
          + config.nInstances() + ": sizes still taken from the task; resolve the config first");
    }
    this.config = config;
    int instances = config.nInstances();
    int hidden = config.nHidden();
    int features = config.nFeatures();
    double std = config.init().std(features, hidden, instances);
    w = parameter("W", Init.normal(initRng.split("W"), std, instances, hidden, features), true);
    wDec = config.tied() ? w
        : parameter("W_dec", Init.normal(initRng.split("W_dec"), std, instances, hidden, features), true);
    bFinal = parameter("b_final", Init.zeros(instances, features), true);
  }

  /** The same with {@code Rng.of(seed).split("init")}. */
  public ToyModel(ToyModelConfig config, long seed) {
    this(config, Rng.of(seed).split("init"));
  }

  @Override
  public ToyModelConfig config() {
    return config;
  }

  /** The reconstruction x' [batch, instance, features] of x [batch, instance, features]. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return reconstructByInstance(x.permute(1, 0, 2)).permute(1, 0, 2);
  }

  /**
   * The training loss Σ_instances mean_batch Σ_i I_i (x_i − x'_i)², a scalar (REFERENCE.md §4).
   * Without hooks (and with x and the importance constant) it is computed by
   * {@link FusedReconstructionLoss}: the same value and parameter gradients as
   * {@link #lossPerInstance}{@code .sum()} up to float rounding, several times faster.
   *
   * @param x          [batch, instance, features]
   * @param importance I: [features] for every instance, or [instance, features]
   */
  public Tensor loss(Tensor x, Tensor importance) {
    checkInput(x);
    int importanceStride = checkImportance(importance);
    if (anyHookActive() || x.requiresGrad() || importance.requiresGrad()) {
      return lossPerInstance(x, importance).sum();
    }
    boolean withGradients = needsGradients();
    return fusedLoss(FusedReconstructionLoss.compute(x.data(), x.dim(0), config.nInstances(),
        config.nHidden(), config.nFeatures(), w.data(), wDec.data(), bFinal.data(),
        importance.data(), importanceStride, isRelu(), withGradients), withGradients);
  }

  /**
   * The training loss on the batch {@code batch} describes: equal to the bit to
   * {@code loss(Tensor.of(batch.values(), ...), importance)}, but without a hook the examples
   * are generated inside the fused kernel, in registers, and never stored. With a hook attached
   * the batch is expanded and goes through {@link #loss(Tensor, Tensor)}, so hooks see it.
   *
   * @param batch      a fresh batch of sparse features ({@code SparseFeatures.draw}) with this
   *                   model's n_instances and n_features
   * @param importance I: [features] for every instance, or [instance, features]
   */
  public Tensor loss(SparseFeaturesDraw batch, Tensor importance) {
    checkDraw(batch);
    int importanceStride = checkImportance(importance);
    if (anyHookActive() || importance.requiresGrad()) {
      return loss(Tensor.of(batch.values(), batch.batchSize(), config.nInstances(),
          config.nFeatures()), importance);
    }
    boolean withGradients = needsGradients();
    return fusedLoss(FusedReconstructionLoss.compute(batch, config.nHidden(), w.data(),
        wDec.data(), bFinal.data(), importance.data(), importanceStride, isRelu(),
        withGradients), withGradients);
  }

  /**
   * The loss of each instance, mean_batch Σ_i I_i (x_i − x'_i)², on the batch {@code batch}
   * describes: [n_instances], without gradients. Through the fused kernel, so a large evaluation
   * batch is never stored; with a hook attached the batch is expanded and goes through
   * {@link #lossPerInstance(Tensor, Tensor)}.
   *
   * @param importance I: [features] for every instance, or [instance, features]
   */
  public Tensor lossPerInstance(SparseFeaturesDraw batch, Tensor importance) {
    checkDraw(batch);
    int importanceStride = checkImportance(importance);
    if (anyHookActive()) {
      try (NoGrad ignored = NoGrad.enter()) {
        return lossPerInstance(Tensor.of(batch.values(), batch.batchSize(), config.nInstances(),
            config.nFeatures()), importance);
      }
    }
    double[] lossOf = FusedReconstructionLoss.compute(batch, config.nHidden(), w.data(),
        wDec.data(), bFinal.data(), importance.data(), importanceStride, isRelu(), false).lossOf();
    float[] values = new float[lossOf.length];
    for (int k = 0; k < values.length; k++) {
      values[k] = (float) lossOf[k];
    }
    return Tensor.of(values, values.length);
  }

  private void checkDraw(SparseFeaturesDraw batch) {
    if (batch.nInstances() != config.nInstances() || batch.nFeatures() != config.nFeatures()) {
      throw new IllegalArgumentException("batch must have n_instances = " + config.nInstances()
          + " and n_features = " + config.nFeatures() + ", got " + batch.nInstances()
          + " instances of " + batch.nFeatures() + " features");
    }
  }

  private boolean needsGradients() {
    return GradMode.isEnabled()
        && (w.requiresGrad() || wDec.requiresGrad() || bFinal.requiresGrad());
  }

  private boolean isRelu() {
    return config.activation() == ToyModelConfig.Activation.RELU;
  }

  /** The fused result as a scalar node whose backward hands out the precomputed gradients. */
  private Tensor fusedLoss(FusedReconstructionLoss.Result fused, boolean withGradients) {
    float[] value = {(float) fused.loss()};
    if (!withGradients) {
      return Tensor.scalar(value[0]);
    }
    float[] gradW = fused.gradW(), gradWDec = fused.gradWDec(), gradB = fused.gradB();
    return Tensor.fromOperation(value, Shape.SCALAR, g -> {
      float upstream = g.data()[0];
      GradSink.give(w, scaled(gradW, upstream)); // includes the decoder's part when tied
      if (!config.tied()) {
        GradSink.give(wDec, scaled(gradWDec, upstream));
      }
      GradSink.give(bFinal, scaled(gradB, upstream));
    }, w, wDec, bFinal);
  }

  private static float[] scaled(float[] gradient, float factor) {
    if (factor != 1f) {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= factor;
      }
    }
    return gradient;
  }

  /**
   * The loss of each instance, mean_batch Σ_i I_i (x_i − x'_i)²: [n_instances], through the
   * engine's operations (hooks apply, and gradients reach x if it needs them).
   *
   * @param x          [batch, instance, features]
   * @param importance I: [features] for every instance, or [instance, features]
   */
  public Tensor lossPerInstance(Tensor x, Tensor importance) {
    checkInput(x);
    checkImportance(importance);
    Tensor xByInstance = x.permute(1, 0, 2); // [instance, batch, features]
    Tensor out = reconstructByInstance(xByInstance); // [instance, batch, features]
    Tensor weight = importance.rank() == 1 ? importance // [features]
        : importance.reshape(config.nInstances(), 1, config.nFeatures()); // [instance, 1, features]
    Tensor error = xByInstance.sub(out).square().mul(weight); // [instance, batch, features]
    return error.sum(2).mean(1); // [instance]
  }

  /** x [instance, batch, features] → x' [instance, batch, features], through both hooks. */
  private Tensor reconstructByInstance(Tensor x) {
    Tensor h = Tensor.matmul(x, false, w, true); // h = W x: [instance, batch, hidden]
    h = hookedByInstance(hookHidden, h);
    int instances = config.nInstances();
    Tensor pre = h.matmul(wDec).add(bFinal.reshape(instances, 1, config.nFeatures())); // W_decᵀ h + b: [instance, batch, features]
    Tensor out = config.activation() == ToyModelConfig.Activation.RELU ? pre.relu() : pre;
    return hookedByInstance(hookOut, out);
  }

  /** Passes an instance-major value through {@code point}, which sees it [batch, instance, ...]. */
  private static Tensor hookedByInstance(HookPoint point, Tensor byInstance) {
    if (!point.isActive()) {
      return byInstance;
    }
    return point.apply(byInstance.permute(1, 0, 2)).permute(1, 0, 2);
  }

  private void checkInput(Tensor x) {
    if (x.rank() != 3 || x.dim(1) != config.nInstances() || x.dim(2) != config.nFeatures()) {
      throw new IllegalArgumentException("x must be [batch, n_instances = " + config.nInstances()
          + ", n_features = " + config.nFeatures() + "], got shape " + x.shape());
    }
  }

  /** The stride between instances' rows of the importance: 0 when shared, n_features if not. */
  private int checkImportance(Tensor importance) {
    int features = config.nFeatures();
    if (importance.rank() == 1 && importance.dim(0) == features) {
      return 0;
    }
    if (importance.rank() == 2 && importance.dim(0) == config.nInstances() && importance.dim(1) == features) {
      return features;
    }
    throw new IllegalArgumentException("importance must be [n_features = " + features + "] or [n_instances = "
        + config.nInstances() + ", n_features = " + features + "], got shape " + importance.shape());
  }

  // ---------------------------------------------------------------- weight views

  /** W [n_instances, n_hidden, n_features] (the parameter itself). */
  public Tensor W() {
    return w;
  }

  /** The decoder [n_instances, n_hidden, n_features]: W_dec when untied, W itself when tied. */
  public Tensor W_dec() {
    return wDec;
  }

  /** b_final [n_instances, n_features] (the parameter itself). */
  public Tensor b_final() {
    return bFinal;
  }

  @Override
  public String toString() {
    return "ToyModel(" + config.nInstances() + " instances, " + config.nFeatures() + " features in "
        + config.nHidden() + " dimensions, " + config.activation() + (config.tied() ? "" : ", untied") + ")";
  }
}
