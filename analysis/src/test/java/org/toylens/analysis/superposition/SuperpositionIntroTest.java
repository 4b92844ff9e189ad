package org.toylens.analysis.superposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toylens.config.ExperimentConfig;
import org.toylens.io.SafeTensors;
import org.toylens.io.TensorFile;
import org.toylens.runs.MetricSeries;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunDirectory;
import org.toylens.runs.RunStatus;
import org.toylens.runs.RunStore;
import org.toylens.runs.RunsRoot;
import org.toylens.runs.StandardMetrics;

/**
 * The introduction of Toy Models of Superposition, end to end: the {@code toms-intro} preset
 * (5 features of importance 0.9^i in 2 dimensions, 10 feature probabilities from 1 to 0.05),
 * trained into a run directory.
 *
 * <p>The paper's settings as the preset has them (10,000 AdamW steps at lr 1e-3, batch 1024,
 * seed 0): the fused training step makes them cheap enough for a test. Only the checkpoint and
 * evaluation schedules are thinned.
 */
class SuperpositionIntroTest {

  private static final List<String> PRESET_TRAINING = List.of(
      "train.checkpoint_every=5000", "train.eval_every=1000");

  @Test
  void denseKeepsTwoOrthogonalFeaturesAndSparseMakesAPentagon(@TempDir Path folder)
      throws IOException {
    RunsRoot root = new RunsRoot(folder);
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro", PRESET_TRAINING);
    assertThat(config.train().steps()).isEqualTo(10_000);
    assertThat(config.train().lr()).isEqualTo(1e-3);
    assertThat(config.seed()).isZero();

    SuperpositionRun.Outcome outcome =
        SuperpositionRun.start(config, "toms-intro", root, ProgressListener.silent(), List.of());
    SuperpositionResult result = outcome.result();

    assertThat(result.instances()).hasSize(10);
    InstanceGeometry dense = result.instances().get(0);
    InstanceGeometry sparse = result.instances().get(9);
    assertThat(dense.featureProbability()).isEqualTo(1.0);
    assertThat(sparse.featureProbability()).isCloseTo(0.05, within(1e-12));

    // Dense: the two most important features, each on its own dimension; the rest dropped.
    assertThat(dense.representedFeatures()).containsExactly(0, 1);
    double cosine = dense.gram()[1] / (dense.norms()[0] * dense.norms()[1]);
    assertThat(Math.abs(cosine)).as("cos(W_0, W_1)").isLessThan(0.05);
    assertThat(dense.norms()[0]).isCloseTo(1, within(0.05));
    assertThat(dense.norms()[1]).isCloseTo(1, within(0.05));
    for (int i = 2; i < 5; i++) assertThat(dense.norms()[i]).as("‖W_%d‖", i).isLessThan(0.2);
    assertThat(dense.representedDimensionalities()).allSatisfy(d -> assertThat(d).isGreaterThan(0.95));
    assertThat(dense.dimensionsPerFeature()).isGreaterThan(0.9);

    // Sparse: all five, a regular pentagon, so every D_i is near 2/5 and D* too.
    assertThat(sparse.representedFeatures()).containsExactly(0, 1, 2, 3, 4);
    assertThat(sparse.representedDimensionalities())
        .allSatisfy(d -> assertThat(d).isCloseTo(0.4, within(0.03)));
    // Norms a little above 1 (the bias pays for interference), so D* just under 2/5.
    assertThat(sparse.dimensionsPerFeature()).isBetween(0.25, 0.42);
    assertThat(sparse.loss()).isLessThan(dense.loss());
  }

