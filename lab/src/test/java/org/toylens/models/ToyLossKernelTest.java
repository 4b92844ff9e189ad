package org.toylens.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.toylens.hooks.Hook;
import org.toylens.models.ToyModelConfig.Activation;
import org.toylens.tasks.SparseFeatures;
import org.toylens.tasks.SparseFeaturesConfig;
import org.toylens.tasks.SparseFeaturesDraw;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * The fused loss kernels ({@link FusedReconstructionLoss}): the Vector API kernel against its
 * scalar twin (to the bit), a batch drawn inside the kernel against the same batch stored
 * (to the bit), and the drawn path against the engine's operations (to float rounding) and
 * finite differences.
 */
class ToyLossKernelTest {

  /** 7 features in 3 dimensions, 5 instances with p from 1 to 0.05: sizes that fill no vector evenly. */
  static final SparseFeatures DATA =
      new SparseFeaturesConfig(7, 5, 1.0, 0.05, 0.9).generator();

  static ToyModel model(Activation activation, boolean tied, long seed) {
    ToyModel model = new ToyModel(new ToyModelConfig(7, 3, 5, activation, tied), Rng.of(seed));
    float[] b = Tensor.randn(Rng.of(seed + 1), 0.2f, 5, 7).data();
    System.arraycopy(b, 0, model.b_final().data(), 0, b.length);
    return model;
  }

  static FusedReconstructionLoss.Result run(ToyLossKernel kernel, ToyModel model,
      float[] x, SparseFeaturesDraw draw, int batch, float[] importance, int importanceStride,
      boolean withGradients) {
    ToyModelConfig c = model.config();
    return FusedReconstructionLoss.run(kernel, FusedReconstructionLoss.job(x, draw, batch,
        c.nInstances(), c.nHidden(), c.nFeatures(), model.W().data(), model.W_dec().data(),
        model.b_final().data(), importance, importanceStride,
        c.activation() == Activation.RELU, withGradients));
  }

  static void assertSameBits(FusedReconstructionLoss.Result actual,
      FusedReconstructionLoss.Result expected) {
    assertThat(actual.loss()).isEqualTo(expected.loss());
    assertThat(actual.gradW()).isEqualTo(expected.gradW());
    assertThat(actual.gradWDec()).isEqualTo(expected.gradWDec());
    assertThat(actual.gradB()).isEqualTo(expected.gradB());
  }

  /**
   * Batches of 1 (one partial block), 8 (one block), 37 (a partial block inside the first group
   * of four) and 70 (a second, partial group): every way the blocks can end.
   */
  @ParameterizedTest
  @CsvSource({"1, true, true", "8, true, false", "37, false, true", "70, true, true",
      "70, false, false", "37, true, true"})
  void vectorKernelEqualsItsScalarTwinToTheBit(int batch, boolean relu, boolean tied) {
    ToyLossKernel vector = FusedReconstructionLoss.choose("vector", true);
    assertThat(vector.name()).isEqualTo("vector");
    ToyLossKernel scalar = FusedReconstructionLoss.scalarKernel();
    ToyModel model = model(relu ? Activation.RELU : Activation.LINEAR, tied, batch);
    SparseFeaturesDraw draw = DATA.draw(batch, Rng.of(batch + 1));
    float[] perInstance = Tensor.uniform(Rng.of(3), 0.1f, 1f, 5, 7).data();
    for (boolean grads : new boolean[] {true, false}) {
      assertSameBits(run(vector, model, null, draw, batch, perInstance, 7, grads),
          run(scalar, model, null, draw, batch, perInstance, 7, grads));
      float[] x = draw.values();
      assertSameBits(run(vector, model, x, null, batch, DATA.importance(), 0, grads),
          run(scalar, model, x, null, batch, DATA.importance(), 0, grads));
    }
  }

