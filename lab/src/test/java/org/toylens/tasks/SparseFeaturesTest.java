package org.toylens.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;

class SparseFeaturesTest {

  @Test
  void defaultsAreTheIntroductionSetupOfToyModelsOfSuperposition() {
    SparseFeatures features = SparseFeaturesConfig.defaults().generator();
    double[] p = features.featureProbability();
    float[] importance = features.importance();

    assertThat(features.nFeatures()).isEqualTo(5);
    assertThat(p).hasSize(10);
    for (int k = 0; k < 10; k++) {
      assertThat(p[k]).isCloseTo(Math.pow(20, -k / 9.0), within(1e-12));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(importance[i]).isCloseTo((float) Math.pow(0.9, i), within(1e-7f));
    }
  }

  @Test
  void eachInstanceHasTheDensityOfItsFeatureProbability() {
    SparseFeatures features = new SparseFeaturesConfig(20, 3, 0.5, 0.02, 1.0).generator();
    int batch = 4096;
    float[] x = features.sample(batch, Rng.of(1)); // [batch, 3, 20]
    double[] p = features.featureProbability();

    for (int k = 0; k < 3; k++) {
      int present = 0;
      double sum = 0;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < 20; i++) {
          float value = x[(b * 3 + k) * 20 + i];
          assertThat(value).isGreaterThanOrEqualTo(0f).isLessThan(1f);
          if (value != 0f) {
            present++;
            sum += value;
          }
        }
      }
      int draws = batch * 20;
      double sd = Math.sqrt(draws * p[k] * (1 - p[k]));
      assertThat((double) present).as("instance %d", k)
          .isCloseTo(draws * p[k], within(5 * sd));
      // present values are U[0, 1): mean 1/2 with sd 1/sqrt(12 · present)
      assertThat(sum / present).isCloseTo(0.5, within(5 / Math.sqrt(12.0 * present)));
    }
    assertThat(p[1]).isCloseTo(Math.sqrt(0.5 * 0.02), within(1e-12)); // log-spaced midpoint
  }

  @Test
  void batchesAreAFunctionOfTheGeneratorState() {
    SparseFeatures features = SparseFeaturesConfig.defaults().generator();
    float[] reused = new float[64 * 10 * 5];
    features.sampleInto(reused, 64, Rng.of(7));

    assertThat(features.sample(64, Rng.of(7))).containsExactly(reused);
    assertThat(features.sample(64, Rng.of(8))).isNotEqualTo(reused);
  }

  @Test
  void oneInstanceUsesTheMaximumProbability() {
    SparseFeatures one = new SparseFeaturesConfig(4, 1, 0.3, 0.3, 0.7).generator();
    assertThat(one.featureProbability()).containsExactly(0.3);
  }

  @Test
  void wrongBufferSizeIsRefused() {
    SparseFeatures features = SparseFeaturesConfig.defaults().generator();
    assertThatThrownBy(() -> features.sampleInto(new float[10], 2, Rng.of(0)))
        .hasMessage("sparse features: expected a buffer of 100 floats [batch=2, instances=10,"
            + " features=5], got 10");
  }

  /** The counter-based draws are exactly the stream {@code Rng.fromState(s_k)} gives. */
  @Test
  void drawsAreTheInstanceStreamsOfRng() {
    SparseFeaturesDraw draw = SparseFeaturesConfig.defaults().generator().draw(16, Rng.of(3));
    for (int k : new int[] {0, 9}) {
      Rng stream = Rng.fromState(draw.stream(k));
      for (int t = 0; t < 100; t++) {
        assertThat(Rng.drawAt(draw.stream(k), t)).isEqualTo(stream.nextLong());
      }
      // and each instance has its own stream, split from the call's generator
      assertThat(draw.stream(k)).isEqualTo(Rng.of(Rng.of(3).nextLong()).split("instance", k).state());
    }
  }

  /**
   * Entry (example 8c + l, feature f) of instance k: the presence word is 32-bit word l of draws
   * t0..t0+3, the value word word l of draws t0+4..t0+7, with t0 = 8(c·n + f).
   */
  @Test
  void entriesFollowTheDocumentedRecipe() {
    SparseFeatures features = new SparseFeaturesConfig(3, 2, 0.6, 0.3, 1.0).generator();
    SparseFeaturesDraw draw = features.draw(21, Rng.of(4));
    float[] x = draw.values(); // [21, 2, 3]
    int checked = 0;
    for (int b = 0; b < 21; b++) {
      for (int k = 0; k < 2; k++) {
        for (int f = 0; f < 3; f++) {
          int c = b / 8;
          int l = b % 8;
          long t0 = 8L * (c * 3 + f);
          long presence = Rng.drawAt(draw.stream(k), t0 + l / 2);
          long value = Rng.drawAt(draw.stream(k), t0 + 4 + l / 2);
          int shift = 32 * (l % 2); // low half first
          long top24 = ((presence >>> shift) & 0xFFFFFFFFL) >>> 8;
          long mantissa = ((value >>> shift) & 0xFFFFFFFFL) >>> 9;
          double p = features.featureProbability()[k];
          float expected = top24 < Math.ceil(p * (1 << 24)) ? (float) (mantissa * 0x1.0p-23) : 0f;
          assertThat(x[(b * 2 + k) * 3 + f]).as("b %d, k %d, f %d", b, k, f).isEqualTo(expected);
          checked += expected != 0f ? 1 : 0;
        }
      }
    }
    assertThat(checked).isBetween(20, 110); // both branches were exercised
  }

  /** Present values are uniform on [0, 1): a χ² test over 20 equal bins (19 degrees of freedom). */
  @Test
  void presentValuesAreUniformOnTheUnitInterval() {
    SparseFeatures features = new SparseFeaturesConfig(10, 2, 1.0, 0.2, 1.0).generator();
    float[] x = features.sample(4000, Rng.of(5)); // [4000, 2, 10]
    for (int k = 0; k < 2; k++) {
      long[] bins = new long[20];
      long present = 0;
      for (int b = 0; b < 4000; b++) {
        for (int f = 0; f < 10; f++) {
          float v = x[(b * 2 + k) * 10 + f];
          if (v != 0f) {
            assertThat(v).isGreaterThan(0f).isLessThan(1f);
            assertThat(v * 0x1.0p23f).as("a multiple of 2^-23").isEqualTo((float) Math.rint(v * 0x1.0p23f));
            bins[(int) (v * 20)]++;
            present++;
          }
        }
      }
      double expected = present / 20.0;
      double chi2 = Arrays.stream(bins).mapToDouble(o -> (o - expected) * (o - expected) / expected).sum();
      assertThat(chi2).as("instance %d: χ² over 20 bins", k).isLessThan(43.8); // p = 0.001
    }
  }

  /**
   * Presence is independent between features, between examples (within a block of 8 and across
   * the boundary of two blocks) and between instances: every pair is present together with
   * probability p², within 5 standard deviations.
   */
  @Test
  void presenceIsIndependentAcrossFeaturesExamplesAndInstances() {
    SparseFeatures features = new SparseFeaturesConfig(6, 2, 0.3, 0.3, 1.0).generator();
    int batch = 16000;
    float[] x = features.sample(batch, Rng.of(6)); // [batch, 2, 6]
    double p = 0.3;
    // (Δexample, Δfeature, Δinstance) from (b, f, 0); with Δexample 1 one pair in 8 straddles
    // two blocks, with Δexample 8 every pair does
    int[][] pairs = {
        {0, 1, 0}, {1, 0, 0}, {8, 0, 0}, {0, 0, 1}, {1, 1, 1}};
    for (int[] d : pairs) {
      long both = 0;
      long trials = 0;
      for (int b = 0; b + d[0] < batch; b++) {
        for (int f = 0; f + d[1] < 6; f++) {
          boolean a = x[(b * 2) * 6 + f] != 0f;
          boolean c = x[((b + d[0]) * 2 + d[2]) * 6 + f + d[1]] != 0f;
          both += a && c ? 1 : 0;
          trials++;
        }
      }
      double sd = Math.sqrt(trials * p * p * (1 - p * p));
      assertThat((double) both).as("pair %s", Arrays.toString(d)).isCloseTo(trials * p * p, within(5 * sd));
    }
  }

  /** An example's entries depend on its index alone, not on how large the batch is. */
  @Test
  void anExampleDoesNotDependOnTheBatchSize() {
    SparseFeatures features = SparseFeaturesConfig.defaults().generator();
    float[] small = features.sample(13, Rng.of(9)); // [13, 10, 5]
    float[] large = features.sample(40, Rng.of(9));
    assertThat(Arrays.copyOf(large, small.length)).isEqualTo(small);
  }

  @Test
  void batchesDoNotDependOnTheThreadCount() {
    SparseFeatures features = new SparseFeaturesConfig(20, 10, 1.0, 0.05, 0.7).generator();
    float[][] out = new float[2][];
    Parallel.withThreads(1, () -> out[0] = features.sample(1000, Rng.of(10)));
    Parallel.withThreads(2, () -> out[1] = features.sample(1000, Rng.of(10)));
    assertThat(out[1]).isEqualTo(out[0]);
  }

  @Test
  void copiesRepeatEachInstancesSettingWithTheirOwnDraws() {
    SparseFeatures grid = new SparseFeaturesConfig(2, 4, 1.0, 0.1, 1.0, 2, 0.5, 2.0).generator();
    SparseFeatures copies = grid.withCopies(3);
    assertThat(copies.nInstances()).isEqualTo(12);
    assertThat(copies.copies()).isEqualTo(3);
    assertThat(grid.withCopies(1)).isSameAs(grid);
    for (int k = 0; k < 12; k++) {
      assertThat(copies.featureProbability()[k]).isEqualTo(grid.featureProbability()[k / 3]);
      assertThat(copies.relativeImportance()[k]).isEqualTo(grid.relativeImportance()[k / 3]);
      assertThat(Arrays.copyOfRange(copies.importanceByInstance(), 2 * k, 2 * k + 2))
          .isEqualTo(Arrays.copyOfRange(grid.importanceByInstance(), 2 * (k / 3), 2 * (k / 3) + 2));
    }
    SparseFeaturesDraw draw = copies.draw(8, Rng.of(1));
    assertThat(draw.nInstances()).isEqualTo(12);
    assertThat(draw.stream(1)).isNotEqualTo(draw.stream(0));
    assertThatThrownBy(() -> grid.withCopies(0)).hasMessage("sparse features: copies must be >= 1, got 0");
  }
}
