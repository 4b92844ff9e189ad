package org.toylens.analysis.llc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.MlpConfig;
import org.toylens.models.ModelConfig;
import org.toylens.models.Models;
import org.toylens.models.TokenModel;
import org.toylens.runs.AnalysisEntry;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunDirectory;
import org.toylens.runs.RunStore;
import org.toylens.tasks.Dataset;
import org.toylens.tasks.TokenTaskConfig;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;
import org.toylens.train.Checkpoints;
import org.toylens.train.Trainer;

/**
 * The LLC of a token-task run at its checkpoints ({@code toylens llc RUN}).
 *
 * <p>The loss is the run's own training loss ({@link TrainingSetLoss}) on minibatches of its
 * training split, regenerated from the run's {@code config.yaml} exactly as the trainer made it;
 * w* is a checkpoint's weights and n the size of the training split. Each chain gets its own copy
 * of the model holding the checkpoint's weights.
 *
 * <p>Default settings ({@link #defaults()}), chosen on grokking runs (REFERENCE §5; devinterp's
 * defaults where they exist):
 * <ul>
 *   <li>minibatch m = the run's training batch size, at most {@value #DEFAULT_MAX_BATCH} (a
 *       full-batch run samples minibatches of min(n, {@value #DEFAULT_MAX_BATCH}));</li>
 *   <li>nβ = m / ln m (devinterp's default; the theory's n / ln n is
 *       {@link SgldParameters#theoryNBeta(long)});</li>
 *   <li>MLPs: ε = {@value #MLP_EPSILON}, γ = {@value #MLP_GAMMA}, {@value #MLP_BURN_IN} burn-in
 *       steps. On a p = 31 MLP that memorises and then groks, the chains level off within ~50
 *       steps at every checkpoint and the estimates rise from ~3 to ~24 during memorisation and
 *       fall back to ~4 after grokking; on devinterp's example (preset {@code llc-grok}, p = 53)
 *       they rise from 2.2 at step 0 to 53 at step 1,500 and fall through the plateau to 4.4
 *       once grokked;</li>
 *   <li>transformers and RNNs: ε = {@value #SEQUENCE_MODEL_EPSILON}, γ = {@value #SEQUENCE_MODEL_GAMMA},
 *       {@value #SEQUENCE_MODEL_BURN_IN} burn-in steps. The SGLD noise moves all P weights at once
 *       (its norm grows as √(ε·P)) and the grokking transformer has ~50 times the weights of the
 *       MLP: at ε = 1e-3 its chains leave the basin (MALA acceptance 0.01). Checked on eight
 *       checkpoints of a {@code grok} run (p = 59, P = 212k weights; memorised by step 100, test
 *       accuracy 0.99 at step 2,700), 4 chains of minibatches of 128: from step 100 on no draw
 *       falls below L(w*). With full batches, where the MALA acceptance measures the step size
 *       rather than batch-to-batch noise, the acceptance over the draws is 0.88–0.91 at steps
 *       300, 1,800, 2,700 and 4,000, against 0.78–0.83 at ε = 1e-4 and 0.45–0.63 at 3e-4, whose
 *       estimates drift with ε (−2% to +20% at 1e-4, +10% to +44% at 3e-4). The squared distance
 *       from w* relaxes at rate ε·γ per step (~110 steps), so burn-in is
 *       {@value #SEQUENCE_MODEL_BURN_IN} steps, 4.5 of those: the distance then sits at its
 *       stationary √(P/γ), and the estimate from the second half of the draws is within 2.6 of the
 *       first half's (5% where the estimate is above 10, under 0.8 below). After 200 steps the
 *       chains were still climbing (distance 1.2% short, second half 5–25% above the first); with
 *       γ = 100 they had not levelled off after 400 (second half 20–46% above). With these
 *       settings the estimate rises from 0.6 at initialisation to 67 at memorisation and falls
 *       through circuit formation (36 at step 1,000, 26 at 1,800) and grokking (5.3 at 2,700) to
 *       2.1 after cleanup. Calibrate before trusting them on another model;</li>
 *   <li>{@value #DEFAULT_CHAINS} chains, {@value #DEFAULT_DRAWS} draws one step apart, L(w*) over
 *       8 minibatches, the run's seed.</li>
 * </ul>
 * The MALA acceptance is averaged over the draws (after burn-in), as devinterp reports it. With
 * minibatches it is dominated by the batch-to-batch noise of nβ·L (two consecutive steps see
 * different batches), so it stays near 0.45–0.8 whatever ε; to judge ε, run one chain with
 * {@code --batch} the training set size, or read it next to the loss traces and the fraction of
 * draws below L(w*) (a large fraction means the chain is still optimising, not sampling).
 *
 * <p>Writes: into the run store's analyses (kind {@value #KIND}), per checkpoint step the numbers
 * {@code mean}, {@code std}, {@code mala_acceptance}, {@code fraction_below},
 * {@code loss_at_optimum}, {@code n_beta}, {@code epsilon}, {@code failed} (0 or 1) and the whole
 * row as JSON under {@code result}; into {@code analysis/}{@value #TABLE_FILE} every row stored so
 * far ({@link LlcTable}).
 */
