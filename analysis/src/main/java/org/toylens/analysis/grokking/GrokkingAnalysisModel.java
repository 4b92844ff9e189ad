package org.toylens.analysis.grokking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.toylens.config.ExperimentConfig;
import org.toylens.hooks.ActivationCache;
import org.toylens.models.HookedTransformer;
import org.toylens.models.Models;
import org.toylens.models.TransformerConfig;
import org.toylens.tasks.ModularConfig;
import org.toylens.tasks.ModularOp;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;
import org.toylens.train.Checkpoints;

/**
 * The model a grokking analysis looks at: a one-layer transformer without layer norm trained on
 * (a + b) mod p, loaded at one checkpoint and run on all p² inputs at once.
 *
 * <p>Rows are ordered a·p + b, the order {@link org.toylens.analysis.fourier} expects. Only the
 * answer position (the '=' token, or b without it) is computed, from per-token tables
 * ({@link AllPairsForward}); the attention pattern only on request.
 *
 * <p>Why these restrictions: the restricted and excluded losses split the logits into the part
 * written by the MLP neurons, acts·W_out·W_U, and the rest (Nanda et al. 2023, §5.1). That split
 * is exact only when the neurons are the last nonlinearity and nothing normalises the residual
 * stream before the unembedding.
 */
public final class GrokkingAnalysisModel {

  private static final String HOOK_EMBED = "hook_embed";

  private final HookedTransformer model;
  private final int p;
  private final int inputLength;
  private final int answerPosition;

  private GrokkingAnalysisModel(HookedTransformer model, int p, boolean equalsToken) {
    this.model = model;
    this.p = p;
    this.inputLength = equalsToken ? 3 : 2;
    this.answerPosition = inputLength - 1;
  }

  /**
   * The model an experiment trains, with freshly initialised weights (load a checkpoint next).
   * Throws with the offending config key when the experiment is not modular addition with a
   * one-layer, normalisation-free transformer with an MLP.
   */
  public static GrokkingAnalysisModel of(ExperimentConfig config) {
    if (!(config.task() instanceof ModularConfig task)) {
      throw new IllegalArgumentException("task.name: the grokking analysis needs the modular task, got '"
          + config.task().name() + "'");
    }
    if (task.op() != ModularOp.ADD) {
      throw new IllegalArgumentException("task.op: the grokking analysis reads the Fourier algorithm of addition, got '"
          + task.op() + "'; expected add");
    }
    if (task.p() < 3 || task.p() % 2 == 0) {
      throw new IllegalArgumentException("task.p: the grokking analysis needs an odd modulus >= 3, got " + task.p());
    }
    if (!(config.model() instanceof TransformerConfig m)) {
      throw new IllegalArgumentException("model.kind: the grokking analysis needs a transformer, got '"
          + config.model().kind() + "'");
    }
    if (m.nLayers() != 1) {
      throw new IllegalArgumentException("model.n_layers: the grokking analysis needs 1 layer, got " + m.nLayers());
    }
    if (m.attnOnly()) {
      throw new IllegalArgumentException("model.attn_only: the grokking analysis reads the MLP neurons; expected false");
    }
    if (m.normalization() != TransformerConfig.Normalization.NONE) {
      throw new IllegalArgumentException("model.normalization: the grokking analysis needs none (the logits must be "
          + "linear in the neurons), got " + m.normalization());
    }
    if (m.dVocabOut() != task.p()) {
      throw new IllegalArgumentException("model.d_vocab_out: expected p = " + task.p() + " logits, got " + m.dVocabOut());
    }
    HookedTransformer model = (HookedTransformer) Models.buildTokenModel(m, Rng.of(config.seed()).split("init"));
    return new GrokkingAnalysisModel(model, task.p(), task.equalsToken());
  }

  /** Loads the weights of a checkpoint file (optimizer state is ignored); returns its step. */
  public long load(Path checkpoint) throws IOException {
    return Checkpoints.loadWeights(checkpoint, model);
  }

  /** The transformer itself (its weights are those last loaded). */
  public HookedTransformer transformer() {
    return model;
  }

  /** The modulus. */
  public int p() {
    return p;
  }

