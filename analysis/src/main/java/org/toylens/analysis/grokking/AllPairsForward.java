package org.toylens.analysis.grokking;

import org.toylens.autograd.NoGrad;
import org.toylens.models.HookedTransformer;
import org.toylens.models.TransformerConfig;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Tensor;

/**
 * The answer position of a one-layer transformer without layer norm, for all p² inputs (a, b) at
 * once, built from per-token tables instead of running every position of every input.
 *
 * <p>Why this is exact: in one layer the query, key and value at a position depend only on the
 * token there and on the position. So they are computed once per (position, token): p rows for
 * the positions of a and b, one for '='. Each head's output at the answer position is then the
 * pattern-weighted sum of at most three precomputed vectors o_h[pos][token] = (x W_V + b_V) W_O,
 * and the residual stream there is
 * <pre>
 *   resid[a, b] = x_answer + b_O + Σ_h Σ_pos pattern_h[a, b, pos] · o_h[pos][token at pos]
 * </pre>
 * with x = W_E[token] + W_pos[pos] and pattern = α·softmax(q·k / √d_head) + (1 − α) (attention rate
 * α, Zhong et al. 2023). The answer position is the last one, so a causal mask hides nothing from
 * it. The MLP and the unembedding then run on resid [p², d_model] with the engine's matrix products
 * and the model's activation, as in the model itself.
 *
 * <p>Cost: 4·d_model·d_mlp + 2·d_model·d_vocab_out FLOPs per input (three matrix products), over
 * three times less than the model's full forward with a hook, which runs every product at every
 * position. Scores, softmax and the residual are formed in double and rounded to float once, so
 * the results equal the model's forward up to float rounding. Rows are split over threads with
 * fixed boundaries, so results do not depend on the thread count.
 */
final class AllPairsForward {

  private AllPairsForward() {}

  /** Rows per task when forming the residual stream. */
  private static final int ROW_GRAIN = 256;

  /**
   * Runs the answer position of {@code model} on every input [a, b(, =)]; rows a·p + b.
   *
   * @param inputLength 3 with the '=' token (token p at position 2), 2 without
   * @param withAttention whether to return the answer position's attention pattern
   */
  static GrokkingAnalysisModel.AllInputs run(HookedTransformer model, int p, int inputLength, boolean withAttention) {
    TransformerConfig cfg = model.config();
    int d = cfg.dModel();
    int heads = cfg.nHeads();
    int dHead = cfg.dHead();
    int len = inputLength;
    int answer = len - 1;
    float[] wE = model.W_E().data(); // [d_vocab, d_model]
    float[] wPos = cfg.positionalEmbedding() ? model.W_pos().data() : null; // [n_ctx, d_model]
    float[] wQ = model.W_Q().data(); // [1, head, d_model, d_head]
    float[] wK = model.W_K().data();
    float[] wV = model.W_V().data();
    float[] wO = model.W_O().data(); // [1, head, d_head, d_model]
    float[] bQ = model.b_Q().data(); // [1, head, d_head]
    float[] bK = model.b_K().data();
    float[] bV = model.b_V().data();
    float[] bO = model.b_O().data(); // [1, d_model]

    // Tokens at each position: a and b range over 0..p-1, '=' is the single token p.
    int[] tokensAt = new int[len];
    for (int pos = 0; pos < len; pos++) tokensAt[pos] = pos < 2 ? p : 1;
    double[][] x = new double[len][]; // [pos][token, d_model]
    double[][] keys = new double[len][]; // [pos][token, head, d_head]
    double[][] outs = new double[len][]; // [pos][token, head, d_model]
    for (int pos = 0; pos < len; pos++) {
      int n = tokensAt[pos];
      x[pos] = new double[n * d];
      keys[pos] = new double[n * heads * dHead];
      outs[pos] = new double[n * heads * d];
      double[] value = new double[dHead];
      for (int i = 0; i < n; i++) {
        int token = pos < 2 ? i : p;
        for (int m = 0; m < d; m++) {
          x[pos][i * d + m] = wE[token * d + m] + (wPos == null ? 0 : wPos[pos * d + m]);
        }
        for (int h = 0; h < heads; h++) {
          project(x[pos], i * d, wK, bK, h, d, dHead, keys[pos], (i * heads + h) * dHead);
          project(x[pos], i * d, wV, bV, h, d, dHead, value, 0);
          int o = (i * heads + h) * d;
          for (int j = 0; j < dHead; j++) {
            double v = value[j];
            int w = (h * dHead + j) * d;
            for (int m = 0; m < d; m++) outs[pos][o + m] += v * wO[w + m];
          }
        }
      }
    }
    // Queries at the answer position: one per token that can stand there ('=' only, or every b).
    int queryTokens = tokensAt[answer];
    double scale = 1 / Math.sqrt(dHead);
    // scores[pos][(query token, head, key token)] = q·k / √d_head
    double[][] scores = new double[len][];
    double[] q = new double[dHead];
    for (int pos = 0; pos < len; pos++) scores[pos] = new double[queryTokens * heads * tokensAt[pos]];
    for (int iq = 0; iq < queryTokens; iq++) {
      for (int h = 0; h < heads; h++) {
        project(x[answer], iq * d, wQ, bQ, h, d, dHead, q, 0);
        for (int pos = 0; pos < len; pos++) {
          for (int i = 0; i < tokensAt[pos]; i++) {
            double s = 0;
            int k = (i * heads + h) * dHead;
            for (int j = 0; j < dHead; j++) s += q[j] * keys[pos][k + j];
            scores[pos][(iq * heads + h) * tokensAt[pos] + i] = s * scale;
          }
        }
      }
    }

    double rate = cfg.attentionRate();
    int rows = p * p;
    float[] resid = new float[rows * d]; // [p*p, d_model]
    float[] pattern = withAttention ? new float[rows * heads * len] : null; // [p*p, head, key_pos]
    Parallel.forRange(rows, ROW_GRAIN, (from, to) -> {
      int[] at = new int[len]; // table index of the token at each position
      double[] weight = new double[len];
      double[] r = new double[d];
      for (int row = from; row < to; row++) {
        at[0] = row / p;
        at[1] = row % p;
        if (len == 3) at[2] = 0;
        int iq = at[answer];
        for (int m = 0; m < d; m++) r[m] = x[answer][at[answer] * d + m] + bO[m];
        for (int h = 0; h < heads; h++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int pos = 0; pos < len; pos++) {
            weight[pos] = scores[pos][(iq * heads + h) * tokensAt[pos] + at[pos]];
            max = Math.max(max, weight[pos]);
          }
          double sum = 0;
          for (int pos = 0; pos < len; pos++) {
            weight[pos] = Math.exp(weight[pos] - max);
            sum += weight[pos];
          }
          for (int pos = 0; pos < len; pos++) {
            double w = rate * weight[pos] / sum + (1 - rate);
            if (pattern != null) pattern[(row * heads + h) * len + pos] = (float) w;
            int o = (at[pos] * heads + h) * d;
            double[] out = outs[pos];
            for (int m = 0; m < d; m++) r[m] += w * out[o + m];
          }
        }
        for (int m = 0; m < d; m++) resid[row * d + m] = (float) r[m];
      }
    });

