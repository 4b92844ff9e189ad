package org.toylens.analysis.superposition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.Models;
import org.toylens.models.ToyModel;
import org.toylens.models.ToyModelConfig;
import org.toylens.optim.Adam;
import org.toylens.optim.AdamW;
import org.toylens.optim.GradClip;
import org.toylens.optim.LrSchedule;
import org.toylens.optim.Optimizer;
import org.toylens.optim.ParamGroup;
import org.toylens.optim.Sgd;
import org.toylens.runs.CheckpointInfo;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunDirectory;
import org.toylens.runs.RunStore;
import org.toylens.runs.StandardMetrics;
import org.toylens.tasks.SparseFeatures;
import org.toylens.tasks.SparseFeaturesConfig;
import org.toylens.train.Checkpoints;
import org.toylens.train.TrainConfig;
import org.toylens.train.Trainer;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * Trains the instances of one {@link ToyModel} side by side on sparse features, as an experiment
 * config ({@code task: sparse_features}, {@code model: toy}) says, and measures their geometry
 * (REFERENCE.md §4, Elhage et al. 2022).
 *
 * <p>Every step draws a fresh batch [batch, instance, feature], inside the model's fused loss
 * when no hook is attached; the batch of step s comes from
 * {@code Rng.of(seed).split("batches").split("step", s)}, so it depends on the seed and the step
 * alone. With {@code model.restarts: R} the model has R instances per setting of the task, each
 * with its own weights and data stream. The weights come from {@code split("init")} and the evaluation batch that scores the
 * trained instances from {@code split("evaluation")}: one seed fixes the whole experiment, and
 * the thread count changes nothing (the model's kernels are thread-count independent).
 */
public final class SuperpositionExperiment {

  /** Batch size of the evaluation batch that measures each instance's final loss. */
  public static final int EVALUATION_BATCH = 8192;

  private final ExperimentConfig config;
  private final TrainConfig train;
  private final SparseFeatures features;
  private final ToyModel model;
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private final Tensor importance; // [n_instances, n_features]
  private final int batchSize;
  private final Rng batches;
  private final Rng evaluation;
  private long stepsDone;

  /** Builds the data, the model (initialised from the seed) and the optimizer. */
  public SuperpositionExperiment(ExperimentConfig config) {
    this.config = config;
    this.train = config.train();
    if (!(config.task() instanceof SparseFeaturesConfig task)) {
      throw new IllegalArgumentException("task.name: '" + config.task().name()
          + "' is not a superposition task; use name: " + SparseFeaturesConfig.NAME
          + " (or train it with 'toylens train')");
    }
    if (!(config.model() instanceof ToyModelConfig toy)) {
      throw new IllegalArgumentException("model.kind: '" + config.model().kind()
          + "' cannot be trained on sparse features; use kind: toy");
    }
    if (train.batchSize().isFull()) {
      throw new IllegalArgumentException("train.batch_size: 'full' has no meaning for sparse"
          + " features, which draw a fresh batch every step; give a number such as 1024");
    }
    this.features = task.generator().withCopies(toy.restarts());
    this.batchSize = train.batchSize().size();
    Rng root = Rng.of(config.seed());
    this.model = Models.buildToyModel(toy, root.split("init"));
    this.batches = root.split("batches");
    this.evaluation = root.split("evaluation");
    this.importance = Tensor.of(features.importanceByInstance(), toy.nInstances(), toy.nFeatures());
    this.optimizer = optimizer(train, model.trainableParameters());
    this.schedule = train.lrSchedule().toSchedule(train.lr(), train.steps());
  }

  public ExperimentConfig config() {
    return config;
  }

  public ToyModel model() {
    return model;
  }

  public SparseFeatures features() {
    return features;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Steps trained so far. */
  public long stepsDone() {
    return stepsDone;
  }

  /**
   * Loads the weights (and optimizer state) of a checkpoint of this experiment, so that
   * {@link #measure()} describes them; returns its step.
   */
  public long restore(Path checkpoint) throws IOException {
    stepsDone = Checkpoints.load(checkpoint, model, optimizer);
    return stepsDone;
  }

  private static Optimizer optimizer(TrainConfig t, List<Tensor> params) {
    List<ParamGroup> groups = List.of(ParamGroup.of(params, t.weightDecay()));
    return switch (t.optimizer()) {
      case SGD -> new Sgd(groups, t.lr(), t.momentum(), t.nesterov());
      case ADAM -> new Adam(groups, t.lr(), t.beta1(), t.beta2(), t.eps());
      case ADAMW -> new AdamW(groups, t.lr(), t.beta1(), t.beta2(), t.eps());
    };
  }

  /**
   * Trains every configured step. Every {@code eval_every} steps (and after the last) it logs the
   * step's training loss (summed over instances, as optimised) and the learning rate; checkpoints
   * follow the config's schedule.
   *
   * @param run   where checkpoints go, or null to save none
   * @param store where metrics and checkpoints are recorded, or null
   */
  public void train(RunDirectory run, RunStore store, ProgressListener progress) {
    int total = train.steps();
    List<Tensor> params = model.trainableParameters();
    progress.begin(config.name().orElse("superposition"), stepsDone, total);
    try {
      if (stepsDone == 0) checkpointIfDue(0, run, store);
      for (long step = stepsDone; step < total; step++) {
        optimizer.zeroGrad();
        // the batch is drawn inside the model's fused loss (or expanded for hooks)
        Tensor loss = model.loss(features.draw(batchSize, batches.split("step", step)), importance);
        double lossValue = loss.item();
        if (!Double.isFinite(lossValue)) {
          throw new Trainer.TrainingDiverged("training loss is " + lossValue + " at step "
              + (step + 1) + " (before the update)");
        }
        loss.backward();
        train.gradClip().ifPresent(maxNorm -> GradClip.clipNorm(params, maxNorm));
        optimizer.setLr(schedule.lr(train.lr(), step));
        optimizer.step();
        long done = step + 1;
        stepsDone = done;
        progress.step(done, lossValue);
        if (done % train.evalEvery() == 0 || done == total) {
          Map<String, Double> metrics = new LinkedHashMap<>();
          metrics.put(StandardMetrics.TRAIN_LOSS, lossValue);
          metrics.put(StandardMetrics.LEARNING_RATE, schedule.lr(train.lr(), step));
          if (store != null && run != null) store.logMetrics(run.id(), done, metrics);
          progress.evaluated(done, metrics);
        }
        checkpointIfDue(done, run, store);
      }
    } finally {
      progress.close();
    }
  }

  private void checkpointIfDue(long step, RunDirectory run, RunStore store) {
    if (run == null || !train.checkpoints().isCheckpoint((int) step, train.steps())) return;
    try {
      CheckpointInfo info = Checkpoints.save(run, step, model, optimizer, config);
      if (store != null) store.recordCheckpoint(run.id(), info);
    } catch (IOException e) {
      throw new UncheckedIOException("saving the checkpoint of step " + step + " in "
          + run.checkpointsDir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The loss of each instance [n_instances] on one fresh batch of {@value #EVALUATION_BATCH}
   * examples (the same batch whenever it is called: it depends on the seed alone).
   */
  public double[] evaluationLosses() {
    return model.lossPerInstance(features.draw(EVALUATION_BATCH, evaluation.split("batch")),
        importance).toDoubles();
  }

  /** The geometry of every instance as the weights stand now. */
  public SuperpositionResult measure() {
    ToyModelConfig toy = model.config();
    int n = toy.nFeatures();
    int m = toy.nHidden();
    float[] w = model.W().data(); // [instance, m, n]
    float[] b = model.b_final().data(); // [instance, n]
    float[] allImportance = importance.data(); // [instance, n]
    double[] p = features.featureProbability();
    double[] losses = evaluationLosses();
    List<InstanceGeometry> instances = new ArrayList<>();
    for (int k = 0; k < toy.nInstances(); k++) {
      float[] wk = Arrays.copyOfRange(w, k * m * n, (k + 1) * m * n); // [m, n]
      float[] bk = Arrays.copyOfRange(b, k * n, (k + 1) * n); // [n]
      float[] ik = Arrays.copyOfRange(allImportance, k * n, (k + 1) * n); // [n]
      instances.add(InstanceGeometry.measure(k, p[k], ik, losses[k], wk, m, n, bk));
    }
    SparseFeaturesConfig task = features.config();
    return new SuperpositionResult(n, m, toy.activation().toString(),
        task.relativeImportances(), toy.restarts(), stepsDone, instances);
  }
}
