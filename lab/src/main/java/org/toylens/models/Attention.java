package org.toylens.models;

import org.toylens.hooks.HookPoint;
import org.toylens.nn.Module;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Tensor;

/**
 * Multi-head attention as TransformerLens computes it: per head, q = x W_Q + b_Q (likewise k,
 * v), scores = q kᵀ / √d_head (masked with −∞ above the diagonal when causal), pattern =
 * softmax(scores), z = pattern v, and the output Σ_heads z W_O + b_O.
 *
 * <p>With an attention rate α &lt; 1 the pattern is α·softmax(scores) + (1 − α) (Clock and
 * Pizza, REFERENCE.md §3; the constant is 1, not 1/n). Under a causal mask the constant is added
 * only where a query may look, so no position sees the future whatever α is.
 *
 * <p>Queries may be computed at some positions only ({@link #forward(Tensor, int[])}): keys and
 * values always cover every position. Training on the last position needs no more.
 *
 * <p>Layout: the weights are stored head-first as TransformerLens stores them
 * ([n_heads, d_model, d_head]). One product serves all heads: the weight is copied once per call
 * to [d_model, n_heads·d_head] (a copy the size of the weight, not of the activations), and the
 * result is already q in TransformerLens's [batch, pos, head, d_head] layout. W_O,
 * [n_heads, d_head, d_model], is a [n_heads·d_head, d_model] matrix as stored.
 */
final class Attention extends Module {

  private static final float MASKED = Float.NEGATIVE_INFINITY;

  private final int nHeads;
  private final int dHead;
  private final int dModel;
  private final boolean causal;
  private final float rate;
  final Tensor wQ; // W_Q [n_heads, d_model, d_head]
  final Tensor wK; // W_K [n_heads, d_model, d_head]
  final Tensor wV; // W_V [n_heads, d_model, d_head]
  final Tensor wO; // W_O [n_heads, d_head, d_model]
  final Tensor bQ; // b_Q [n_heads, d_head]
  final Tensor bK; // b_K [n_heads, d_head]
  final Tensor bV; // b_V [n_heads, d_head]
  final Tensor bO; // b_O [d_model]
  private final HookPoint hookQ = hookPoint("hook_q"); // [batch, query_pos, head, d_head]
  private final HookPoint hookK = hookPoint("hook_k"); // [batch, key_pos, head, d_head]
  private final HookPoint hookV = hookPoint("hook_v"); // [batch, key_pos, head, d_head]
  private final HookPoint hookAttnScores = hookPoint("hook_attn_scores"); // [batch, head, query_pos, key_pos]
  private final HookPoint hookPattern = hookPoint("hook_pattern"); // [batch, head, query_pos, key_pos]
  private final HookPoint hookZ = hookPoint("hook_z"); // [batch, query_pos, head, d_head]
  private final HookPoint hookResult = hookPoint("hook_result"); // [batch, query_pos, head, d_model]
  /** Whether hook_result is called; see {@link HookedTransformer#setUseAttnResult}. */
  boolean useAttnResult;

  Attention(String path, TransformerConfig config, TransformerInit init) {
    super(path);
    nHeads = config.nHeads();
    dHead = config.dHead();
    dModel = config.dModel();
    causal = config.attentionDir() == TransformerConfig.AttentionDirection.CAUSAL;
    rate = (float) config.attentionRate();
    boolean trainBiases = config.trainBiases();
    wQ = parameter("W_Q", init.weight(nameOf("W_Q"), nHeads, dModel, dHead), true);
    wK = parameter("W_K", init.weight(nameOf("W_K"), nHeads, dModel, dHead), true);
    wV = parameter("W_V", init.weight(nameOf("W_V"), nHeads, dModel, dHead), true);
    wO = parameter("W_O", init.weight(nameOf("W_O"), nHeads, dHead, dModel), true);
    bQ = parameter("b_Q", init.bias(nHeads, dHead), trainBiases);
    bK = parameter("b_K", init.bias(nHeads, dHead), trainBiases);
    bV = parameter("b_V", init.bias(nHeads, dHead), trainBiases);
    bO = parameter("b_O", init.bias(dModel), trainBiases);
  }