public final class RunLlc {

  /** The analyses kind in the run store. */
  public static final String KIND = "llc";
  /** The table in the run's analysis folder. */
  public static final String TABLE_FILE = "llc.csv";
  /** The largest default minibatch. */
  public static final int DEFAULT_MAX_BATCH = 128;
  public static final double MLP_EPSILON = 1e-3;
  public static final double MLP_GAMMA = 100;
  public static final int MLP_BURN_IN = 50;
  public static final double SEQUENCE_MODEL_EPSILON = 3e-5;
  public static final double SEQUENCE_MODEL_GAMMA = 300;
  public static final int SEQUENCE_MODEL_BURN_IN = 500;
  public static final int DEFAULT_CHAINS = 4;
  public static final int DEFAULT_DRAWS = 200;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final RunDirectory run;
  private final RunStore store;
  private final ExperimentConfig config;
  private final Dataset trainingSet;
  private final int trainingBatch;
  private final NavigableMap<Long, Path> checkpoints;

  private RunLlc(RunDirectory run, RunStore store, ExperimentConfig config, Dataset trainingSet, int trainingBatch,
      NavigableMap<Long, Path> checkpoints) {
    this.run = run;
    this.store = store;
    this.config = config;
    this.trainingSet = trainingSet;
    this.trainingBatch = trainingBatch;
    this.checkpoints = checkpoints;
  }

  /**
   * Reads the run's config, regenerates its training split and lists its checkpoints.
   *
   * @param store the run store the checkpoints are indexed in and the results go to; may be null
   *     (then the checkpoints folder is listed and only the CSV is written)
   * @throws IllegalArgumentException when the run has no config, is not a token-task run, or has
   *     no checkpoint
   */
  public static RunLlc open(RunDirectory run, RunStore store) throws IOException {
    String yaml = run.readConfig().orElseThrow(() -> new IllegalArgumentException(
        "run " + run.id() + " has no " + RunDirectory.CONFIG_FILE + " in " + run.path() + "; its training set cannot be rebuilt"));
    ExperimentConfig config = ExperimentConfig.parse(yaml, run.configFile().toString());
    if (!(config.task() instanceof TokenTaskConfig)) {
      throw new IllegalArgumentException("run " + run.id() + ": task '" + config.task().name()
          + "' is not a token task; the LLC of a run needs a token task and its training loss");
    }
    NavigableMap<Long, Path> checkpoints = run.checkpointFiles(store);
    if (checkpoints.isEmpty()) {
      throw new IllegalArgumentException("run " + run.id() + " has no checkpoints in " + run.checkpointsDir()
          + "; the LLC is measured at checkpoints (train with train.checkpoints set)");
    }
    Trainer trainer = new Trainer(config);
    Dataset train = trainer.split().train();
    int batch = config.train().batchSize().resolve(train.n());
    return new RunLlc(run, store, config, train, batch, checkpoints);
  }

  public String runId() {
    return run.id();
  }

