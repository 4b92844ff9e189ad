package org.toylens.models;

import java.util.Arrays;
import org.toylens.hooks.HookPoint;
import org.toylens.nn.LayerNorm;
import org.toylens.nn.Module;
import org.toylens.tensor.Tensor;

/**
 * One pre-norm residual block: resid_mid = resid_pre + attn(ln1(resid_pre)), resid_post =
 * resid_mid + mlp(ln2(resid_mid)). Attention-only blocks have no MLP, no ln2 and no
 * resid_mid: resid_post = resid_pre + attn(ln1(resid_pre)).
 */
final class TransformerBlock extends Module {

  private final LayerNorm ln1; // null without normalization
  private final Attention attn;
  private final LayerNorm ln2; // null without normalization or MLP
  private final MlpBlock mlp; // null when attn_only
  private final HookPoint hookResidPre; // [batch, pos, d_model]
  private final HookPoint hookAttnOut; // [batch, pos, d_model]
  private final HookPoint hookResidMid; // [batch, pos, d_model], null when attn_only
  private final HookPoint hookMlpOut; // [batch, pos, d_model], null when attn_only
  private final HookPoint hookResidPost; // [batch, pos, d_model]

  TransformerBlock(int layer, TransformerConfig config, TransformerInit init) {
    super("blocks." + layer);
    boolean withMlp = !config.attnOnly();

    // Registered in the order the forward pass reaches them, so listings read top to bottom.
    hookResidPre = hookPoint("hook_resid_pre");
    hookAttnOut = hookPoint("hook_attn_out");
    hookResidMid = withMlp ? hookPoint("hook_resid_mid") : null;
    hookMlpOut = withMlp ? hookPoint("hook_mlp_out") : null;
    hookResidPost = hookPoint("hook_resid_post");
    ln1 = registered(HookedTransformer.layerNorm(nameOf("ln1"), config));
    attn = register(new Attention(nameOf("attn"), config, init));
    ln2 = withMlp ? registered(HookedTransformer.layerNorm(nameOf("ln2"), config)) : null;
    mlp = withMlp ? register(new MlpBlock(nameOf("mlp"), config, init)) : null;
  }

  private LayerNorm registered(LayerNorm ln) {
    return ln == null ? null : register(ln);
  }

  Attention attn() {
    return attn;
  }

  MlpBlock mlp() {
    return mlp;
  }

  /**
   * resid_pre [batch, pos, d_model] → resid_post [batch, query_pos, d_model], with attention
   * queries (and everything after them) at {@code queryPositions} only; null means every
   * position.
   */
  Tensor forward(Tensor residPre, int[] queryPositions) {
    Tensor x = hookResidPre.apply(residPre); // [batch, pos, d_model]
    Tensor attnOut = hookAttnOut.apply(attn.forward(normalize(ln1, x), queryPositions)); // [batch, query_pos, d_model]
    Tensor kept = queryPositions == null ? x : x.indexSelect(1, queryPositions); // [batch, query_pos, d_model]
    if (mlp == null) {
      return hookResidPost.apply(kept.add(attnOut));
    }
    Tensor residMid = hookResidMid.apply(kept.add(attnOut)); // [batch, query_pos, d_model]
    Tensor mlpOut = hookMlpOut.apply(mlp.forward(normalize(ln2, residMid))); // [batch, query_pos, d_model]
    return hookResidPost.apply(residMid.add(mlpOut));
  }

  /**
   * The same block for the first layer, from its input as a table of distinct (token, position)
   * rows ({@link TokenRows}): x [rows, d_model] → resid_post [batch, query_pos, d_model]. Layer
   * norm and attention work on the table; from resid_mid on, everything is per example.
   *
   * <p>Only for runs whose hooks all observe ({@link org.toylens.hooks.HookPoint#isOnlyObserved}),
   * or have none: an observed hook point gets its per-example activation gathered from the
   * tables (resid_pre, ln1's, attention's) or as computed (attn_out onwards); a point without
   * hooks costs nothing.
   */
  Tensor forwardFromRows(Tensor x, TokenRows rows, int[] queryPositions) {
    int[] every = everyPosition(rows.positions());
    boolean atEveryPosition = Arrays.equals(queryPositions, every);
    Tensor kept = Tensor.embedding(x, rows.at(queryPositions)); // [batch, query_pos, d_model]
    if (hookResidPre.isActive()) {
      hookResidPre.apply(atEveryPosition ? kept : Tensor.embedding(x, rows.at(every))); // [batch, pos, d_model]
    }
    Tensor normalized = normalizeRows(x, rows, atEveryPosition ? kept : null); // [rows, d_model]
    Tensor attnOut = hookAttnOut.apply(attn.forwardFromRows(normalized, rows, queryPositions)); // [batch, query_pos, d_model]
    if (mlp == null) {
      return hookResidPost.apply(kept.add(attnOut));
    }
    Tensor residMid = hookResidMid.apply(kept.add(attnOut)); // [batch, query_pos, d_model]
    Tensor mlpOut = hookMlpOut.apply(mlp.forward(normalize(ln2, residMid))); // [batch, query_pos, d_model]
    return hookResidPost.apply(residMid.add(mlpOut));
  }

  /**
   * ln1 of the table x [rows, d_model]. With ln1's hooks observed, they must see per-example
   * values, so ln1 runs on the per-example residual stream ({@code perExample}
   * [batch, pos, d_model] when already gathered, else gathered here) and the table is read back
   * from each row's first occurrence: the same numbers the per-example path computes.
   */
  private Tensor normalizeRows(Tensor x, TokenRows rows, Tensor perExample) {
    if (ln1 == null || !ln1.anyHookActive()) {
      return normalize(ln1, x);
    }
    Tensor residPre = perExample != null ? perExample : Tensor.embedding(x, rows.at(everyPosition(rows.positions())));
    Tensor normalized = ln1.forward(residPre); // [batch, pos, d_model]
    return normalized.reshape(rows.batch() * rows.positions(), x.dim(1)).indexSelect(0, rows.firstOccurrences());
  }

  private static int[] everyPosition(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  /** {@code ln(x)}, or x itself without normalization. */
  private static Tensor normalize(LayerNorm ln, Tensor x) {
    return ln == null ? x : ln.forward(x);
  }
}