  /**
   * Queries at {@code queryPositions} only (null: every position), keys and values everywhere:
   * x [batch, pos, d_model] → [batch, query_pos, d_model].
   */
  Tensor forward(Tensor x, int[] queryPositions) {
    int keys = x.dim(1);
    int[] queries = queryPositions == null ? everyPosition(keys) : queryPositions;
    Tensor xq = queryPositions == null ? x : x.indexSelect(1, queries); // [batch, query_pos, d_model]
    Tensor q = hookQ.apply(project(xq, wQ, bQ)); // [batch, query_pos, head, d_head]
    Tensor k = hookK.apply(project(x, wK, bK)); // [batch, key_pos, head, d_head]
    Tensor v = hookV.apply(project(x, wV, bV)); // [batch, key_pos, head, d_head]
    Tensor scores = Tensor.matmul(headsFirst(q), false, headsFirst(k), true) // [batch, head, query_pos, key_pos]
        .div((float) Math.sqrt(dHead));
    scores = hookAttnScores.apply(masked(scores, queries, keys));
    Tensor pattern = hookPattern.apply(withRate(scores.softmax(), queries, keys)); // [batch, head, query_pos, key_pos]
    Tensor z = hookZ.apply(pattern.matmul(headsFirst(v)).permute(0, 2, 1, 3)); // [batch, query_pos, head, d_head]
    Tensor out = useAttnResult && hookResult.isActive() ? sumOfHeadResults(z) : mixHeads(z); // [batch, query_pos, d_model]
    return Bias.add(out, bO);
  }

  /**
   * The same output from a table of distinct input rows ({@link TokenRows}): x [rows, d_model]
   * holds the layer's input for each distinct (token, position) pair, so queries, keys and values
   * are computed once per row, and so is each head's value image under W_O. Per example only
   * the scores (one dot product per head, query and key) and the pattern-weighted sum of the
   * value images remain:
   *
   * <pre>
   *   scores[e, h, i, j] = Q_h[row(e, i)] · K_h[row(e, j)] / √d_head
   *   out[e, i]          = Σ_h Σ_j pattern[e, h, i, j] · (V_h W_O,h)[row(e, j)] + b_O
   * </pre>
   *
   * <p>Exact algebra of {@link #forward(Tensor, int[])} (equal up to float rounding). Only for
   * runs whose hooks all observe, or have none: an observed hook point gets the per-example
   * activation the per-example path would give it, formed only when observed. q, k and v are
   * gathered from their tables; the scores and pattern are the ones computed here; z and the
   * per-head results are pattern-weighted sums of table rows,
   *
   * <pre>
   *   z[e, i, h]      = Σ_j pattern[e, h, i, j] · V_h[row(e, j)]
   *   result[e, i, h] = Σ_j pattern[e, h, i, j] · (V_h W_O,h)[row(e, j)]
   * </pre>
   *
   * Returns [batch, query_pos, d_model].
   */
  Tensor forwardFromRows(Tensor x, TokenRows rows, int[] queries) {
    int keys = rows.positions();
    int batch = rows.batch();
    Tensor table = x.reshape(1, x.dim(0), dModel); // [1, rows, d_model]
    Tensor qRows = project(table, wQ, bQ); // [1, rows, head, d_head]
    Tensor kRows = project(table, wK, bK); // [1, rows, head, d_head]
    Tensor vRows = project(table, wV, bV); // [1, rows, head, d_head]
    observePerExample(hookQ, qRows, rows, queries);
    observePerExample(hookK, kRows, rows, everyPosition(keys));
    observePerExample(hookV, vRows, rows, everyPosition(keys));
    Tensor q = headMajor(qRows); // [head·rows, d_head]
    Tensor k = headMajor(kRows); // [head·rows, d_head]
    Tensor v = headMajor(vRows); // [head·rows, d_head]
    Tensor scores = Tensor.rowPairDots(q, rows.perHeadAt(nHeads, queries), k, rows.perHeadAt(nHeads, everyPosition(keys)))
        .reshape(batch, nHeads, queries.length, keys) // [batch, head, query_pos, key_pos]
        .div((float) Math.sqrt(dHead));
    scores = hookAttnScores.apply(masked(scores, queries, keys));
    Tensor pattern = hookPattern.apply(withRate(scores.softmax(), queries, keys)); // [batch, head, query_pos, key_pos]
    Tensor valueImages = v.reshape(nHeads, rows.rows(), dHead).matmul(wO).reshape(nHeads * rows.rows(), dModel); // [head·rows, d_model]
    Tensor weights = pattern.permute(0, 2, 1, 3).reshape(batch * queries.length, nHeads * keys); // [batch·query_pos, head·key_pos]
    IntTensor readRows = rows.perQueryHeadKey(nHeads, queries.length); // [batch·query_pos, head·key_pos]
    if (hookZ.isActive() || useAttnResult && hookResult.isActive()) {
      // The same numbers one head at a time: [batch·query_pos·head, key_pos].
      IntTensor headRows = readRows.reshape(batch * queries.length * nHeads, keys);
      Tensor headWeights = weights.reshape(batch * queries.length * nHeads, keys);
      if (hookZ.isActive()) {
        hookZ.apply(Tensor.rowMixture(v, headRows, headWeights).reshape(batch, queries.length, nHeads, dHead));
      }
      if (useAttnResult && hookResult.isActive()) {
        hookResult.apply(Tensor.rowMixture(valueImages, headRows, headWeights).reshape(batch, queries.length, nHeads, dModel));
      }
    }
    Tensor out = Tensor.rowMixture(valueImages, readRows, weights)
        .reshape(batch, queries.length, dModel); // [batch, query_pos, d_model]
    return Bias.add(out, bO);
  }

