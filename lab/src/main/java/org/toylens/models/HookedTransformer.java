package org.toylens.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.toylens.autograd.NoGrad;
import org.toylens.hooks.HookPoint;
import org.toylens.nn.LayerNorm;
import org.toylens.tasks.Layout;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * A decoder-style transformer with TransformerLens's names, shapes and hooks (REFERENCE.md §7):
 *
 * <pre>
 *   resid   = W_E[tokens] + W_pos[positions]          hook_embed, hook_pos_embed
 *   resid   = block_L(resid)   for L = 0 .. n_layers-1  blocks.{L}.hook_resid_pre|mid|post ...
 *   logits  = ln_final(resid) · W_U + b_U
 * </pre>
 *
 * <p>Tokens are [batch, pos] with pos ≤ n_ctx; logits are [batch, pos, d_vocab_out].
 * {@link #logitsAt} computes the logits at some positions only, the training entry point.
 *
 * <p>Weight views: {@link #W_E()}, {@link #W_pos()}, {@link #W_U()} are the parameters
 * themselves; the per-layer ones ({@link #W_Q()} ...) are stacked copies [n_layers, ...];
 * {@link #QK(int, int)} and {@link #OV(int, int)} are one head's circuits as
 * {@link FactoredMatrix}.
 *
 * <p>On a large batch the first layer runs on a table of the distinct (token, position) rows
 * ({@link TokenRows}) unless a hook may replace a value: runs without hooks, and runs whose hooks
 * only observe ({@link org.toylens.hooks.Hook#observe}, as {@link #runWithCache} installs), take
 * it; observed hook points receive the per-example activations, formed from the table.
 */
public final class HookedTransformer extends TokenModel {

  private final TransformerConfig config;
  private final HookPoint hookEmbed = hookPoint("hook_embed"); // [batch, pos, d_model]
  private final HookPoint hookPosEmbed; // [batch, pos, d_model], null without positional embedding
  private final Embed embed;
  private final PosEmbed posEmbed; // null without positional embedding
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm lnFinal; // null without normalization
  private final Unembed unembed;

  /**
   * Builds the model with weights drawn from {@code initRng} (one stream per parameter, split
   * by its name). The config must be resolved (no size left to the task).
   */
  public HookedTransformer(TransformerConfig config, Rng initRng) {
    if (!config.isResolved()) {
      throw new IllegalArgumentException("model: d_vocab " + config.dVocab() + ", d_vocab_out "
          + config.dVocabOut() + ", n_ctx " + config.nCtx()
          + ": sizes still taken from the task; resolve the config against the task's layout first");
    }
    this.config = config;
    TransformerInit init = new TransformerInit(config, initRng);
    hookPosEmbed = config.positionalEmbedding() ? hookPoint("hook_pos_embed") : null;
    embed = register(new Embed(config, init));
    posEmbed = config.positionalEmbedding() ? register(new PosEmbed(config, init)) : null;
    for (int layer = 0; layer < config.nLayers(); layer++) {
      blocks.add(register(new TransformerBlock(layer, config, init)));
    }
    LayerNorm finalNorm = layerNorm("ln_final", config);
    lnFinal = finalNorm == null ? null : register(finalNorm);
    unembed = register(new Unembed(config, init));
  }

  /** The same with {@code Rng.of(seed).split("init")}. */
  public HookedTransformer(TransformerConfig config, long seed) {
    this(config, Rng.of(seed).split("init"));
  }

  @Override
  public TransformerConfig config() {
    return config;
  }

  /**
   * Whether {@code blocks.{L}.attn.hook_result} (each head's output before the sum over heads,
   * [batch, pos, head, d_model]) is computed and called. Off by default, as TransformerLens's
   * {@code use_attn_result}: the per-head results are n_heads times the attention output's size,
   * so a cache of every hook leaves them out unless this is switched on.
   */
  public void setUseAttnResult(boolean use) {
    for (TransformerBlock block : blocks) {
      block.attn().useAttnResult = use;
    }
  }

  /** See {@link #setUseAttnResult}. */
  public boolean useAttnResult() {
    return !blocks.isEmpty() && blocks.get(0).attn().useAttnResult;
  }

  /** Logits [batch, pos, d_vocab_out] for tokens [batch, pos]. */
  @Override
  public Tensor forward(IntTensor tokens) {
    return logits(tokens, null);
  }

  /**
   * The logits at {@code positions} only: [batch, positions.length, d_vocab_out], equal to
   * {@code forward(tokens)} at those positions. With no hook on the model, the last block
   * computes its queries, attention output and MLP, and the unembedding runs, at those positions
   * alone (keys and values, and all earlier layers, still cover every position): for a loss
   * read at the last position this is about half the work. With any hook attached the full
   * forward runs, so hooks always see every position.
   */
  public Tensor logitsAt(IntTensor tokens, int[] positions) {
    checkTokens(tokens);
    for (int p : positions) {
      if (p < 0 || p >= tokens.shape().dim(1)) {
        throw new IllegalArgumentException("logitsAt: position " + p + " is outside the " + tokens.shape().dim(1)
            + " positions of tokens " + tokens.shape());
      }
    }
    if (anyHookActive()) {
      return forward(tokens).indexSelect(1, positions);
    }
    return logits(tokens, positions.clone());
  }

  /**
   * The logits at the task's answer positions, computed by {@link #logitsAt}. Bidirectional attention
   * reads only the prompt (the first {@code promptLength} columns): later columns hold answers
   * fed back, which it would otherwise see.
   */
  @Override
  public Tensor answerLogits(IntTensor inputs, Layout layout) {
    IntTensor visible = inputs;
    int columns = inputs.shape().dim(1);
    if (config.attentionDir() == TransformerConfig.AttentionDirection.BIDIRECTIONAL && layout.promptLength() < columns) {
      int prompt = layout.promptLength();
      int rows = inputs.shape().dim(0);
      int[] kept = new int[rows * prompt]; // [batch, promptLength]
      for (int r = 0; r < rows; r++) {
        System.arraycopy(inputs.data(), r * columns, kept, r * prompt, prompt);
      }
      visible = IntTensor.of(kept, rows, prompt);
      for (int p : layout.answerPositions()) {
        if (p >= prompt) {
          throw new IllegalArgumentException("attention_dir: bidirectional reads only the " + prompt
              + " prompt positions, but the task is scored at position " + p + "; use causal attention");
        }
      }
    }
    return logitsAt(visible, layout.answerPositions());
  }

  private Tensor logits(IntTensor tokens, int[] lastLayerQueries) {
    checkTokens(tokens);
    int first = 0;
    Tensor resid; // [batch, pos or query_pos, d_model]
    TokenRows rows = firstLayerFromRows(tokens);
    if (rows != null) {
      int[] queries = blocks.size() == 1 && lastLayerQueries != null ? lastLayerQueries : everyPosition(rows.positions());
      observeEmbeddings(tokens);
      resid = blocks.get(0).forwardFromRows(rowEmbeddings(rows), rows, queries);
      first = 1;
    } else {
      resid = embedWithPositions(tokens);
    }
    for (int layer = first; layer < blocks.size(); layer++) {
      resid = blocks.get(layer).forward(resid, layer == blocks.size() - 1 ? lastLayerQueries : null);
    }
    return unembed.forward(lnFinal == null ? resid : lnFinal.forward(resid)); // [batch, pos, d_vocab_out]
  }

  /**
   * The first layer runs on a table of distinct (token, position) rows ({@link TokenRows}) when
   * the batch has at least this many times more positions than distinct rows; the table costs
   * some extra work per row (values through W_O for every head), which this margin repays.
   */
  private static final int ROW_TABLE_ADVANTAGE = 4;

  /**
   * The rows of the last batch seen: full-batch training passes the same tokens every step, and
   * reusing the table (with the index tensors it has derived) saves rebuilding it each time.
   */
  private volatile TokenRows lastRows;

  /**
   * The distinct (token, position) rows of tokens when the first layer is to run on them: every
   * hook attached only observes (as the hooks of {@link #runWithCache} do: they are handed
   * per-example activations formed from the table), and a table small enough to pay; else null.
   * A hook that may replace a value, or a backward hook, needs every activation to exist per
   * example as the next computation's input, so it takes the per-example path.
   */
  TokenRows firstLayerFromRows(IntTensor tokens) {
    if (anyHookActive() && !hooksOnlyObserve()) {
      return null;
    }
    TokenRows rows = lastRows;
    if (rows == null || !rows.describes(tokens)) {
      rows = TokenRows.of(tokens, config.dVocab());
      lastRows = rows;
    }
    return rows.rows() * ROW_TABLE_ADVANTAGE <= rows.batch() * rows.positions() ? rows : null;
  }

  /** Whether every hook point with a hook has observers only. */
  private boolean hooksOnlyObserve() {
    for (HookPoint point : hookPoints().values()) {
      if (point.isActive() && !point.isOnlyObserved()) {
        return false;
      }
    }
    return true;
  }

  /**
   * On the row-table path, hands observed hook_embed and hook_pos_embed their per-example
   * values, W_E[tokens] and W_pos[position] for every example [batch, pos, d_model], which
   * that path otherwise never forms.
   */
  private void observeEmbeddings(IntTensor tokens) {
    if (hookEmbed.isActive()) {
      hookEmbed.apply(embed.forward(tokens));
    }
    if (hookPosEmbed != null && hookPosEmbed.isActive()) {
      int batch = tokens.shape().dim(0);
      int positions = tokens.shape().dim(1);
      int[] positionOf = new int[batch * positions]; // [batch, pos]
      for (int i = 0; i < positionOf.length; i++) {
        positionOf[i] = i % positions;
      }
      hookPosEmbed.apply(Tensor.embedding(posEmbed.wPos, IntTensor.of(positionOf, batch, positions)));
    }
  }

  /** W_E[token] + W_pos[position] of each distinct row: [rows, d_model]. */
  private Tensor rowEmbeddings(TokenRows rows) {
    Tensor tokenEmbeddings = Tensor.embedding(embed.wE, rows.tokens()); // [rows, d_model]
    return posEmbed == null ? tokenEmbeddings : tokenEmbeddings.add(Tensor.embedding(posEmbed.wPos, rows.positionsOfRows()));
  }

  private static int[] everyPosition(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  /** W_E[tokens] + W_pos[0 .. pos-1]: [batch, pos, d_model]. */
  private Tensor embedWithPositions(IntTensor tokens) {
    Tensor tokenEmbeddings = hookEmbed.apply(embed.forward(tokens)); // [batch, pos, d_model]
    if (posEmbed == null) {
      return tokenEmbeddings;
    }
    Tensor positionEmbeddings = posEmbed.forward(tokens.shape().dim(1)); // [pos, d_model]
    if (hookPosEmbed.isActive()) {
      // TransformerLens hooks the positional embedding repeated over the batch; without a hook
      // the broadcasting add below saves that copy.
      positionEmbeddings = hookPosEmbed.apply(Tensor.zeros(tokenEmbeddings.shape()).add(positionEmbeddings));
    }
    return tokenEmbeddings.add(positionEmbeddings);
  }

  private void checkTokens(IntTensor tokens) {
    if (tokens.shape().rank() != 2) {
      throw new IllegalArgumentException("tokens must be [batch, pos], got shape " + tokens.shape());
    }
    if (tokens.shape().dim(1) > config.nCtx()) {
      throw new IllegalArgumentException("tokens " + tokens.shape() + " have " + tokens.shape().dim(1)
          + " positions, more than n_ctx " + config.nCtx());
    }
  }

  /** The layer norm a config asks for at {@code path}: LN (affine), LNPre, or none (null). */
  static LayerNorm layerNorm(String path, TransformerConfig config) {
    return switch (config.normalization()) {
      case NONE -> null;
      case LN -> new LayerNorm(path, config.dModel(), true);
      case LN_PRE -> new LayerNorm(path, config.dModel(), false);
    };
  }

  // ---------------------------------------------------------------- weight views

  /** The token embedding W_E [d_vocab, d_model] (the parameter itself). */
  public Tensor W_E() {
    return embed.wE;
  }

  /** The positional embedding W_pos [n_ctx, d_model] (the parameter itself). */
  public Tensor W_pos() {
    if (posEmbed == null) {
      throw new IllegalStateException("this model has no positional embedding (positional_embedding: false)");
    }
    return posEmbed.wPos;
  }

  /** The unembedding W_U [d_model, d_vocab_out] (the parameter itself). */
  public Tensor W_U() {
    return unembed.wU;
  }

  /** The unembedding bias b_U [d_vocab_out] (the parameter itself). */
  public Tensor b_U() {
    return unembed.bU;
  }

  /** W_Q of every layer: [n_layers, n_heads, d_model, d_head] (a copy). */
  public Tensor W_Q() {
    return stacked(block -> block.attn().wQ);
  }

  /** W_K of every layer: [n_layers, n_heads, d_model, d_head] (a copy). */
  public Tensor W_K() {
    return stacked(block -> block.attn().wK);
  }

  /** W_V of every layer: [n_layers, n_heads, d_model, d_head] (a copy). */
  public Tensor W_V() {
    return stacked(block -> block.attn().wV);
  }

  /** W_O of every layer: [n_layers, n_heads, d_head, d_model] (a copy). */
  public Tensor W_O() {
    return stacked(block -> block.attn().wO);
  }

  /** b_Q of every layer: [n_layers, n_heads, d_head] (a copy). */
  public Tensor b_Q() {
    return stacked(block -> block.attn().bQ);
  }

  /** b_K of every layer: [n_layers, n_heads, d_head] (a copy). */
  public Tensor b_K() {
    return stacked(block -> block.attn().bK);
  }

  /** b_V of every layer: [n_layers, n_heads, d_head] (a copy). */
  public Tensor b_V() {
    return stacked(block -> block.attn().bV);
  }

  /** b_O of every layer: [n_layers, d_model] (a copy). */
  public Tensor b_O() {
    return stacked(block -> block.attn().bO);
  }

  /** W_in of every layer: [n_layers, d_model, d_mlp] (a copy). */
  public Tensor W_in() {
    return stacked(block -> mlpOf(block).wIn);
  }

  /** W_out of every layer: [n_layers, d_mlp, d_model] (a copy). */
  public Tensor W_out() {
    return stacked(block -> mlpOf(block).wOut);
  }

  /** b_in of every layer: [n_layers, d_mlp] (a copy). */
  public Tensor b_in() {
    return stacked(block -> mlpOf(block).bIn);
  }

  /** b_out of every layer: [n_layers, d_model] (a copy). */
  public Tensor b_out() {
    return stacked(block -> mlpOf(block).bOut);
  }

  /**
   * The QK circuit of one head, W_Q[h] · W_K[h]ᵀ [d_model, d_model]: the bilinear form
   * scores = x_query · QK · x_keyᵀ (before the 1/√d_head scale and the biases).
   */
  public FactoredMatrix QK(int layer, int head) {
    Attention attn = attention(layer, head);
    try (NoGrad ignored = NoGrad.enter()) {
      return new FactoredMatrix(attn.wQ.select(0, head), attn.wK.select(0, head).transpose(0, 1));
    }
  }

  /** The OV circuit of one head, W_V[h] · W_O[h] [d_model, d_model]: what x contributes to the output when attended to. */
  public FactoredMatrix OV(int layer, int head) {
    Attention attn = attention(layer, head);
    try (NoGrad ignored = NoGrad.enter()) {
      return new FactoredMatrix(attn.wV.select(0, head), attn.wO.select(0, head));
    }
  }

  private Attention attention(int layer, int head) {
    if (layer < 0 || layer >= config.nLayers()) {
      throw new IndexOutOfBoundsException("layer " + layer + " outside [0, " + config.nLayers() + ")");
    }
    if (head < 0 || head >= config.nHeads()) {
      throw new IndexOutOfBoundsException("head " + head + " outside [0, " + config.nHeads() + ")");
    }
    return blocks.get(layer).attn();
  }

  private MlpBlock mlpOf(TransformerBlock block) {
    if (block.mlp() == null) {
      throw new IllegalStateException("this model is attention-only (attn_only: true): it has no MLP weights");
    }
    return block.mlp();
  }

  private Tensor stacked(Function<TransformerBlock, Tensor> weight) {
    Tensor[] perLayer = new Tensor[blocks.size()];
    for (int layer = 0; layer < perLayer.length; layer++) {
      perLayer[layer] = weight.apply(blocks.get(layer));
    }
    return Tensor.stack(0, perLayer);
  }

  @Override
  public String toString() {
    return "HookedTransformer(" + config.nLayers() + " layers, d_model " + config.dModel() + ", "
        + config.nHeads() + " heads of " + config.dHead() + ", n_ctx " + config.nCtx() + ", "
        + parameterCount() + " parameters)";
  }
}
