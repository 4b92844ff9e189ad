package org.toylens.analysis.superposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.toylens.config.ExperimentConfig;
import org.toylens.models.ToyModelConfig;
import org.toylens.runs.ProgressListener;

/**
 * Restarts ({@code model.restarts: R}): every setting of the task trained R times, and the
 * results keep the copy with the lowest loss.
 */
class RestartsTest {

  /** One feature in one dimension with weight w and the given loss. */
  private static InstanceGeometry instance(int index, double p, double loss, double w) {
    return InstanceGeometry.measure(index, p, new float[] {1f}, loss, new float[] {(float) w}, 1, 1,
        new float[] {0f});
  }

  @Test
  void keptIsTheLowestLossCopyOfEachSetting() {
    List<InstanceGeometry> all = new ArrayList<>();
    double[] losses = {0.3, 0.1, 0.2, /* setting 1: */ 0.05, 0.05, 0.4};
    for (int k = 0; k < 6; k++) all.add(instance(k, k < 3 ? 1.0 : 0.5, losses[k], k));
    SuperpositionResult result = new SuperpositionResult(1, 1, "relu", 1, 3, 100, all);

    assertThat(result.settings()).isEqualTo(2);
    assertThat(result.densities()).isEqualTo(2);
    assertThat(result.kept()).extracting(InstanceGeometry::instance).containsExactly(1, 3);
    assertThat(result.cell(1, 0).instance()).isEqualTo(3); // the first of a tie
    assertThat(all).filteredOn(result::isKept).extracting(InstanceGeometry::instance)
        .containsExactly(1, 3);
    String csv = SuperpositionTables.instancesCsv(result);
    assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",last_feature,restart,kept");
    assertThat(csv.lines().skip(2).findFirst().orElseThrow()).endsWith(",1,true");
    assertThat(SuperpositionTables.json(result)).contains("\"restarts\":3");
    assertThatThrownBy(() -> new SuperpositionResult(1, 1, "relu", 1, 4, 100, all))
        .hasMessageContaining("6 instances do not form a grid with 1 relative importances and 4 restarts");
  }

  @Test
  void withoutRestartsEveryInstanceIsKept() {
    List<InstanceGeometry> all = List.of(instance(0, 1, 0.3, 1), instance(1, 0.5, 0.1, 1));
    SuperpositionResult result = new SuperpositionResult(1, 1, "relu", 1, 100, all);
    assertThat(result.kept()).isEqualTo(all);
    assertThat(SuperpositionTables.instancesCsv(result).lines().findFirst().orElseThrow())
        .endsWith(",last_feature");
  }

  @Test
  void restartsTrainEachSettingFromItsOwnStartAndKeepTheBest() {
    ExperimentConfig config = ExperimentConfig.fromPreset("toms-intro", List.of(
        "model.restarts=3", "train.steps=200", "train.lr=1e-2"));
    ToyModelConfig toy = (ToyModelConfig) config.model();
    assertThat(toy.nInstances()).isEqualTo(30);
    assertThat(toy.taskInstances()).isEqualTo(10);
    SuperpositionExperiment experiment = new SuperpositionExperiment(config);
    experiment.train(null, null, ProgressListener.silent());
    SuperpositionResult result = experiment.measure();

    assertThat(result.restarts()).isEqualTo(3);
    assertThat(result.instances()).hasSize(30);
    assertThat(result.kept()).hasSize(10);
    for (int t = 0; t < 10; t++) {
      List<InstanceGeometry> copies = result.instances().subList(3 * t, 3 * t + 3);
      // the copies share their setting but not their weights
      assertThat(copies).extracting(InstanceGeometry::featureProbability)
          .containsOnly(copies.get(0).featureProbability());
      assertThat(copies.get(1).directions()).isNotEqualTo(copies.get(0).directions());
      double best = copies.stream().mapToDouble(InstanceGeometry::loss).min().orElseThrow();
      assertThat(result.kept().get(t).loss()).isEqualTo(best);
      assertThat(result.kept().get(t).instance() / 3).isEqualTo(t);
    }
    assertThat(result.kept().get(9).featureProbability())
        .isEqualTo(experiment.features().featureProbability()[29]);
  }

  @Test
  void instanceCountMustBeTheTasksTimesRestarts() {
    assertThatThrownBy(() -> ExperimentConfig.fromPreset("toms-intro",
        List.of("model.restarts=2", "model.n_instances=10")))
        .hasMessageContaining("model.n_instances: expected the task's n_instances times restarts, 20,"
            + " got '10'");
    ExperimentConfig given = ExperimentConfig.fromPreset("toms-intro",
        List.of("model.restarts=2", "model.n_instances=20"));
    assertThat(((ToyModelConfig) given.model()).restarts()).isEqualTo(2);
  }
}