  public ExperimentConfig config() {
    return config;
  }

  /** n: the number of training examples the loss indexes. */
  public int datasetSize() {
    return trainingSet.n();
  }

  /** The checkpoint files by step. */
  public NavigableMap<Long, Path> checkpoints() {
    return java.util.Collections.unmodifiableNavigableMap(checkpoints);
  }

  /** The default settings for this run's model (see the class comment). */
  public LlcConfig defaults() {
    return defaults(config.model(), trainingSet.n(), trainingBatch, config.seed());
  }

  /**
   * The default settings for a model of this kind trained with minibatches of
   * {@code trainingBatch} out of {@code n} examples (see the class comment).
   */
  public static LlcConfig defaults(ModelConfig model, int n, int trainingBatch, long seed) {
    int m = Math.max(2, Math.min(Math.min(trainingBatch, DEFAULT_MAX_BATCH), n));
    boolean mlp = model instanceof MlpConfig;
    return LlcConfig.defaults().withEpsilon(mlp ? MLP_EPSILON : SEQUENCE_MODEL_EPSILON).withNBeta(Double.NaN)
        .withGamma(mlp ? MLP_GAMMA : SEQUENCE_MODEL_GAMMA).withBatchSize(m).withChains(DEFAULT_CHAINS)
        .withSchedule(mlp ? MLP_BURN_IN : SEQUENCE_MODEL_BURN_IN, DEFAULT_DRAWS, 1).withSeed(seed);
  }

