package org.toylens.analysis.grokking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.toylens.analysis.fourier.FourierBasis;
import org.toylens.analysis.fourier.FourierSpectrum;
import org.toylens.analysis.fourier.KeyFrequencies;
import org.toylens.analysis.fourier.NeuronFourierAnalysis;
import org.toylens.analysis.fourier.NeuronFrequency;
import org.toylens.analysis.fourier.SumFrequencyDirections;
import org.toylens.config.ExperimentConfig;
import org.toylens.runs.AnalysisEntry;
import org.toylens.runs.AtomicFiles;
import org.toylens.runs.ProgressListener;
import org.toylens.runs.RunDirectory;
import org.toylens.runs.RunStore;
import org.toylens.runs.RunsRoot;
import org.toylens.tasks.Dataset;
import org.toylens.tasks.Split;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.train.Trainer;

/**
 * The grokking analysis of a run: the progress measures of Nanda et al. (2023) at every
 * checkpoint, the key frequencies of the final model, the phases of training, and the Clock and
 * Pizza metrics of the final model (Zhong et al. 2023).
 *
 * <p>How (as the paper does it): the key frequencies are found once, at the <em>final</em>
 * checkpoint ({@link KeyFrequencies#detect}); the restricted and excluded losses of every
 * checkpoint keep or remove those same frequencies, so the curves show when the final algorithm
 * appears. Each checkpoint costs one pass over all p² inputs at the answer position
 * ({@link AllPairsForward}); train and test loss and accuracy are recomputed from its logits (in
 * double), so every column of the table comes from the same pass. Train and test pairs are the
 * run's own split, regenerated from its seed. Checkpoints are measured in parallel, one per thread,
 * with results that do not depend on the thread count.
 *
 * <p>Writes into the run's {@code analysis/} folder:
 * <ul>
 *   <li>{@value #TABLE_FILE}: {@link ProgressMeasures} per checkpoint;
 *   <li>{@value #NEURONS_FILE}: neuron, frequency, fraction of the final model;
 *   <li>{@value #SUMMARY_FILE}: the {@link GrokkingAnalysisSummary} with snake_case keys;
 * </ul>
 * and into the run store's analyses (kind {@value #KIND}): every measure at every step, the
 * summary and the neurons as JSON at the final step.
 */
public final class GrokkingAnalysis {

  /** The analyses kind in the run store. */
  public static final String KIND = "grokking";
  public static final String TABLE_FILE = "grokking.csv";
  public static final String NEURONS_FILE = "grokking-neurons.csv";
  public static final String SUMMARY_FILE = "grokking.json";
  /** Random (a, b, c) triples for the gradient symmetricity. */
  public static final int SYMMETRICITY_SAMPLES = 256;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private GrokkingAnalysis() {}

  /** Analyses run {@code runId} under {@code root} and writes the results (see the class docs). */
  public static GrokkingAnalysisResult analyze(RunsRoot root, String runId, ProgressListener progress)
      throws IOException {
    RunDirectory run = root.openRunDirectory(runId);
    try (RunStore store = root.openStore()) {
      return analyze(run, store, progress);
    }
  }

  /** Analyses {@code run}, recording into {@code store} (may be null to write only files). */
  public static GrokkingAnalysisResult analyze(RunDirectory run, RunStore store, ProgressListener progress)
      throws IOException {
    long started = System.nanoTime();
    String yaml = run.readConfig().orElseThrow(() -> new IllegalArgumentException(
        "run " + run.id() + " has no " + RunDirectory.CONFIG_FILE + " in " + run.path() + "; it cannot be analysed"));
    ExperimentConfig config = ExperimentConfig.parse(yaml, run.configFile().toString());
    GrokkingAnalysisModel model = GrokkingAnalysisModel.of(config);
    NavigableMap<Long, Path> checkpoints = run.checkpointFiles(store);
    if (checkpoints.isEmpty()) {
      throw new IllegalArgumentException("run " + run.id() + " has no checkpoints in " + run.checkpointsDir()
          + "; train with checkpoint_every set to analyse it");
    }
    int p = model.p();
    Split split = new Trainer(config).split();
    int[] trainRows = rowsOf(split.train(), p); // [n_train], row a·p + b of each train pair
    int[] testRows = rowsOf(split.test(), p); // [n_test]
    int[] labels = LogitReadout.additionLabels(p); // [p*p], (a + b) mod p
    FourierBasis basis = FourierBasis.of(p);

    List<ProgressMeasures> rows;
    KeyFrequencies keys;
    List<NeuronFrequency> neurons;
    double distanceIrrelevance;
    double symmetricity;
    progress.begin("grokking analysis", 0, checkpoints.size());
    try {
      // The final checkpoint first: its neurons decide the key frequencies for every other one.
      long finalStep = checkpoints.lastKey();
      model.load(checkpoints.get(finalStep));
      GrokkingAnalysisModel.AllInputs finalRun = model.runAllInputs(false);
      neurons = NeuronFourierAnalysis.of(basis, finalRun.neuronActs(), model.dMlp()).neurons();
      keys = KeyFrequencies.detect(neurons);
      progress.note("key frequencies of the final model (step " + finalStep + "): "
          + (keys.size() == 0 ? "none" : Arrays.toString(keys.frequencies())));
      LogitReadout finalReadout = model.readout(finalRun);
      distanceIrrelevance = DistanceIrrelevance.fromLogits(p, finalReadout.logits());
      symmetricity = model.gradientSymmetricity(SYMMETRICITY_SAMPLES,
          Rng.of(config.seed()).split("gradient-symmetricity"));

      Measure measure = new Measure(basis,
          keys.size() == 0 ? null : SumFrequencyDirections.of(p, keys.frequencies()), labels, trainRows, testRows);
      ProgressMeasures finalRow = measure.of(finalStep, model, finalReadout);
      progress.step(1, Double.NaN);
      rows = measureAll(config, checkpoints.headMap(finalStep, false), measure, progress);
      rows.add(finalRow);
    } finally {
      progress.close();
    }

    ProgressMeasuresTable table = new ProgressMeasuresTable(rows);
    GrokkingPhases phases = PhaseBoundaries.detect(table.curves());
    Path tableFile = run.analysisDir().resolve(TABLE_FILE);
    GrokkingAnalysisSummary summary = summarise(run.id(), p, table, phases, keys, neurons,
        symmetricity, distanceIrrelevance, tableFile, (System.nanoTime() - started) / 1e9);
    GrokkingAnalysisResult result = new GrokkingAnalysisResult(summary, table, neurons);
    write(run, store, result);
    return result;
  }

