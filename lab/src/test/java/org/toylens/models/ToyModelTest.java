package org.toylens.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.toylens.autograd.NoGrad;
import org.toylens.config.ExperimentConfig;
import org.toylens.hooks.Hook;
import org.toylens.hooks.HookPoint;
import org.toylens.models.ToyModelConfig.Activation;
import org.toylens.optim.AdamW;
import org.toylens.optim.ParamGroup;
import org.toylens.tasks.SparseFeatures;
import org.toylens.tasks.SparseFeaturesConfig;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Shape;
import org.toylens.tensor.Tensor;

class ToyModelTest {

  /** 4 instances of 5 features in 2 dimensions. */
  static ToyModelConfig config(Activation activation, boolean tied) {
    return new ToyModelConfig(5, 2, 4, activation, tied);
  }

  /** A batch [batch, 4, 5] where about half the features are present, U[0, 1). */
  static Tensor sparseBatch(long seed, int batch) {
    Rng rng = Rng.of(seed);
    float[] x = new float[batch * 4 * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble() < 0.5 ? rng.nextFloat() : 0f;
    }
    return Tensor.of(x, batch, 4, 5);
  }

  /** A model whose bias is not zero, so the bias's part of the forward pass shows. */
  static ToyModel modelWithBias(Activation activation, boolean tied, long seed) {
    ToyModel model = new ToyModel(config(activation, tied), Rng.of(seed));
    float[] b = Tensor.randn(Rng.of(seed + 1), 0.3f, 4, 5).data();
    System.arraycopy(b, 0, model.b_final().data(), 0, b.length);
    return model;
  }

  static final Tensor IMPORTANCE = Tensor.vector(1f, 0.9f, 0.81f, 0.729f, 0.6561f); // [features]

  @Test
  void everyHookHasItsDocumentedShape() {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (HookPoint.Described d : new ToyModel(config(Activation.RELU, true), 1L).hookShapes(sparseBatch(2, 3))) {
      shapes.put(d.name(), d.shape());
    }
    assertThat(shapes).containsExactly(
        Map.entry("hook_hidden", Shape.of(3, 4, 2)),
        Map.entry("hook_out", Shape.of(3, 4, 5)));
  }

  @Test
  void parametersAreWAndBFinalPlusADecoderOnlyWhenUntied() {
    assertThat(MlpTest.shapesOf(new ToyModel(config(Activation.RELU, true), 1L))).containsExactly(
        Map.entry("W", Shape.of(4, 2, 5)),
        Map.entry("b_final", Shape.of(4, 5)));
    ToyModel untied = new ToyModel(config(Activation.RELU, false), 1L);
    assertThat(MlpTest.shapesOf(untied)).containsExactly(
        Map.entry("W", Shape.of(4, 2, 5)),
        Map.entry("W_dec", Shape.of(4, 2, 5)),
        Map.entry("b_final", Shape.of(4, 5)));
    assertThat(untied.W_dec()).isSameAs(untied.parameter("W_dec"));
    ToyModel tied = new ToyModel(config(Activation.RELU, true), 1L);
    assertThat(tied.W_dec()).isSameAs(tied.W());
  }

  /**
   * By default the paper's fans: its code calls {@code xavier_normal_} on one
   * [n_instances, n_features, n_hidden] tensor, for which PyTorch counts fan_in = n·m and
   * fan_out = I·m; {@code init: xavier} takes one instance's fans, n and m.
   */
  @Test
  void weightsStartXavierNormalWithThePapersFansAndTheBiasAtZero() {
    ToyModelConfig paper = new ToyModelConfig(200, 20, 10, Activation.RELU, true);
    assertThat(paper.init()).isEqualTo(ToyModelConfig.WeightInit.PAPER);
    double paperStd = Math.sqrt(2.0 / (200 * 20 + 10 * 20));
    assertStandardNormalTimes(new ToyModel(paper, 3L), paperStd);
    ToyModelConfig xavier = new ToyModelConfig(200, 20, 10, Activation.RELU, false,
        ToyModelConfig.WeightInit.XAVIER, 1);
    ToyModel untied = new ToyModel(xavier, 3L);
    assertStandardNormalTimes(untied, Math.sqrt(2.0 / (200 + 20)));
    assertThat(untied.W_dec().data()).isNotEqualTo(untied.W().data());
  }