  /**
   * The LLC at one checkpoint. Never throws for a chain that diverges or a checkpoint that cannot
   * be read: the row is then marked failed with the reason. Records nothing.
   *
   * @throws IllegalArgumentException when the run has no checkpoint at {@code step} or the
   *     settings do not fit the run (batch larger than the training set)
   */
  public CheckpointLlc estimate(long step, LlcConfig settings) {
    Path file = checkpointFile(step);
    checkFits(settings);
    Map<String, float[]> weights; // name -> [numel]
    try {
      weights = readWeights(file);
    } catch (IOException | RuntimeException e) {
      return CheckpointLlc.failed(step, settings, settings.effectiveNBeta(),
          "cannot read checkpoint " + run.checkpointsDir().relativize(file) + ": " + e.getMessage());
    }
    Supplier<LlcTarget> factory = () -> {
      // The init stream is irrelevant: every weight is overwritten with the checkpoint's.
      TokenModel model = Models.buildTokenModel(config.model(), Rng.of(config.seed()).split("init"));
      for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
        float[] saved = weights.get(e.getKey());
        System.arraycopy(saved, 0, e.getValue().data(), 0, saved.length);
      }
      return LlcTarget.of(model, new TrainingSetLoss(model, trainingSet));
    };
    try {
      return CheckpointLlc.of(step, LlcEstimator.estimate(factory, trainingSet.n(), settings), settings);
    } catch (ChainDivergedException e) {
      return CheckpointLlc.failed(step, settings, settings.effectiveNBeta(), e.getMessage());
    } catch (IllegalArgumentException e) {
      // Settings were checked above: what is left is about this checkpoint (a non-finite L(w*)).
      return CheckpointLlc.failed(step, settings, settings.effectiveNBeta(), e.getMessage());
    }
  }

  /**
   * The LLC at each of {@code steps} (in the order given), recording every row in the run store
   * and rewriting the CSV table after each checkpoint, so an interrupted sweep keeps what it did.
   * A failed checkpoint is reported through {@code progress} and the sweep goes on.
   *
   * @throws IllegalArgumentException before any work when a step has no checkpoint or the
   *     settings do not fit the run
   */
  public RunLlcResult estimate(List<Long> steps, LlcConfig settings, ProgressListener progress) throws IOException {
    if (steps.isEmpty()) throw new IllegalArgumentException("no checkpoint steps to estimate the LLC at");
    for (long s : steps) checkpointFile(s);
    checkFits(settings);
    List<CheckpointLlc> rows = new ArrayList<>();
    Path table = run.analysisDir().resolve(TABLE_FILE);
    progress.begin("llc " + run.id(), 0, steps.size());
    try {
      for (long step : steps) {
        CheckpointLlc row = estimate(step, settings);
        rows.add(row);
        if (row.failed()) progress.note("checkpoint step " + step + " failed: " + row.failure());
        record(row);
        LlcTable.write(table, tableRows(rows));
        progress.step(rows.size(), Double.NaN);
      }
    } finally {
      progress.close();
    }
    return new RunLlcResult(run.id(), trainingSet.n(), rows, table);
  }

  /** Every LLC row of a run stored in {@code store}, in step order. */
  public static List<CheckpointLlc> stored(RunStore store, String runId) {
    List<CheckpointLlc> rows = new ArrayList<>();
    for (AnalysisEntry e : store.analyses(runId, KIND)) {
      if (!e.name().equals("result") || e.json() == null) continue;
      try {
        rows.add(JSON.readValue(e.json(), CheckpointLlc.class));
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException("run store " + store.file() + ": the llc result of run " + runId + " at step "
            + e.step() + " is not a valid LLC row: " + ex.getOriginalMessage(), ex);
      }
    }
    rows.sort(java.util.Comparator.comparingLong(CheckpointLlc::step));
    return rows;
  }

  /** The row as the JSON text stored under {@code result}. */
  public static String toJson(CheckpointLlc row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the LLC row as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private void record(CheckpointLlc row) {
    if (store == null) return;
    long s = row.step();
    List<AnalysisEntry> entries = new ArrayList<>();
    entries.add(AnalysisEntry.ofValue(KIND, s, "mean", row.mean()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "std", row.std()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "mala_acceptance", row.malaAcceptance()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "fraction_below", row.fractionBelow()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "loss_at_optimum", row.lossAtOptimum()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "n_beta", row.nBeta()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "epsilon", row.epsilon()));
    entries.add(AnalysisEntry.ofValue(KIND, s, "failed", row.failed() ? 1 : 0));
    entries.add(AnalysisEntry.ofJson(KIND, s, "result", toJson(row)));
    store.recordAnalyses(run.id(), entries);
  }

  /** This call's rows merged over the rows stored earlier (this call wins at equal steps). */
  private List<CheckpointLlc> tableRows(List<CheckpointLlc> fresh) {
    TreeMap<Long, CheckpointLlc> byStep = new TreeMap<>();
    if (store != null) for (CheckpointLlc r : stored(store, run.id())) byStep.put(r.step(), r);
    for (CheckpointLlc r : fresh) byStep.put(r.step(), r);
    return new ArrayList<>(byStep.values());
  }

  private Path checkpointFile(long step) {
    Path file = checkpoints.get(step);
    if (file == null) {
      throw new IllegalArgumentException("run " + run.id() + " has no checkpoint at step " + step + "; its "
          + checkpoints.size() + " checkpoints are at steps " + describeSteps());
    }
    return file;
  }

  private String describeSteps() {
    List<Long> steps = new ArrayList<>(checkpoints.keySet());
    if (steps.size() <= 12) return steps.toString().replaceAll("[\\[\\]]", "");
    return steps.subList(0, 6).toString().replaceAll("[\\[\\]]", "") + ", ..., "
        + steps.subList(steps.size() - 3, steps.size()).toString().replaceAll("[\\[\\]]", "");
  }

  private void checkFits(LlcConfig settings) {
    if (settings.batchSize() > trainingSet.n()) {
      throw new IllegalArgumentException("LLC batch size " + settings.batchSize() + " exceeds the "
          + trainingSet.n() + " training examples of run " + run.id());
    }
  }

  /** The parameter values of a checkpoint, checked against this run's model (names and shapes). */
  private Map<String, float[]> readWeights(Path file) throws IOException {
    TokenModel reference = Models.buildTokenModel(config.model(), Rng.of(config.seed()).split("init"));
    Checkpoints.loadWeights(file, reference);
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : reference.namedParameters().entrySet()) {
      weights.put(e.getKey(), e.getValue().data().clone());
    }
    return weights;
  }

}