  /** Wider sizes, past every unrolled width of the vector kernel (4 features, 2 rows) with remainders. */
  @Test
  void vectorKernelEqualsItsScalarTwinOnWiderModels() {
    SparseFeatures data = new SparseFeaturesConfig(33, 3, 0.9, 0.1, 0.95).generator();
    for (boolean tied : new boolean[] {true, false}) {
      ToyModel model = new ToyModel(new ToyModelConfig(33, 9, 3, Activation.RELU, tied), Rng.of(19));
      SparseFeaturesDraw draw = data.draw(100, Rng.of(20));
      assertSameBits(run(FusedReconstructionLoss.choose("vector", true), model, null, draw, 100,
              data.importance(), 0, true),
          run(FusedReconstructionLoss.scalarKernel(), model, null, draw, 100, data.importance(), 0,
              true));
    }
  }

  @ParameterizedTest
  @CsvSource({"true, 45", "false, 1024"})
  void aDrawnBatchGivesTheBitsOfTheSameBatchStored(boolean scalarKernel, int batch) {
    ToyLossKernel kernel = scalarKernel ? FusedReconstructionLoss.scalarKernel()
        : FusedReconstructionLoss.choose(null, true);
    ToyModel model = model(Activation.RELU, true, 5);
    SparseFeaturesDraw draw = DATA.draw(batch, Rng.of(6));
    float[] importance = DATA.importance();
    assertSameBits(run(kernel, model, null, draw, batch, importance, 0, true),
        run(kernel, model, draw.values(), null, batch, importance, 0, true));
  }