  private static void assertStandardNormalTimes(ToyModel model, double expectedStd) {
    for (Tensor weights : List.of(model.W(), model.W_dec())) {
      double sum = 0;
      double squares = 0;
      float[] w = weights.data();
      for (float v : w) {
        sum += v;
        squares += v * v;
      }
      double std = Math.sqrt(squares / w.length - Math.pow(sum / w.length, 2));
      assertThat(std).isCloseTo(expectedStd, within(0.02 * expectedStd));
      assertThat(Math.abs(sum / w.length)).isLessThan(0.03 * expectedStd);
    }
    assertThat(model.b_final().data()).containsOnly(0f);
  }

  /**
   * One instance, W = [1, 2] (m = 1, n = 2), b = (0, −6), importance (1, 0.5). For x = (0.5, 1):
   * h = 2.5, x' = (ReLU(2.5), ReLU(5 − 6)) = (2.5, 0), loss 1·(−2)² + 0.5·1² = 4.5. For x = 0:
   * x' = 0, loss 0. The mean over the batch is 2.25.
   */
  @Test
  void lossOfAHandWorkedExample() {
    ToyModel model = new ToyModel(new ToyModelConfig(2, 1, 1, Activation.RELU, true), 1L);
    System.arraycopy(new float[] {1f, 2f}, 0, model.W().data(), 0, 2);
    System.arraycopy(new float[] {0f, -6f}, 0, model.b_final().data(), 0, 2);
    Tensor x = Tensor.of(new float[] {0.5f, 1f, 0f, 0f}, 2, 1, 2);
    Tensor importance = Tensor.vector(1f, 0.5f);
    assertThat(model.forward(x).data()).containsExactly(2.5f, 0f, 0f, 0f);
    assertThat(model.loss(x, importance).item()).isEqualTo(2.25f);
    assertThat(model.lossPerInstance(x, importance).data()).containsExactly(2.25f);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void forwardAndLossMatchTheScalarReference(boolean tiedRelu) {
    ToyModel model = tiedRelu ? modelWithBias(Activation.RELU, true, 4) : modelWithBias(Activation.LINEAR, false, 4);
    Tensor x = sparseBatch(5, 6);
    ReferenceToyModel reference = new ReferenceToyModel(model);
    assertThat(model.forward(x).toDoubles()).containsExactly(reference.reconstruct(x.data(), 6), within(1e-6));
    Tensor perInstance = Tensor.uniform(Rng.of(6), 0.1f, 1f, 4, 5); // [instance, features]
    for (Tensor importance : List.of(IMPORTANCE, perInstance)) {
      double expected = reference.loss(x.data(), 6, importance.data());
      assertThat((double) model.loss(x, importance).item()).isCloseTo(expected, within(1e-6 * expected));
      assertThat(model.lossPerInstance(x, importance).toDoubles())
          .containsExactly(reference.lossPerInstance(x.data(), 6, importance.data()), within(1e-6));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void gradientsOfTheLossMatchFiniteDifferences(boolean tiedRelu) {
    ToyModel model = tiedRelu ? modelWithBias(Activation.RELU, true, 7) : modelWithBias(Activation.LINEAR, false, 7);
    Tensor x = sparseBatch(8, 6);
    Tensor importance = Tensor.uniform(Rng.of(9), 0.1f, 1f, 4, 5);
    model.loss(x, importance).backward();
    ReferenceToyModel reference = new ReferenceToyModel(model);
    int checked = FiniteDifferences.check(model, reference.params, () -> reference.loss(x.data(), 6, importance.data()),
        12, 1e-4, Rng.of(10));
    assertThat(checked).isEqualTo(12 * model.namedParameters().size()); // every parameter has >= 12 entries
  }

  /** The fused loss against its reference twin, the forward pass through engine operations. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fusedLossHasTheValueAndGradientsOfTheOperationsPath(boolean tiedRelu) {
    ToyModel model = tiedRelu ? modelWithBias(Activation.RELU, true, 11) : modelWithBias(Activation.LINEAR, false, 11);
    Tensor x = sparseBatch(12, 64);
    Tensor importance = Tensor.uniform(Rng.of(13), 0.1f, 1f, 4, 5);
    Tensor fused = model.loss(x, importance);
    fused.mul(3f).backward(); // the gradient scales like any other node's
    Map<String, float[]> fusedGrads = gradients(model);

    Tensor byOperations = model.lossPerInstance(x, importance).sum();
    byOperations.mul(3f).backward();
    Map<String, float[]> operationGrads = gradients(model);

    assertThat(fused.item()).isCloseTo(byOperations.item(), within(1e-5f * byOperations.item()));
    for (String name : fusedGrads.keySet()) {
      assertThat(fusedGrads.get(name)).as(name).containsExactly(operationGrads.get(name), within(2e-5f));
    }
  }

  /** Each parameter's gradient, by name, copied; the gradients are then cleared. */
  static Map<String, float[]> gradients(ToyModel model) {
    Map<String, float[]> grads = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      grads.put(e.getKey(), e.getValue().grad().data().clone());
      e.getValue().zeroGrad();
    }
    return grads;
  }

  @Test
  void fusedLossDoesNotDependOnTheThreadCount() {
    ToyModel model = modelWithBias(Activation.RELU, true, 14);
    Tensor x = sparseBatch(15, 700);
    float[][] results = new float[2][];
    float[][] grads = new float[2][];
    int[] threads = {1, 2};
    for (int run = 0; run < 2; run++) {
      int r = run;
      Parallel.withThreads(threads[run], () -> {
        Tensor loss = model.loss(x, IMPORTANCE);
        loss.backward();
        results[r] = loss.data().clone();
        grads[r] = model.W().grad().data().clone();
        model.W().zeroGrad();
        model.b_final().zeroGrad();
      });
    }
    assertThat(results[1]).isEqualTo(results[0]);
    assertThat(grads[1]).isEqualTo(grads[0]);
  }

  @Test
  void lossWithoutGradientsStillHasTheValue() {
    ToyModel model = modelWithBias(Activation.RELU, true, 16);
    Tensor x = sparseBatch(17, 8);
    float withGrad = model.loss(x, IMPORTANCE).item();
    try (NoGrad ignored = NoGrad.enter()) {
      Tensor loss = model.loss(x, IMPORTANCE);
      assertThat(loss.requiresGrad()).isFalse();
      assertThat(loss.item()).isEqualTo(withGrad);
    }
  }

  @Test
  void hooksSeeBatchInstanceLayoutAndTheLossGoesThroughThem() {
    ToyModel model = new ToyModel(config(Activation.RELU, true), 18L); // b = 0
    Tensor x = sparseBatch(19, 5);
    var run = model.runWithCache(x);
    assertThat(run.cache().get("hook_out").data()).containsExactly(model.forward(x).data());
    // h[b, k, :] = W[k] x[b, k, :]
    Tensor hidden = run.cache().get("hook_hidden"); // [batch, instance, hidden]
    float[] w = model.W().data();
    double expected = 0;
    for (int i = 0; i < 5; i++) {
      expected += w[(2 * 2 + 1) * 5 + i] * x.get(3, 2, i);
    }
    assertThat((double) hidden.get(3, 2, 1)).isCloseTo(expected, within(1e-6));

    // With h zeroed, x' = ReLU(0 + 0) = 0 and the loss is mean_batch Σ_i I_i x_i².
    try (var scope = model.hooks()) {
      scope.add(Hook.forward("hook_hidden", (h, hook) -> Tensor.zeros(h.dims())));
      double zeroOutput = 0;
      for (int b = 0; b < 5; b++) {
        for (int k = 0; k < 4; k++) {
          for (int i = 0; i < 5; i++) {
            zeroOutput += IMPORTANCE.get(i) * Math.pow(x.get(b, k, i), 2) / 5;
          }
        }
      }
      assertThat((double) model.loss(x, IMPORTANCE).item()).isCloseTo(zeroOutput, within(1e-5));
    }
  }

  /**
   * REFERENCE.md §4, the introduction's dense case: with every feature present (S = 0), n = 5
   * features of importance 0.9^i in m = 2 dimensions, each instance learns the two most important
   * features as orthogonal directions and drops the other three. A few hundred AdamW steps at a
   * higher learning rate than the paper's 1e-3 get there.
   */
  @Test
  void denseInstancesLearnTheTwoMostImportantFeaturesOrthogonally() {
    SparseFeatures data = new SparseFeatures(new SparseFeaturesConfig(5, 4, 1.0, 1.0, 0.9, 1, 1.0, 1.0));
    ToyModel model = Models.buildToyModel(new ToyModelConfig(5, 2, 4, Activation.RELU, true), Rng.of(20).split("init"));
    Tensor importance = Tensor.of(data.importance(), 5);
    AdamW optimizer = new AdamW(List.of(ParamGroup.of(model.trainableParameters(), 0.01)), 0.05, 0.9, 0.999, 1e-8);
    Rng batches = Rng.of(20).split("data");
    Tensor probe = Tensor.of(data.sample(1024, Rng.of(21)), 1024, 4, 5);
    float before = model.loss(probe, importance).item();
    for (int step = 0; step < 500; step++) {
      optimizer.zeroGrad();
      model.loss(Tensor.of(data.sample(256, batches), 256, 4, 5), importance).backward();
      optimizer.step();
    }
    float after;
    try (NoGrad ignored = NoGrad.enter()) {
      after = model.loss(probe, importance).item();
    }
    assertThat(after).isLessThan(0.5f * before);
    float[] w = model.W().data(); // [instance, hidden, feature]
    for (int k = 0; k < 4; k++) {
      double[][] columns = new double[5][2]; // W_i, feature i's direction in the hidden plane
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 2; j++) {
          columns[i][j] = w[(k * 2 + j) * 5 + i];
        }
      }
      double cosine = dot(columns[0], columns[1]) / Math.sqrt(dot(columns[0], columns[0]) * dot(columns[1], columns[1]));
      assertThat(Math.abs(cosine)).as("instance %d: cos(W_0, W_1)", k).isLessThan(0.05);
      for (int i = 0; i < 2; i++) {
        assertThat(Math.sqrt(dot(columns[i], columns[i]))).as("instance %d: |W_%d|", k, i).isGreaterThan(0.9);
      }
      for (int i = 2; i < 5; i++) {
        assertThat(Math.sqrt(dot(columns[i], columns[i]))).as("instance %d: |W_%d|", k, i).isLessThan(0.2);
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1];
  }

  @Test
  void badShapesAreRefusedNamingTheExpectedOne() {
    ToyModel model = new ToyModel(config(Activation.RELU, true), 1L);
    assertThatThrownBy(() -> model.forward(Tensor.zeros(3, 5, 4)))
        .hasMessage("x must be [batch, n_instances = 4, n_features = 5], got shape [3, 5, 4]");
    assertThatThrownBy(() -> model.loss(Tensor.zeros(3, 4, 5), Tensor.zeros(4)))
        .hasMessage("importance must be [n_features = 5] or [n_instances = 4, n_features = 5], got shape [4]");
    assertThatThrownBy(() -> Models.buildToyModel(new ToyModelConfig(0, 2, 4, Activation.RELU, true), Rng.of(1)))
        .hasMessageContaining("sizes still to be taken from the task");
  }

  @Test
  void initIsReadFromTheModelSectionAndDefaultsToThePapers() {
    ExperimentConfig intro = ExperimentConfig.fromPreset("toms-intro");
    assertThat(((ToyModelConfig) intro.model()).init()).isEqualTo(ToyModelConfig.WeightInit.PAPER);
    ExperimentConfig xavier = intro.withOverrides(List.of("model.init=xavier"));
    assertThat(((ToyModelConfig) xavier.model()).init()).isEqualTo(ToyModelConfig.WeightInit.XAVIER);
    assertThat(xavier.toYaml()).contains("init: xavier");
    assertThatThrownBy(() -> intro.withOverrides(List.of("model.init=kaiming")))
        .hasMessageContaining("model.init").hasMessageContaining("kaiming");
    // the paper's std for the intro: √(2 / (2 · (5 + 10)))
    assertThat(ToyModelConfig.WeightInit.PAPER.std(5, 2, 10)).isCloseTo(Math.sqrt(2.0 / 30), within(1e-15));
    assertThat(ToyModelConfig.WeightInit.XAVIER.std(5, 2, 10)).isCloseTo(Math.sqrt(2.0 / 7), within(1e-15));
  }
}