    Tensor logits;
    Tensor post;
    try (NoGrad ignored = NoGrad.enter()) {
      Tensor residMid = Tensor.of(resid, rows, d); // [p*p, d_model]
      Tensor pre = withBias(residMid.matmul(model.W_in().reshape(d, cfg.dMlp())), model.b_in()); // [p*p, d_mlp]
      post = activate(pre, cfg); // [p*p, d_mlp]
      Tensor mlpOut = withBias(post.matmul(model.W_out().reshape(cfg.dMlp(), d)), model.b_out()); // [p*p, d_model]
      logits = withBias(residMid.add(mlpOut).matmul(model.W_U()), model.b_U()); // [p*p, d_vocab_out]
    }
    return new GrokkingAnalysisModel.AllInputs(logits.data(), post.data(), pattern);
  }

  /** out[o .. o+d_head) = x[xo .. xo+d_model) · W[0, h] + b[0, h], W [1, head, d_model, d_head]. */
  private static void project(double[] x, int xo, float[] w, float[] b, int h, int d, int dHead,
      double[] out, int o) {
    for (int j = 0; j < dHead; j++) out[o + j] = b[h * dHead + j];
    for (int m = 0; m < d; m++) {
      double v = x[xo + m];
      int base = (h * d + m) * dHead;
      for (int j = 0; j < dHead; j++) out[o + j] += v * w[base + j];
    }
  }

  /** x + bias, skipped when the bias is all zero (the grokking models freeze their biases at 0). */
  private static Tensor withBias(Tensor x, Tensor bias) {
    for (float v : bias.data()) {
      if (v != 0f) return x.add(bias.reshape(bias.size()));
    }
    return x;
  }

  private static Tensor activate(Tensor pre, TransformerConfig cfg) {
    return switch (cfg.actFn()) {
      case RELU -> pre.relu();
      case GELU -> pre.gelu();
      case GELU_NEW -> pre.geluTanh();
      case SILU -> pre.silu();
    };
  }
}