  /** MLP neurons. */
  public int dMlp() {
    return model.config().dMlp();
  }

  /** Residual stream width. */
  public int dModel() {
    return model.config().dModel();
  }

  /** Attention heads. */
  public int nHeads() {
    return model.config().nHeads();
  }

  /** Input positions: 3 for [a, b, =], 2 for [a, b]. */
  public int inputLength() {
    return inputLength;
  }

  /**
   * What one forward pass over all p² inputs shows at the answer position.
   *
   * @param logits [p·p, p]
   * @param neuronActs post-ReLU MLP activations [p·p, d_mlp]
   * @param attention the answer position's attention pattern [p·p, n_heads, inputLength], or null
   *     when not asked for
   */
  public record AllInputs(float[] logits, float[] neuronActs, float[] attention) {}

  /**
   * Runs all p² inputs at the answer position ({@link AllPairsForward}: per-token tables, not a
   * forward pass over every position); {@code withAttention} also returns the attention pattern.
   */
  public AllInputs runAllInputs(boolean withAttention) {
    return AllPairsForward.run(model, p, inputLength, withAttention);
  }

  /** The neurons' readout and logits for the restricted and excluded losses. */
  public LogitReadout readout(AllInputs run) {
    return LogitReadout.of(p, dMlp(), run.neuronActs(), neuronLogitMap(), run.logits());
  }

  /** W_L = W_out·W_U [d_mlp, p] in double. */
  public double[] neuronLogitMap() {
    return NeuronLogitMap.of(model.W_out().data(), model.W_U().data(), dMlp(), dModel(), p);
  }

  /** The embeddings of the numbers 0..p-1 (W_E without the '=' row) [p, d_model]. */
  public float[] numberEmbeddings() {
    return Arrays.copyOf(model.W_E().data(), p * dModel());
  }

  /** Σ of the squares of every parameter (the paper's "total sum of squared weights"). */
  public double weightNormSquared() {
    double s = 0;
    for (Tensor t : model.namedParameters().values()) {
      for (float v : t.data()) s += (double) v * v;
    }
    return s;
  }

  /**
   * Gradient symmetricity of the loaded model (Zhong et al. 2023, §4): for {@code samples} random
   * triples (a, b, c), the cosine of ∂logit_c/∂emb_a and ∂logit_c/∂emb_b, where emb_a and emb_b are
   * the embedding vectors at the positions of a and b ({@code hook_embed}, positions 0 and 1). One
   * forward and backward pass serves every triple: the summed logits Σ_i logit[i, c_i] of
   * independent rows have, at row i, exactly the gradient of logit[i, c_i].
   */
  public double gradientSymmetricity(int samples, Rng rng) {
    int[][] triples = GradientSymmetricity.sampleTriples(p, samples, rng);
    int[] tokens = new int[samples * inputLength];
    int[] cs = new int[samples];
    for (int i = 0; i < samples; i++) {
      tokens[i * inputLength] = triples[i][0];
      tokens[i * inputLength + 1] = triples[i][1];
      if (inputLength == 3) tokens[i * inputLength + 2] = p;
      cs[i] = triples[i][2];
    }
    Tensor pick = Tensor.oneHot(IntTensor.of(cs, samples), p); // [samples, p]
    ActivationCache cache = model.runWithCacheAndGradients(IntTensor.of(tokens, samples, inputLength),
        HOOK_EMBED::equals,
        logits -> logits.select(1, answerPosition).mul(pick).sum()).cache(); // logits [samples, pos, p]
    for (Tensor param : model.namedParameters().values()) param.zeroGrad();
    float[] g = cache.gradient(HOOK_EMBED).data(); // [samples, pos, d_model]
    int d = dModel();
    float[][] gradA = new float[samples][];
    float[][] gradB = new float[samples][];
    for (int i = 0; i < samples; i++) {
      int base = i * inputLength * d;
      gradA[i] = Arrays.copyOfRange(g, base, base + d);
      gradB[i] = Arrays.copyOfRange(g, base + d, base + 2 * d);
    }
    return GradientSymmetricity.of(gradA, gradB);
  }
}