  /**
   * Hands an observed hook point the per-example activation [batch, at.length, head, d_head]
   * gathered from its table [1, rows, head, d_head]; nothing is formed when none observes.
   */
  private void observePerExample(HookPoint hook, Tensor tableRows, TokenRows rows, int[] at) {
    if (hook.isActive()) {
      Tensor flat = tableRows.reshape(tableRows.dim(1), nHeads * dHead); // [rows, head·d_head]
      hook.apply(Tensor.embedding(flat, rows.at(at)).reshape(rows.batch(), at.length, nHeads, dHead));
    }
  }

  /** [1, rows, head, d_head] → [head·rows, d_head]: one table row per (head, row). */
  private Tensor headMajor(Tensor t) {
    return t.reshape(t.dim(1), nHeads, dHead).permute(1, 0, 2).reshape(nHeads * t.dim(1), dHead);
  }

  /** x [batch, pos, d_model] · W [n_heads, d_model, d_head] + b → [batch, pos, head, d_head]. */
  private Tensor project(Tensor x, Tensor w, Tensor b) {
    Tensor allHeads = w.permute(1, 0, 2).reshape(dModel, nHeads * dHead); // [d_model, n_heads·d_head]
    Tensor y = x.matmul(allHeads).reshape(x.dim(0), x.dim(1), nHeads, dHead);
    return Bias.add(y, b);
  }

  /** [batch, pos, head, d] → [batch, head, pos, d], for per-head products. */
  private static Tensor headsFirst(Tensor t) {
    return t.permute(0, 2, 1, 3);
  }

  /** Σ_h z[:, :, h] · W_O[h], as one product: z [batch, pos, head, d_head] → [batch, pos, d_model]. */
  private Tensor mixHeads(Tensor z) {
    return z.reshape(z.dim(0), z.dim(1), nHeads * dHead)
        .matmul(wO.reshape(nHeads * dHead, dModel));
  }

  /**
   * The same sum, through hook_result: each head's contribution z[:, :, h] · W_O[h]
   * [batch, pos, head, d_model] is formed (and hookable) before the sum over heads. Only done
   * with use_attn_result on and a hook attached: it is n_heads times the output's size.
   */
  private Tensor sumOfHeadResults(Tensor z) {
    int batch = z.dim(0);
    int pos = z.dim(1);
    Tensor perHead = z.permute(2, 0, 1, 3).reshape(nHeads, batch * pos, dHead); // [head, batch·pos, d_head]
    Tensor result = perHead.matmul(wO) // [head, batch·pos, d_model]
        .reshape(nHeads, batch, pos, dModel).permute(1, 2, 0, 3); // [batch, pos, head, d_model]
    return hookResult.apply(result).sum(2);
  }

  /**
   * Causal attention: scores of keys after the query's position set to −∞. Skipped when nothing
   * would be hidden (every query at the last position, as when training on the answer).
   */
  private Tensor masked(Tensor scores, int[] queries, int keys) {
    if (!causal) {
      return scores;
    }
    for (int q : queries) {
      if (q < keys - 1) {
        return scores.maskedFill(futureMask(queries, keys), MASKED);
      }
    }
    return scores;
  }

  /** 1 where key j lies after query i's position (j > queries[i]): [query_pos, key_pos]. */
  private static Tensor futureMask(int[] queries, int keys) {
    float[] mask = new float[queries.length * keys];
    for (int i = 0; i < queries.length; i++) {
      for (int j = queries[i] + 1; j < keys; j++) {
        mask[i * keys + j] = 1f;
      }
    }
    return Tensor.of(mask, queries.length, keys);
  }

  /** α·softmax + (1 − α), the constant only where the query may look. */
  private Tensor withRate(Tensor softmax, int[] queries, int keys) {
    if (rate == 1f) {
      return softmax;
    }
    float rest = 1f - rate;
    if (!causal) {
      return softmax.mul(rate).add(rest);
    }
    float[] visible = new float[queries.length * keys]; // [query_pos, key_pos]
    for (int i = 0; i < queries.length; i++) {
      for (int j = 0; j <= queries[i] && j < keys; j++) {
        visible[i * keys + j] = rest;
      }
    }
    return softmax.mul(rate).add(Tensor.of(visible, queries.length, keys));
  }

  private static int[] everyPosition(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }
}