  @Test
  void linearModelHoldsOnlyAsManyFeaturesAsDimensionsEvenWhenSparse() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro", List.of(
        "train.steps=1500", "train.lr=1e-2", "seed=2", "model.activation=linear"));
    SuperpositionExperiment experiment = new SuperpositionExperiment(config);
    experiment.train(null, null, ProgressListener.silent());

    InstanceGeometry sparse = experiment.measure().instances().get(9);

    // Without the ReLU, interference cannot be filtered out: no superposition (the paper's
    // linear model keeps the m most important features).
    assertThat(sparse.representedFeatures()).containsExactly(0, 1);
    assertThat(sparse.representedDimensionalities()).allSatisfy(d -> assertThat(d).isGreaterThan(0.95));
  }

  @Test
  void runDirectoryHoldsConfigWeightsTablesAndTheLossCurve(@TempDir Path folder)
      throws IOException {
    RunsRoot root = new RunsRoot(folder);
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro", List.of(
        "train.steps=40", "train.eval_every=10", "train.checkpoint_every=20", "seed=5"));

    SuperpositionRun.Outcome outcome =
        SuperpositionRun.start(config, "toms-intro", root, ProgressListener.silent(), List.of("x"));

    RunDirectory run = root.openRunDirectory(outcome.runId());
    assertThat(ExperimentConfig.parse(run.readConfig().orElseThrow(), "config.yaml")).isEqualTo(config);
    assertThat(run.readProvenance().orElseThrow().seed()).isEqualTo(5);
    TensorFile last = SafeTensors.read(run.checkpointFile(40));
    assertThat(last.tensor("W").dims()).containsExactly(10, 2, 5);
    assertThat(last.tensor("b_final").dims()).containsExactly(10, 5);
    assertThat(Files.exists(run.checkpointFile(20))).isTrue();
    for (String table : List.of(SuperpositionTables.INSTANCES_CSV, SuperpositionTables.FEATURES_CSV,
        SuperpositionTables.JSON, SuperpositionTables.GRAM)) {
      assertThat(run.analysisDir().resolve(table)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(run.analysisDir().resolve(SuperpositionTables.INSTANCES_CSV)))
        .hasSize(11);
    assertThat(Files.readAllLines(run.analysisDir().resolve(SuperpositionTables.FEATURES_CSV)))
        .hasSize(51);
    TensorFile gram = SafeTensors.read(run.analysisDir().resolve(SuperpositionTables.GRAM));
    assertThat(gram.tensor("gram").dims()).containsExactly(10, 5, 5);
    // The saved W gives the saved Gram matrix: W_0·W_1 of instance 3.
    float[] w = last.tensor("W").data(); // [10, 2, 5]
    double dot = w[3 * 10] * w[3 * 10 + 1] + w[3 * 10 + 5] * w[3 * 10 + 6];
    assertThat((double) gram.tensor("gram").data()[3 * 25 + 1]).isCloseTo(dot, within(1e-6));
    try (RunStore store = root.openStore()) {
      assertThat(store.findRun(outcome.runId()).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
      MetricSeries loss = store.metric(outcome.runId(), StandardMetrics.TRAIN_LOSS);
      assertThat(loss.steps()).containsExactly(10L, 20L, 30L, 40L);
      assertThat(store.analyses(outcome.runId(), SuperpositionRun.KIND)).hasSize(40);
    }
  }

  @Test
  void theSeedFixesTheWeightsAndTheThreadCountDoesNot() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro", List.of("train.steps=30"));
    float[] one = trained(config, 1);
    float[] two = trained(config, 2);
    float[] otherSeed = trained(config.withOverrides(List.of("seed=1")), 2);

    assertThat(two).containsExactly(one);
    assertThat(otherSeed).isNotEqualTo(one);
  }

  @Test
  void measuringASavedRunGivesTheResultItFinishedWith(@TempDir Path folder) throws IOException {
    RunsRoot root = new RunsRoot(folder);
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro",
        List.of("train.steps=20", "train.checkpoint_every=10"));
    SuperpositionRun.Outcome trained =
        SuperpositionRun.start(config, null, root, ProgressListener.silent(), List.of());

    SuperpositionRun.Outcome measured = SuperpositionRun.measureSaved(root, trained.runId());

    assertThat(measured.result().steps()).isEqualTo(20);
    assertThat(SuperpositionTables.json(measured.result()))
        .isEqualTo(SuperpositionTables.json(trained.result()));
  }

  private static float[] trained(ExperimentConfig config, int threads) {
    float[][] out = new float[1][];
    org.toylens.tensor.Parallel.withThreads(threads, () -> {
      SuperpositionExperiment experiment = new SuperpositionExperiment(config);
      experiment.train(null, null, ProgressListener.silent());
      out[0] = experiment.model().W().data().clone();
    });
    return out[0];
  }
}