  @Test
  void modelLossOnADrawEqualsTheLossOnItsValues() {
    ToyModel model = model(Activation.RELU, false, 7);
    SparseFeaturesDraw draw = DATA.draw(50, Rng.of(8));
    Tensor importance = Tensor.of(DATA.importanceByInstance(), 5, 7);

    Tensor drawn = model.loss(draw, importance);
    drawn.backward();
    Map<String, float[]> drawnGrads = ToyModelTest.gradients(model);
    Tensor stored = model.loss(Tensor.of(draw.values(), 50, 5, 7), importance);
    stored.backward();

    assertThat(drawn.item()).isEqualTo(stored.item());
    assertThat(drawnGrads).containsOnlyKeys("W", "W_dec", "b_final");
    for (Map.Entry<String, float[]> e : ToyModelTest.gradients(model).entrySet()) {
      assertThat(drawnGrads.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /** The drawn path against the engine's operations on the same batch: equal to float rounding. */
  @ParameterizedTest
  @CsvSource({"true, true", "false, false"})
  void drawnLossHasTheValueAndGradientsOfTheOperationsPath(boolean relu, boolean tied) {
    ToyModel model = model(relu ? Activation.RELU : Activation.LINEAR, tied, 9);
    SparseFeaturesDraw draw = DATA.draw(300, Rng.of(10));
    Tensor importance = Tensor.of(DATA.importance(), 7);

    Tensor drawn = model.loss(draw, importance);
    drawn.backward();
    Map<String, float[]> drawnGrads = ToyModelTest.gradients(model);
    Tensor byOperations = model.lossPerInstance(Tensor.of(draw.values(), 300, 5, 7), importance).sum();
    byOperations.backward();

    assertThat(drawn.item()).isCloseTo(byOperations.item(), within(2e-6f * byOperations.item()));
    for (Map.Entry<String, float[]> e : ToyModelTest.gradients(model).entrySet()) {
      assertThat(drawnGrads.get(e.getKey())).as(e.getKey())
          .containsExactly(e.getValue(), within(2e-6f));
    }
  }

  @Test
  void drawnLossGradientsMatchFiniteDifferences() {
    ToyModel model = model(Activation.RELU, true, 11);
    SparseFeaturesDraw draw = DATA.draw(40, Rng.of(12));
    Tensor importance = Tensor.of(DATA.importanceByInstance(), 5, 7);
    model.loss(draw, importance).backward();
    ReferenceToyModel reference = new ReferenceToyModel(model);
    float[] x = draw.values();
    int checked = FiniteDifferences.check(model, reference.params,
        () -> reference.loss(x, 40, importance.data()), 20, 1e-4, Rng.of(13));
    assertThat(checked).isEqualTo(40);
  }

  /** Big enough to be shared out over the threads (work above PARALLEL_WORK). */
  @Test
  void drawnLossDoesNotDependOnTheThreadCount() {
    SparseFeatures data = new SparseFeaturesConfig(20, 64, 1.0, 0.05, 0.7).generator();
    ToyModel model = new ToyModel(new ToyModelConfig(20, 5, 64, Activation.RELU, true), Rng.of(14));
    int batch = 2000;
    assertThat((long) batch * 64 * 20 * (5 + 2) * 3).isGreaterThan(FusedReconstructionLoss.PARALLEL_WORK);
    Tensor importance = Tensor.of(data.importance(), 20);
    List<float[]> results = new java.util.ArrayList<>();
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.withThreads(threads, () -> {
        Tensor loss = model.loss(data.draw(batch, Rng.of(15)), importance);
        loss.backward();
        results.add(new float[] {loss.item()});
        results.add(model.W().grad().data().clone());
        results.add(model.b_final().grad().data().clone());
        model.W().zeroGrad();
        model.b_final().zeroGrad();
      });
    }
    for (int i = 3; i < results.size(); i++) {
      assertThat(results.get(i)).isEqualTo(results.get(i % 3));
    }
  }

  @Test
  void aHookSeesTheDrawnBatchAndCanChangeTheLoss() {
    ToyModel model = new ToyModel(new ToyModelConfig(7, 3, 5, Activation.RELU, true), Rng.of(16));
    SparseFeaturesDraw draw = DATA.draw(20, Rng.of(17));
    Tensor importance = Tensor.of(DATA.importance(), 7);
    float fused = model.loss(draw, importance).item();
    float[] x = draw.values();
    try (var scope = model.hooks()) {
      List<Tensor> seen = new java.util.ArrayList<>();
      scope.add(Hook.forward("hook_hidden", (h, hook) -> {
        seen.add(h);
        return h;
      }));
      assertThat(model.loss(draw, importance).item()).isCloseTo(fused, within(1e-5f * fused));
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).dims()).containsExactly(20, 5, 3);
      // h[b, k, j] = Σ_i W[k, j, i] x[b, k, i], at b = 19, k = 4, j = 2
      float[] w = model.W().data();
      double h = 0;
      for (int i = 0; i < 7; i++) {
        h += w[(4 * 3 + 2) * 7 + i] * x[(19 * 5 + 4) * 7 + i];
      }
      assertThat((double) seen.get(0).get(19, 4, 2)).isCloseTo(h, within(1e-6));

      // With h zeroed, x' = ReLU(b) = 0 (b = 0) and the loss is mean_batch Σ_k Σ_i I_i x_i².
      scope.add(Hook.forward("hook_hidden", (t, hook) -> Tensor.zeros(t.dims())));
      double zeroOutput = 0;
      float[] imp = DATA.importance();
      for (int i = 0; i < x.length; i++) {
        zeroOutput += imp[i % 7] * (double) x[i] * x[i] / 20;
      }
      assertThat((double) model.loss(draw, importance).item()).isCloseTo(zeroOutput, within(1e-5));
    }
  }

  @Test
  void aDrawOfOtherSizesIsRefused() {
    ToyModel model = model(Activation.RELU, true, 18);
    SparseFeaturesDraw other = new SparseFeaturesConfig(7, 4, 1.0, 0.05, 0.9).generator()
        .draw(8, Rng.of(1));
    assertThatThrownBy(() -> model.loss(other, Tensor.of(DATA.importance(), 7)))
        .hasMessage("batch must have n_instances = 5 and n_features = 7, got 4 instances of 7 features");
  }

  @Test
  void kernelPropertyChoosesOrRefuses() {
    assertThat(FusedReconstructionLoss.choose("scalar", true).name()).isEqualTo("scalar");
    assertThat(FusedReconstructionLoss.choose(" Vector ", true).name()).isEqualTo("vector");
    assertThat(FusedReconstructionLoss.choose(null, false).name()).isEqualTo("scalar");
    assertThatThrownBy(() -> FusedReconstructionLoss.choose("vector", false))
        .hasMessageContaining("toylens.kernels=vector, but module jdk.incubator.vector is not available");
    assertThatThrownBy(() -> FusedReconstructionLoss.choose("simd", true))
        .hasMessage("system property toylens.kernels: expected 'scalar' or 'vector', got 'simd'");
  }
}
