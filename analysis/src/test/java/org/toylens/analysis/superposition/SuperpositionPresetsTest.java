package org.toylens.analysis.superposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.ToyModelConfig;
import org.toylens.tasks.SparseFeatures;
import org.toylens.tasks.SparseFeaturesConfig;
import org.toylens.train.OptimizerKind;
import org.toylens.train.TrainConfig;

/** The toms-* presets are the setups of REFERENCE.md §4. */
class SuperpositionPresetsTest {

  private static SparseFeatures features(ExperimentConfig config) {
    return ((SparseFeaturesConfig) config.task()).generator();
  }

  private static void paperTraining(ExperimentConfig config) {
    TrainConfig train = config.train();
    assertThat(train.optimizer()).isEqualTo(OptimizerKind.ADAMW);
    assertThat(train.lr()).isEqualTo(1e-3);
    assertThat(train.weightDecay()).isEqualTo(0.01);
    assertThat(train.batchSize().size()).isEqualTo(1024);
    assertThat(train.steps()).isEqualTo(10_000);
    ToyModelConfig model = (ToyModelConfig) config.model();
    assertThat(model.activation()).isEqualTo(ToyModelConfig.Activation.RELU);
    assertThat(model.tied()).isTrue();
    assertThat(model.init()).isEqualTo(ToyModelConfig.WeightInit.PAPER);
  }

  @Test
  void introIsFiveFeaturesInTwoDimensionsOverTenSparsities() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro");
    SparseFeatures features = features(config);
    paperTraining(config);
    assertThat(((ToyModelConfig) config.model()).nHidden()).isEqualTo(2);
    assertThat(features.nFeatures()).isEqualTo(5);
    double[] p = features.featureProbability();
    assertThat(p).hasSize(10);
    for (int k = 0; k < 10; k++) assertThat(p[k]).isCloseTo(Math.pow(20, -k / 9.0), within(1e-12));
    assertThat(features.importance()[4]).isCloseTo((float) Math.pow(0.9, 4), within(1e-7f));
    assertThat(ExperimentConfig.fromPreset("superposition").task()).isEqualTo(config.task());
  }

  @Test
  void basicIsTwentyFeaturesOfImportancePointSevenToTheIInFiveDimensions() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-basic");
    SparseFeatures features = features(config);
    paperTraining(config);
    assertThat(((ToyModelConfig) config.model()).nHidden()).isEqualTo(5);
    assertThat(features.nFeatures()).isEqualTo(20);
    assertThat(features.nInstances()).isEqualTo(10);
    assertThat(features.importance()[19]).isCloseTo((float) Math.pow(0.7, 19), within(1e-9f));
  }

  @Test
  void geometryIsTwoHundredEqualFeaturesInTwentyDimensionsOverTwentySparsities() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-geometry");
    SparseFeatures features = features(config);
    paperTraining(config);
    assertThat(((ToyModelConfig) config.model()).nHidden()).isEqualTo(20);
    assertThat(features.nFeatures()).isEqualTo(200);
    for (float importance : features.importance()) assertThat(importance).isEqualTo(1f);
    double[] p = features.featureProbability();
    assertThat(p).hasSize(20);
    for (int k = 0; k < 20; k++) assertThat(p[k]).isCloseTo(Math.pow(20, -k / 19.0), within(1e-12));
  }

  @Test
  void phaseIsATwentyByTwentyGridOfTwoFeaturesInOneDimension() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-phase");
    SparseFeaturesConfig task = (SparseFeaturesConfig) config.task();
    paperTraining(config);
    assertThat(((ToyModelConfig) config.model()).nHidden()).isEqualTo(1);
    assertThat(task.nFeatures()).isEqualTo(2);
    assertThat(task.densities()).isEqualTo(20);
    assertThat(task.relativeImportances()).isEqualTo(20);
    SparseFeatures features = task.generator();
    assertThat(features.featureProbability()[0]).isEqualTo(1.0);
    assertThat(features.featureProbability()[399]).isCloseTo(0.01, within(1e-12));
    assertThat(features.relativeImportance()[0]).isCloseTo(0.1, within(1e-12));
    assertThat(features.relativeImportance()[19]).isCloseTo(10, within(1e-12));
  }
}
