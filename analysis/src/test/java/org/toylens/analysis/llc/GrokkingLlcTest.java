package org.toylens.analysis.llc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.toylens.config.ExperimentConfig;
import org.toylens.runs.MetricSeries;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunStore;
import org.toylens.runs.RunsRoot;
import org.toylens.runs.StandardMetrics;
import org.toylens.train.TrainingRun;

/**
 * The research check of the LLC along training (devinterp's grokking example, REFERENCE §5): on
 * a run that first memorises and then generalises, the LLC rises while the network memorises and
 * falls as it groks.
 *
 * <p>To run in seconds the run is smaller than devinterp's (an MLP with ReLU on p = 31 instead of
 * GELU on p = 53) and groks faster: 60% of the pairs to train on, AdamW with weight decay 1 and
 * lr 1e-2, full batch. It memorises by step 100 (train accuracy 1, test accuracy ~0) and reaches
 * ~93% test accuracy by step 1200. Everything is seeded, so the numbers are the same on every
 * machine; the margins below are several times what the estimate's seed-to-seed spread moves.
 *
 * <p>The same check on the {@code llc-grok} preset itself (devinterp's example: 25,000 steps,
 * grokking at step ~16,500) and on the {@code grok} transformer (4,000 full-batch steps) with the
 * transformer defaults takes minutes of CPU, nearly all of it training, which is too much for
 * every build: they run with {@code -Dtoylens.researchChecks=true}.
 */
class GrokkingLlcTest {

  static final String RUN = """
      name: grok-llc-check
      seed: 0
      task: {name: modular, op: add, p: 31, equals_token: false, train_fraction: 0.6}
      model: {kind: mlp, d_embed: 16, combine: concat, hidden: [64], act_fn: relu}
      train: {optimizer: adamw, lr: 1.0e-2, weight_decay: 1.0, steps: 1200, batch_size: full, eval_every: 20,
              checkpoints: [0, 60, 100, 200, 400, 1200]}
      """;

  @TempDir Path folder;

