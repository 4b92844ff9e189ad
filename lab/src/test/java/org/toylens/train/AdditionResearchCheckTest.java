package org.toylens.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toylens.autograd.NoGrad;
import org.toylens.config.ExperimentConfig;
import org.toylens.runs.MetricSeries;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunStatus;
import org.toylens.runs.RunStore;
import org.toylens.runs.RunsRoot;
import org.toylens.runs.StandardMetrics;
import org.toylens.tasks.AdditionConfig;
import org.toylens.tasks.AdditionTask;
import org.toylens.tasks.Dataset;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Tensor;

/**
 * Research check of the {@code addition} preset: trained as {@code toylens train addition} trains
 * it, the transformer learns multi-digit addition (&gt; 99% of answer digits right on held-out
 * pairs), and the run store holds a separate accuracy and loss curve for every answer digit at
 * every evaluation, which is what shows each digit being learned at its own time (the
 * addition-in-transformers work: the units digit first, the digits that need a carry passed
 * through a 9 last).
 */
class AdditionResearchCheckTest {

  private static final String PRESET = "addition";

  @Test
  void additionPresetLearnsAdditionAndRecordsEveryDigitAtEveryEvaluation(@TempDir Path dir) throws Exception {
    ExperimentConfig config = ExperimentConfig.fromPreset(PRESET);
    AdditionTask task = ((AdditionConfig) config.task()).task();
    assertThat(task.digits()).as("digits per operand: a genuinely multi-digit setup").isGreaterThanOrEqualTo(3);
    int answerDigits = task.digits() + 1;

    RunsRoot root = new RunsRoot(dir);
    TrainingRun.Outcome outcome = TrainingRun.start(config, PRESET, root, ProgressListener.silent(), List.of("train", PRESET));

    long[] evalSteps = evaluationSteps(config.train());
    try (RunStore store = root.openStore()) {
      assertThat(store.findRun(outcome.runId()).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
      Map<String, MetricSeries> metrics = store.metrics(outcome.runId());

      // One accuracy and one loss series per answer digit, per split, at every evaluation step.
      for (String split : List.of("train", "test")) {
        for (int j = 0; j < answerDigits; j++) {
          for (String kind : List.of("accuracy", "loss")) {
            String name = split + "_" + kind + "_" + j;
            assertThat(metrics).as("series %s in the run store", name).containsKey(name);
            assertThat(metrics.get(name).steps()).as("steps of %s", name).isEqualTo(evalSteps);
          }
        }
        assertThat(metrics).as("no digit beyond the %d answer digits", answerDigits)
            .doesNotContainKey(split + "_accuracy_" + answerDigits);
      }

      MetricSeries overall = metrics.get(StandardMetrics.TEST_ACCURACY);
      List<double[]> perDigit = new ArrayList<>();
      for (int j = 0; j < answerDigits; j++) perDigit.add(metrics.get("test_accuracy_" + j).values());
      boolean digitsDiffer = false;
      for (int k = 0; k < evalSteps.length; k++) {
        // Every digit of every example is scored, so the overall accuracy is the digits' mean.
        double mean = 0;
        for (double[] d : perDigit) mean += d[k] / answerDigits;
        assertThat(overall.values()[k]).as("test accuracy at step %d vs mean of its digits", evalSteps[k])
            .isCloseTo(mean, within(1e-9));
        for (double[] d : perDigit) digitsDiffer |= d[k] != perDigit.get(0)[k];
      }
      assertThat(digitsDiffer).as("the per-digit curves are separate measurements, not copies of one").isTrue();

      assertThat(overall.values()[0]).as("test accuracy of the untrained model (chance is 0.1)").isLessThan(0.3);
      double finalAccuracy = overall.last().value();
      assertThat(finalAccuracy).as("final test accuracy over answer digits").isGreaterThan(0.99);
      assertThat(outcome.metrics().get(StandardMetrics.TEST_ACCURACY)).isEqualTo(finalAccuracy);

      // Recount the final per-digit accuracies from the saved weights, digit by digit against the
      // task's ground truth, independently of the trainer's evaluation.
      Trainer restored = new Trainer(config);
      Checkpoints.loadWeights(root.openRunDirectory(outcome.runId()).checkpointFile(config.train().steps()), restored.model());
      double[] recount = digitAccuracies(restored, restored.split().test(), task);
      for (int j = 0; j < answerDigits; j++) {
        double stored = metrics.get("test_accuracy_" + j).last().value();
        assertThat(stored).as("stored final test accuracy of digit %d vs recount", j).isCloseTo(recount[j], within(1e-9));
        assertThat(stored).as("final test accuracy of digit %d", j).isGreaterThan(0.97);
      }
    }
  }

  /** 0, every {@code eval_every} steps, and the last step. */
  private static long[] evaluationSteps(TrainConfig train) {
    List<Long> steps = new ArrayList<>();
    for (long s = 0; s < train.steps(); s += train.evalEvery()) steps.add(s);
    steps.add((long) train.steps());
    return steps.stream().mapToLong(Long::longValue).toArray();
  }

  /** Fraction of examples whose answer digit j the model's argmax gets right, per j. */
  private static double[] digitAccuracies(Trainer trainer, Dataset data, AdditionTask task) {
    int n = data.n(), len = data.inputLength(), out = data.outputLength(), vocab = data.outputVocab();
    float[] logits;
    try (NoGrad ignored = NoGrad.enter()) {
      Tensor t = trainer.model().answerLogits(IntTensor.of(data.inputs(), n, len), data.layout()); // [n, out, vocab]
      logits = t.data();
    }
    double[] right = new double[out];
    for (int i = 0; i < n; i++) {
      int[] truth = task.answer(data.inputRow(i)); // [out]
      for (int j = 0; j < out; j++) {
        int best = 0;
        int o = (i * out + j) * vocab;
        for (int v = 1; v < vocab; v++) if (logits[o + v] > logits[o + best]) best = v;
        if (best == truth[j]) right[j]++;
      }
    }
    for (int j = 0; j < out; j++) right[j] /= n;
    return right;
  }
}