  /** The results of an earlier analysis of {@code run}, if its files are all there. */
  public static Optional<GrokkingAnalysisResult> read(RunDirectory run) throws IOException {
    Path summaryFile = run.analysisDir().resolve(SUMMARY_FILE);
    Path tableFile = run.analysisDir().resolve(TABLE_FILE);
    Path neuronsFile = run.analysisDir().resolve(NEURONS_FILE);
    if (!Files.isRegularFile(summaryFile) || !Files.isRegularFile(tableFile) || !Files.isRegularFile(neuronsFile)) {
      return Optional.empty();
    }
    GrokkingAnalysisSummary summary;
    try {
      summary = JSON.readValue(summaryFile.toFile(), GrokkingAnalysisSummary.class);
    } catch (IOException e) {
      throw new IOException(summaryFile + ": not a grokking summary: " + e.getMessage(), e);
    }
    return Optional.of(new GrokkingAnalysisResult(summary, ProgressMeasuresTable.read(tableFile), readNeurons(neuronsFile)));
  }

  /** The summary as the JSON text written to {@value #SUMMARY_FILE}. */
  public static String toJson(GrokkingAnalysisSummary summary) {
    try {
      return JSON.writeValueAsString(summary);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the grokking summary as JSON: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------ measuring

  /** Checkpoints measured per round between progress reports (rounds run in parallel inside). */
  private static final int CHECKPOINTS_PER_ROUND = 8;

  /**
   * The progress measures of every checkpoint in {@code checkpoints}, in step order. Checkpoints are
   * independent, so they are spread over the engine's threads, one checkpoint per task with its own
   * copy of the model; each is computed start to end on one thread (kernels called from a worker run
   * serially), so the table does not depend on the thread count.
   */
  private static List<ProgressMeasures> measureAll(ExperimentConfig config, NavigableMap<Long, Path> checkpoints,
      Measure measure, ProgressListener progress) throws IOException {
    List<Map.Entry<Long, Path>> todo = new ArrayList<>(checkpoints.entrySet());
    ProgressMeasures[] out = new ProgressMeasures[todo.size()];
    ConcurrentLinkedQueue<GrokkingAnalysisModel> models = new ConcurrentLinkedQueue<>();
    for (int from = 0; from < todo.size(); from += CHECKPOINTS_PER_ROUND) {
      int first = from;
      int n = Math.min(CHECKPOINTS_PER_ROUND, todo.size() - from);
      try {
        Parallel.forRange(n, 1, (lo, hi) -> {
          for (int i = first + lo; i < first + hi; i++) {
            GrokkingAnalysisModel model = models.poll();
            if (model == null) model = GrokkingAnalysisModel.of(config);
            Map.Entry<Long, Path> checkpoint = todo.get(i);
            try {
              model.load(checkpoint.getValue());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            out[i] = measure.of(checkpoint.getKey(), model, model.readout(model.runAllInputs(false)));
            models.add(model);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      progress.step(from + n + 1, Double.NaN);
    }
    return new ArrayList<>(Arrays.asList(out));
  }

  /**
   * Computes the progress measures of one checkpoint from its forward pass. Immutable and shared
   * by the threads: the basis, the key-frequency directions and the split are built once.
   */
  private record Measure(FourierBasis basis, SumFrequencyDirections directions, int[] labels,
      int[] trainRows, int[] testRows) {

    ProgressMeasures of(long step, GrokkingAnalysisModel model, LogitReadout readout) {
      int p = readout.p();
      double[] logits = readout.logits(); // [p*p, p]
      double restricted = Double.NaN;
      double excluded = Double.NaN;
      if (directions != null) {
        KeyFrequencyAblation ablation = KeyFrequencyAblation.of(readout, directions);
        restricted = ablation.restrictedLoss(labels, testRows);
        excluded = ablation.excludedLoss(labels, trainRows);
      }
      double giniEmbedding = GiniCoefficient.of(
          FourierSpectrum.ofEmbedding(basis, model.numberEmbeddings(), model.dModel()).frequencyNorms());
      double giniNeuronLogits = GiniCoefficient.of(
          FourierSpectrum.ofNeuronLogitMap(basis, readout.neuronLogitMap(), model.dMlp()).frequencyNorms());
      return new ProgressMeasures(step,
          CrossEntropy.meanLoss(logits, p, labels, trainRows),
          CrossEntropy.meanLoss(logits, p, labels, testRows),
          CrossEntropy.accuracy(logits, p, labels, trainRows),
          CrossEntropy.accuracy(logits, p, labels, testRows),
          restricted, excluded, giniEmbedding, giniNeuronLogits, model.weightNormSquared());
    }
  }

  /** Row a·p + b of every example of a modular dataset (inputs [a, b(, =)]). */
  static int[] rowsOf(Dataset data, int p) {
    int len = data.inputLength();
    int[] inputs = data.inputs();
    int[] rows = new int[data.n()];
    for (int i = 0; i < rows.length; i++) rows[i] = inputs[i * len] * p + inputs[i * len + 1];
    return rows;
  }


  // ------------------------------------------------------------------------------ results

  private static GrokkingAnalysisSummary summarise(String runId, int p, ProgressMeasuresTable table,
      GrokkingPhases phases, KeyFrequencies keys, List<NeuronFrequency> neurons, double symmetricity,
      double distanceIrrelevance, Path tableFile, double seconds) {
    ProgressMeasures last = table.last();
    List<Integer> freqs = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      freqs.add(keys.frequencies()[i]);
      counts.add(keys.neuronCounts()[i]);
    }
    long clean = neurons.stream().filter(n -> n.frequency() > 0 && n.fraction() >= keys.threshold()).count();
    return new GrokkingAnalysisSummary(runId, p, table.size(), last.step(), phases.grokked(),
        boxed(phases.memorisedStep()), boxed(phases.grokkedStep()), boxed(phases.grokkingDelay()),
        boxed(phases.restrictedLossStep()), boxed(phases.testLossStep()),
        boxed(phases.cleanupStartStep()), boxed(phases.cleanupEndStep()),
        phases.rule().accuracyThreshold(), phases.rule().lossThreshold(), freqs, counts,
        (double) clean / neurons.size(), last.trainLoss(), last.testLoss(), last.trainAccuracy(),
        last.testAccuracy(), last.restrictedLoss(), last.excludedLoss(), symmetricity,
        distanceIrrelevance, tableFile.toString(), seconds);
  }

  private static Long boxed(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }

  private static void write(RunDirectory run, RunStore store, GrokkingAnalysisResult result) throws IOException {
    Files.createDirectories(run.analysisDir());
    result.table().write(run.analysisDir().resolve(TABLE_FILE));
    AtomicFiles.writeString(run.analysisDir().resolve(NEURONS_FILE), neuronsCsv(result.neurons()));
    String summaryJson = toJson(result.summary());
    AtomicFiles.writeString(run.analysisDir().resolve(SUMMARY_FILE), summaryJson + "\n");
    if (store == null) return;
    List<AnalysisEntry> entries = new ArrayList<>();
    List<String> names = ProgressMeasures.COLUMNS.subList(1, ProgressMeasures.COLUMNS.size());
    for (ProgressMeasures row : result.table().rows()) {
      double[] values = row.values();
      for (int i = 0; i < values.length; i++) entries.add(AnalysisEntry.ofValue(KIND, row.step(), names.get(i), values[i]));
    }
    long last = result.table().last().step();
    entries.add(AnalysisEntry.ofJson(KIND, last, "summary", summaryJson));
    entries.add(AnalysisEntry.ofJson(KIND, last, "neurons", neuronsJson(result.neurons())));
    store.recordAnalyses(run.id(), entries);
  }

  private static String neuronsCsv(List<NeuronFrequency> neurons) {
    StringBuilder s = new StringBuilder("neuron,frequency,fraction\n");
    for (NeuronFrequency n : neurons) s.append(n.neuron()).append(',').append(n.frequency()).append(',').append(n.fraction()).append('\n');
    return s.toString();
  }

  private static String neuronsJson(List<NeuronFrequency> neurons) {
    try {
      return JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(neurons);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the neuron frequencies as JSON: " + e.getMessage(), e);
    }
  }

  private static List<NeuronFrequency> readNeurons(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<NeuronFrequency> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) continue;
      String[] c = line.split(",");
      try {
        out.add(new NeuronFrequency(Integer.parseInt(c[0]), Integer.parseInt(c[1]), Double.parseDouble(c[2])));
      } catch (RuntimeException e) {
        throw new IOException(file + ":" + (i + 1) + ": expected neuron,frequency,fraction, got '" + line + "'", e);
      }
    }
    return out;
  }
}