  @Test
  void llcRisesDuringMemorisationAndFallsThroughGrokking() throws Exception {
    RunsRoot root = new RunsRoot(folder);
    String id = TrainingRun.start(ExperimentConfig.parse(RUN, "test"), null, root, ProgressListener.silent(), List.of()).runId();
    try (RunStore store = root.openStore()) {
      Map<String, MetricSeries> metrics = store.metrics(id);
      MetricSeries trainAccuracy = metrics.get(StandardMetrics.TRAIN_ACCURACY);
      MetricSeries testAccuracy = metrics.get(StandardMetrics.TEST_ACCURACY);
      // The premise: memorised by step 100, generalised by the end.
      assertThat(at(trainAccuracy, 100)).isEqualTo(1.0);
      assertThat(at(testAccuracy, 100)).isLessThan(0.05);
      assertThat(at(testAccuracy, 1200)).isGreaterThan(0.9);

      RunLlc llc = RunLlc.open(root.openRunDirectory(id), store);
      LlcConfig settings = llc.defaults().withChains(2).withSchedule(RunLlc.MLP_BURN_IN, 100, 1);
      List<CheckpointLlc> rows = llc.estimate(List.copyOf(llc.checkpoints().keySet()), settings,
          ProgressListener.silent()).rows();
      assertThat(rows).noneMatch(CheckpointLlc::failed);

      CheckpointLlc first = rows.get(0);
      CheckpointLlc last = rows.get(rows.size() - 1);
      int peakIndex = 0;
      for (int i = 1; i < rows.size(); i++) if (rows.get(i).mean() > rows.get(peakIndex).mean()) peakIndex = i;
      CheckpointLlc peak = rows.get(peakIndex);
      String trajectory = rows.stream().map(r -> r.step() + ": " + r.mean()).toList().toString();

      // The peak is in the memorisation phase: the training set fitted, the test set not at all.
      assertThat(at(trainAccuracy, peak.step())).as("train accuracy at the LLC peak %s", trajectory).isGreaterThan(0.9);
      assertThat(at(testAccuracy, peak.step())).as("test accuracy at the LLC peak %s", trajectory).isLessThan(0.1);
      // Rise and fall by a clear margin, far beyond the spread over chains.
      assertThat(peak.mean()).as(trajectory).isGreaterThan(2.5 * first.mean()).isGreaterThan(2.5 * last.mean());
      assertThat(peak.mean() - Math.max(first.mean(), last.mean()))
          .as(trajectory).isGreaterThan(5 * (peak.std() + Math.max(first.std(), last.std())));
      // Falling all the way through grokking: below the peak, and never rising from one
      // checkpoint to the next by more than the two estimates' spread over chains.
      for (int i = peakIndex + 1; i < rows.size(); i++) {
        CheckpointLlc before = rows.get(i - 1);
        CheckpointLlc now = rows.get(i);
        assertThat(now.mean()).as(trajectory).isLessThan(peak.mean())
            .isLessThan(before.mean() + before.std() + now.std());
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "toylens.researchChecks", matches = "true")
  void onDevinterpsGrokkingExampleTheLlcPeaksWhileMemorisingAndFallsThroughGrokking() throws Exception {
    RunsRoot root = new RunsRoot(folder);
    String id = TrainingRun.start(ExperimentConfig.fromPreset("llc-grok"), null, root, ProgressListener.silent(), List.of())
        .runId();
    try (RunStore store = root.openStore()) {
      Map<String, MetricSeries> metrics = store.metrics(id);
      MetricSeries trainAccuracy = metrics.get(StandardMetrics.TRAIN_ACCURACY);
      MetricSeries testAccuracy = metrics.get(StandardMetrics.TEST_ACCURACY);
      assertThat(at(trainAccuracy, 2500)).isEqualTo(1.0);
      assertThat(at(testAccuracy, 2500)).isLessThan(0.05);
      assertThat(at(testAccuracy, 25000)).isGreaterThan(0.99);

      // devinterp's settings for this example: ε = 3e-3, nβ = 2, γ = 5, 500 draws (two chains here).
      RunLlc llc = RunLlc.open(root.openRunDirectory(id), store);
      LlcConfig settings = llc.defaults().withEpsilon(3e-3).withNBeta(2).withGamma(5).withChains(2)
          .withSchedule(0, 500, 1);
      List<Long> steps = List.of(0L, 1000L, 2500L, 5000L, 10000L, 15000L, 20000L, 25000L);
      List<CheckpointLlc> rows = llc.estimate(steps, settings, ProgressListener.silent()).rows();
      assertThat(rows).noneMatch(CheckpointLlc::failed);
      String trajectory = rows.stream().map(r -> r.step() + ": " + r.mean()).toList().toString();
      int peakIndex = 0;
      for (int i = 1; i < rows.size(); i++) if (rows.get(i).mean() > rows.get(peakIndex).mean()) peakIndex = i;
      CheckpointLlc peak = rows.get(peakIndex);
      assertThat(at(testAccuracy, peak.step())).as("test accuracy at the LLC peak %s", trajectory).isLessThan(0.1);
      assertThat(at(trainAccuracy, peak.step())).as("train accuracy at the LLC peak %s", trajectory).isGreaterThan(0.9);
      // devinterp's plot: ~21 at the start, ~49 at the peak, ~23 after grokking.
      assertThat(peak.mean()).as(trajectory).isGreaterThan(1.5 * rows.get(0).mean())
          .isGreaterThan(1.5 * rows.get(rows.size() - 1).mean());
      for (int i = peakIndex + 1; i < rows.size(); i++) {
        CheckpointLlc before = rows.get(i - 1);
        CheckpointLlc now = rows.get(i);
        assertThat(now.mean()).as(trajectory).isLessThan(before.mean() + before.std() + now.std());
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "toylens.researchChecks", matches = "true")
  void onTheGrokTransformerTheDefaultLlcPeaksAtMemorisationAndFallsThroughGrokking() throws Exception {
    RunsRoot root = new RunsRoot(folder);
    String id = TrainingRun.start(ExperimentConfig.fromPreset("grok"), null, root, ProgressListener.silent(), List.of())
        .runId();
    try (RunStore store = root.openStore()) {
      Map<String, MetricSeries> metrics = store.metrics(id);
      MetricSeries trainAccuracy = metrics.get(StandardMetrics.TRAIN_ACCURACY);
      MetricSeries testAccuracy = metrics.get(StandardMetrics.TEST_ACCURACY);
      assertThat(at(trainAccuracy, 100)).isEqualTo(1.0);
      assertThat(at(testAccuracy, 100)).isLessThan(0.3);
      assertThat(at(testAccuracy, 4000)).isGreaterThan(0.99);

      RunLlc llc = RunLlc.open(root.openRunDirectory(id), store);
      LlcConfig settings = llc.defaults().withChains(2);
      List<CheckpointLlc> rows = llc.estimate(List.of(0L, 100L, 1000L, 1800L, 2700L, 4000L), settings,
          ProgressListener.silent()).rows();
      assertThat(rows).noneMatch(CheckpointLlc::failed);
      String trajectory = rows.stream().map(r -> r.step() + ": " + r.mean()).toList().toString();
      // Measured: 0.6 at initialisation, 67 at step 100, then 36, 26, 5.3 and 2.1.
      CheckpointLlc memorised = rows.get(1);
      for (CheckpointLlc r : rows) {
        if (r != memorised) assertThat(r.mean()).as(trajectory).isLessThan(memorised.mean());
      }
      assertThat(memorised.mean()).as(trajectory).isGreaterThan(10 * rows.get(0).mean())
          .isGreaterThan(10 * rows.get(rows.size() - 1).mean());
      for (int i = 2; i < rows.size(); i++) {
        CheckpointLlc before = rows.get(i - 1);
        CheckpointLlc now = rows.get(i);
        assertThat(now.mean()).as(trajectory).isLessThan(before.mean() + before.std() + now.std());
      }
      for (CheckpointLlc r : rows.subList(1, rows.size())) assertThat(r.fractionBelow()).as(trajectory).isZero();
    }
  }

  private static double at(MetricSeries series, long step) {
    for (int i = 0; i < series.size(); i++) if (series.steps()[i] == step) return series.values()[i];
    throw new AssertionError("metric " + series.name() + " has no value at step " + step);
  }
}
