package org.toylens.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toylens.config.ExperimentConfig;
import org.toylens.runs.AtomicFiles;
import org.toylens.runs.CheckpointInfo;
import org.toylens.runs.MetricSeries;
import org.toylens.runs.RunInfo;
import org.toylens.runs.RunStatus;
import org.toylens.runs.RunStore;
import org.toylens.runs.RunsRoot;
import org.toylens.runs.StandardMetrics;

/**
 * A real training run in a child JVM writes the run store while this process reads it, as
 * {@code toylens show} or a dashboard does while {@code toylens train} runs: every read succeeds
 * (no "database is locked"), the reader sees the run grow through intermediate states, each
 * evaluation appears whole, and every indexed checkpoint is already complete on disk.
 */
class ReadWhileTrainingTest {

  private static final String YAML = """
      seed: 5
      task: {name: modular, op: add, p: 11, train_fraction: 0.5}
      model: {kind: transformer, n_layers: 1, d_model: 16, n_heads: 2, d_mlp: 32, act_fn: relu, normalization: none}
      train: {optimizer: adamw, lr: 3.0e-3, weight_decay: 1.0, betas: [0.9, 0.98], steps: 300,
              batch_size: 16, checkpoint_every: 50, eval_every: 10}
      """;

  /** Pause per training step in the child, so that the run lasts long enough to be watched. */
  private static final String CHILD_PAUSE_MILLIS = "2";

  @Test
  void anotherProcessReadsMetricsAndCheckpointsWhileTheRunTrains(@TempDir Path dir) throws Exception {
    ExperimentConfig config = ExperimentConfig.parse(YAML, "test");
    RunsRoot root = new RunsRoot(dir.resolve("runs"));
    Path childLog = dir.resolve("child.log");
    List<Long> expectedCheckpoints = new ArrayList<>();
    for (int s : config.train().checkpointSteps()) expectedCheckpoints.add((long) s);
    int every = config.train().evalEvery();
    long[] evalSteps = LongStream.rangeClosed(0, config.train().steps() / every).map(k -> k * every).toArray(); // steps is a multiple

    try (RunStore reader = root.openStore()) { // the reader is there first, as a dashboard would be
      Process child = new ProcessBuilder(
              javaBinary(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
              TrainerProcess.class.getName(), root.path().toString(), YAML, CHILD_PAUSE_MILLIS)
          .redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
      try {
        String id = awaitRun(reader, child, childLog);
        Path runDir = root.openRunDirectory(id).path();

        TreeSet<Long> rowCountsWhileTraining = new TreeSet<>();
        TreeSet<Integer> checkpointCountsWhileTraining = new TreeSet<>();
        Set<Long> verifiedCheckpoints = new HashSet<>();
        long previousRows = 0;
        int previousCheckpoints = 0;
        int reads = 0;
        while (child.isAlive()) {
          // Every few polls a fresh connection, as each `toylens show` opens the store anew.
          boolean fresh = reads++ % 4 == 3;
          RunStore store = fresh ? root.openStore() : reader;
          try {
            long rows = store.metricCount(id);
            Map<String, MetricSeries> series = store.metrics(id);
            List<CheckpointInfo> checkpoints = store.checkpoints(id);
            RunInfo run = store.findRun(id).orElseThrow();

            assertThat(rows).as("metric rows never go backwards").isGreaterThanOrEqualTo(previousRows);
            assertThat(checkpoints.size()).as("checkpoints never disappear").isGreaterThanOrEqualTo(previousCheckpoints);
            assertThat(run.status()).as("run status while the child lives").isIn(RunStatus.RUNNING, RunStatus.FINISHED);
            // An evaluation is one transaction: every metric has the same steps, so none is half-logged.
            if (!series.isEmpty()) {
              long[] steps = series.get(StandardMetrics.TEST_ACCURACY).steps();
              assertThat(series.values()).allSatisfy(s -> assertThat(s.steps()).as(s.name()).isEqualTo(steps));
              assertThat(steps).as("evaluation steps so far").isEqualTo(Arrays.copyOf(evalSteps, steps.length));
            }
            // A checkpoint is indexed only after its file is complete: the checksum already matches.
            for (CheckpointInfo c : checkpoints) {
              if (verifiedCheckpoints.add(c.step())) {
                assertThat(AtomicFiles.sha256(runDir.resolve(c.file()))).as("checkpoint %d on disk", c.step()).isEqualTo(c.sha256());
              }
            }
            if (run.status() == RunStatus.RUNNING) {
              rowCountsWhileTraining.add(rows);
              checkpointCountsWhileTraining.add(checkpoints.size());
            }
            previousRows = rows;
            previousCheckpoints = checkpoints.size();
          } finally {
            if (fresh) store.close();
          }
          Thread.sleep(2); // poll, but leave the (shared) cores to the trainer
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child exit code; its output: %s", Files.readString(childLog)).isZero();

        Map<String, MetricSeries> series = reader.metrics(id);
        assertThat(series).containsKeys(StandardMetrics.TRAIN_LOSS, StandardMetrics.TEST_LOSS,
            StandardMetrics.TRAIN_ACCURACY, StandardMetrics.TEST_ACCURACY);
        assertThat(series.values()).allSatisfy(s -> assertThat(s.steps()).as(s.name()).isEqualTo(evalSteps));
        long totalRows = (long) series.size() * evalSteps.length;
        assertThat(reader.metricCount(id)).isEqualTo(totalRows);
        assertThat(reader.checkpoints(id)).extracting(CheckpointInfo::step).isEqualTo(expectedCheckpoints);
        assertThat(reader.findRun(id).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);

        // Intermediate states: partial row counts and partial checkpoint indexes seen mid-run.
        Set<Long> partialRows = rowCountsWhileTraining.subSet(1L, totalRows);
        assertThat(partialRows).as("row counts seen while training (%d reads)", reads).hasSizeGreaterThanOrEqualTo(2);
        assertThat(checkpointCountsWhileTraining.subSet(1, expectedCheckpoints.size()))
            .as("checkpoint counts seen while training").hasSizeGreaterThanOrEqualTo(2);
      } finally {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The id of the child's run, once it has registered it in the store. */
  private static String awaitRun(RunStore reader, Process child, Path childLog) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      List<RunInfo> runs = reader.listRuns();
      if (!runs.isEmpty()) return runs.get(0).id();
      if (!child.isAlive()) {
        throw new AssertionError("the training process ended before registering its run; its output: " + Files.readString(childLog));
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the training process registered no run within 120 s");
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }
}
