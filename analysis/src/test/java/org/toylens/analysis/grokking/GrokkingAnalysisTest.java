package org.toylens.analysis.grokking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.toylens.analysis.fourier.KeyFrequencies;
import org.toylens.config.ExperimentConfig;
import org.toylens.runs.AnalysisEntry;
import org.toylens.runs.MetricSeries;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunDirectory;
import org.toylens.runs.RunStore;
import org.toylens.runs.RunsRoot;
import org.toylens.tensor.Parallel;
import org.toylens.train.TrainingRun;

/**
 * End to end: a small modular-addition transformer that groks within a few hundred steps, then
 * the analysis of all its checkpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrokkingAnalysisTest {

  /**
   * p = 31 with 60% of the pairs to train on and lr 1e-2 (a smaller model than the demo's): memorises
   * within 50 steps and passes 99% test accuracy around step 300 (seed 0); 500 steps leave margin.
   */
  static final List<String> FAST_GROKKING = List.of("task.p=31", "task.train_fraction=0.6", "train.lr=1e-2",
      "model.d_model=64", "model.d_head=16", "model.d_mlp=256", "train.steps=500", "train.eval_every=25",
      "train.checkpoint_every=25");

  RunsRoot root;
  String runId;
  GrokkingAnalysisResult result;

  @BeforeAll
  void trainAndAnalyse(@TempDir Path folder) throws Exception {
    root = new RunsRoot(folder);
    ExperimentConfig config = ExperimentConfig.fromPreset("grok", FAST_GROKKING);
    runId = TrainingRun.start(config, "grok", root, ProgressListener.silent(), List.of()).runId();
    result = GrokkingAnalysis.analyze(root, runId, ProgressListener.silent());
  }

  @Test
  void smallPrimeRunIsFoundToHaveGrokkedAfterMemorising() {
    GrokkingAnalysisSummary s = result.summary();
    assertThat(s.grokked()).isTrue();
    assertThat(s.memorisedStep()).isNotNull();
    assertThat(s.grokkedStep()).isGreaterThan(s.memorisedStep());
    assertThat(s.grokkingDelay()).isEqualTo(s.grokkedStep() - s.memorisedStep());
    assertThat(s.finalTestAccuracy()).isGreaterThanOrEqualTo(0.99);
    // The landmarks are the first checkpoints past the thresholds.
    ProgressMeasuresTable t = result.table();
    for (ProgressMeasures r : t.rows()) {
      if (r.step() < s.grokkedStep()) assertThat(r.testAccuracy()).isLessThan(0.99);
      if (r.step() < s.memorisedStep()) assertThat(r.trainAccuracy()).isLessThan(0.99);
    }
  }

  @Test
  void finalModelUsesAFewKeyFrequenciesEachCarriedByManyNeurons() {
    GrokkingAnalysisSummary s = result.summary();
    assertThat(s.keyFrequencies()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
    assertThat(s.keyFrequencies()).isSorted().allSatisfy(k -> assertThat(k).isBetween(1, 15));
    int minNeurons = KeyFrequencies.defaultMinNeurons(256);
    assertThat(s.keyFrequencyNeurons()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(minNeurons));
    assertThat(result.neurons()).hasSize(256);
    long clean = result.neurons().stream()
        .filter(n -> n.fraction() >= KeyFrequencies.DEFAULT_THRESHOLD && s.keyFrequencies().contains(n.frequency()))
        .count();
    assertThat(clean).isEqualTo(s.keyFrequencyNeurons().stream().mapToLong(Integer::longValue).sum());
  }

  @Test
  void restrictedLossIsLowAndExcludedLossHighOnceGrokked() {
    GrokkingAnalysisSummary s = result.summary();
    // The final model computes the answer with its key frequencies: keeping only them keeps the
    // test loss low, removing them destroys the train loss.
    assertThat(s.finalRestrictedLoss()).isLessThan(s.lossThreshold());
    assertThat(s.finalExcludedLoss()).isGreaterThan(1.0);
    assertThat(s.restrictedLossStep()).isNotNull();
    assertThat(s.restrictedLossStep()).isLessThanOrEqualTo(s.testLossStep());
  }

  @Test
  void recomputedLossAndAccuracyMatchWhatTheTrainerLogged() {
    try (RunStore store = root.openStore()) {
      Map<String, MetricSeries> logged = store.metrics(runId);
      for (ProgressMeasures r : result.table().rows()) {
        int i = indexOf(logged.get("test_loss").steps(), r.step());
        assertThat(r.testLoss()).isCloseTo(logged.get("test_loss").values()[i], within(1e-4 + 1e-3 * r.testLoss()));
        assertThat(r.trainLoss()).isCloseTo(logged.get("train_loss").values()[i], within(1e-4 + 1e-3 * r.trainLoss()));
        assertThat(r.testAccuracy()).isCloseTo(logged.get("test_accuracy").values()[i], within(2e-3));
        assertThat(r.trainAccuracy()).isCloseTo(logged.get("train_accuracy").values()[i], within(2e-3));
        assertThat(r.weightNormSquared()).isCloseTo(logged.get("weight_norm_sq").values()[i], within(1e-6 * r.weightNormSquared()));
      }
    }
  }

  @Test
  void cleanupMakesTheNeuronLogitMapSparseInFourier() {
    ProgressMeasuresTable t = result.table();
    assertThat(t.last().giniNeuronLogits()).isGreaterThan(t.rows().get(0).giniNeuronLogits() + 0.2);
    assertThat(t.last().giniEmbedding()).isGreaterThan(t.rows().get(0).giniEmbedding() + 0.2);
    assertThat(t.last().weightNormSquared()).isLessThan(t.rows().stream()
        .mapToDouble(ProgressMeasures::weightNormSquared).max().orElseThrow());
  }

  @Test
  void writesTheTableNeuronsAndSummaryThatReadBackEqual() throws Exception {
    RunDirectory run = root.openRunDirectory(runId);
    assertThat(run.analysisDir().resolve(GrokkingAnalysis.TABLE_FILE)).exists();
    assertThat(run.analysisDir().resolve(GrokkingAnalysis.NEURONS_FILE)).exists();
    assertThat(result.table().size()).isEqualTo(500 / 25 + 1);
    GrokkingAnalysisResult read = GrokkingAnalysis.read(run).orElseThrow();
    assertThat(read.summary()).isEqualTo(result.summary());
    assertThat(read.table().rows()).isEqualTo(result.table().rows());
    assertThat(read.neurons()).isEqualTo(result.neurons());
    String json = Files.readString(run.analysisDir().resolve(GrokkingAnalysis.SUMMARY_FILE));
    assertThat(json).contains("\"grokked\" : true", "\"memorised_step\"", "\"key_frequencies\"",
        "\"restricted_loss_step\"", "\"test_loss_step\"", "\"final_test_loss\"", "\"final_test_accuracy\"");
  }

  @Test
  void recordsEveryMeasureAndTheSummaryInTheRunStore() {
    try (RunStore store = root.openStore()) {
      List<AnalysisEntry> entries = store.analyses(runId, GrokkingAnalysis.KIND);
      long restricted = entries.stream().filter(e -> e.name().equals("restricted_loss")).count();
      assertThat(restricted).isEqualTo(result.table().size());
      AnalysisEntry summary = entries.stream().filter(e -> e.name().equals("summary")).findFirst().orElseThrow();
      assertThat(summary.step()).isEqualTo(result.summary().finalStep());
      assertThat(summary.json()).isEqualTo(GrokkingAnalysis.toJson(result.summary()));
    }
  }

  @Test
  void tableDoesNotDependOnTheThreadCount(@TempDir Path copy) throws Exception {
    // Analysed again from a copy of the run (files only, no store), once on one thread and once on
    // three: every checkpoint's measures are bitwise those of the first analysis.
    Path source = root.openRunDirectory(runId).path();
    try (var files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(runId).resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else if (!f.startsWith(source.resolve(RunDirectory.ANALYSIS))) Files.copy(f, target);
      }
    }
    RunDirectory run = new RunsRoot(copy).openRunDirectory(runId);
    for (int threads : new int[] {1, 3}) {
      GrokkingAnalysisResult[] again = new GrokkingAnalysisResult[1];
      Parallel.withThreads(threads, () -> {
        try {
          again[0] = GrokkingAnalysis.analyze(run, null, ProgressListener.silent());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertThat(again[0].table().rows()).as("%d threads", threads).isEqualTo(result.table().rows());
      assertThat(again[0].neurons()).isEqualTo(result.neurons());
    }
  }

  @Test
  void refusesTasksOtherThanModularAddition() {
    ExperimentConfig subtraction = ExperimentConfig.fromPreset("grok", List.of("task.op=sub", "task.p=7"));
    assertThatThrownBy(() -> GrokkingAnalysisModel.of(subtraction))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("task.op:");
    ExperimentConfig twoLayers = ExperimentConfig.fromPreset("grok", List.of("model.n_layers=2", "task.p=7"));
    assertThatThrownBy(() -> GrokkingAnalysisModel.of(twoLayers))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("model.n_layers:");
  }

  private static int indexOf(long[] steps, long step) {
    for (int i = 0; i < steps.length; i++) if (steps[i] == step) return i;
    throw new AssertionError("no logged metric at step " + step);
  }
}
