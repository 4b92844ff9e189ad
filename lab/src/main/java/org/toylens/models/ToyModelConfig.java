package org.toylens.models;

import static org.toylens.config.ConfigChecks.atLeast;
import static org.toylens.config.ConfigChecks.present;

import java.util.Locale;
import java.util.Objects;
import org.toylens.config.ConfigException;
import org.toylens.config.ConfigSection;
import org.toylens.tasks.SparseFeaturesConfig;
import org.toylens.tasks.TaskConfig;

/**
 * The superposition toy model ({@code model.kind: toy}, REFERENCE.md §4): {@code n_instances}
 * independent models trained at once, each h = W x (W: [n_hidden, n_features]) and
 * x' = act(W_decᵀ h + b) with W_dec = W when tied.
 *
 * <p>The data (feature probabilities per instance, importances) belong to the
 * {@code sparse_features} task, which also fixes n_features and n_instances: they default to the
 * task's and, when given, must agree with it. With {@code restarts: R} every instance of the task
 * is trained R times from different initial weights, side by side: the model has R·(the task's
 * n_instances) instances, copy c of task instance t being model instance t·R + c, and the
 * analyses keep the copy with the lowest loss. Training from one random start can stall in a
 * local minimum (in 1 dimension, two features that start with the same sign cannot become
 * antipodal without dropping one first), so a phase diagram of what a model <em>can</em> learn
 * needs the best of a few.
 *
 * @param nFeatures  n_features: input features (default: the task's)
 * @param nHidden    n_hidden: the bottleneck width m
 * @param nInstances n_instances: models trained side by side (default: the task's times
 *                   restarts)
 * @param activation activation: {@code relu} (the paper's model) or {@code linear}
 * @param tied       tied: decode with Wᵀ (true, the paper) or a separate decoder matrix
 * @param init       init: how W (and W_dec) start, {@code paper} (the default) or
 *                   {@code xavier}; see {@link WeightInit}
 * @param restarts   restarts: independently initialised copies of each task instance, ≥ 1
 *                   (default 1)
 */
public record ToyModelConfig(
    int nFeatures,
    int nHidden,
    int nInstances,
    Activation activation,
    boolean tied,
    WeightInit init,
    int restarts) implements ModelConfig {

  /** The output nonlinearity. */
  public enum Activation {
    RELU, LINEAR;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How the weights start. Both are Xavier-normal N(0, 2 / (fan_in + fan_out)); they differ in
   * what counts as the fans.
   */
  public enum WeightInit {
    /**
     * What the paper's code gets: {@code torch.nn.init.xavier_normal_} on its one
     * [n_instances, n_features, n_hidden] tensor counts fan_in = n_features·n_hidden and
     * fan_out = n_instances·n_hidden, so std = √(2 / (n_hidden · (n_features + n_instances))).
     * Smaller than one instance's own fans give; the dense intro instance then settles within the
     * paper's 10,000 steps at lr 1e-3, where {@code xavier} leaves it on a long plateau.
     */
    PAPER,
    /** One instance's W [n_hidden, n_features] on its own: std = √(2 / (n_features + n_hidden)). */
    XAVIER;

    /** The standard deviation of W's entries. */
    public double std(int nFeatures, int nHidden, int nInstances) {
      return this == PAPER ? Math.sqrt(2.0 / ((double) nHidden * (nFeatures + nInstances)))
          : Math.sqrt(2.0 / (nFeatures + nHidden));
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ToyModelConfig {
    atLeast("model.n_features", nFeatures, FROM_TASK);
    atLeast("model.n_hidden", nHidden, 1);
    atLeast("model.n_instances", nInstances, FROM_TASK);
    present("model.activation", activation);
    present("model.init", init);
    atLeast("model.restarts", restarts, 1);
    if (nInstances != FROM_TASK && nInstances % restarts != 0) {
      throw ConfigException.at(null, "model.n_instances", "expected a multiple of restarts ("
          + restarts + "), got " + nInstances);
    }
  }

  /** The paper's initialisation ({@link WeightInit#PAPER}), one start per instance. */
  public ToyModelConfig(int nFeatures, int nHidden, int nInstances, Activation activation,
      boolean tied) {
    this(nFeatures, nHidden, nInstances, activation, tied, WeightInit.PAPER, 1);
  }

  /** The task's instances: n_instances / restarts. */
  public int taskInstances() {
    return nInstances / restarts;
  }

  @Override
  public String kind() {
    return "toy";
  }

  @Override
  public ToyModelConfig resolve(TaskConfig task) {
    SparseFeaturesConfig features = featuresOf(null, Objects.requireNonNull(task, "task"));
    return new ToyModelConfig(
        nFeatures == FROM_TASK ? features.nFeatures() : nFeatures,
        nHidden,
        nInstances == FROM_TASK ? features.nInstances() * restarts : nInstances,
        activation, tied, init, restarts);
  }

  @Override
  public boolean isResolved() {
    return nFeatures != FROM_TASK && nInstances != FROM_TASK;
  }

  /** Reads the keys after {@code kind}; see {@link ModelConfig#fromConfig}. */
  static ToyModelConfig fromConfig(ConfigSection section, SparseFeaturesConfig features) {
    int nFeatures = featureCount(section, "n_features",
        features == null ? FROM_TASK : features.nFeatures(), "the task's n_features");
    int nHidden = section.integer("n_hidden", 2, 1, Integer.MAX_VALUE);
    int restarts = section.integer("restarts", 1, 1, SparseFeaturesConfig.MAX_N_INSTANCES);
    int nInstances = featureCount(section, "n_instances",
        features == null ? FROM_TASK : features.nInstances() * restarts,
        restarts == 1 ? "the task's n_instances" : "the task's n_instances times restarts,");
    Activation activation = section.choice("activation", Activation.RELU, Activation.class);
    boolean tied = section.bool("tied", true);
    WeightInit init = section.choice("init", WeightInit.PAPER, WeightInit.class);
    return new ToyModelConfig(nFeatures, nHidden, nInstances, activation, tied, init, restarts);
  }

  /** A count the task fixes: defaults to it and must equal it when given. */
  private static int featureCount(ConfigSection section, String key, int taskValue,
      String what) {
    if (taskValue == FROM_TASK) {
      return section.optionalInteger(key, 1, Integer.MAX_VALUE).orElse(FROM_TASK);
    }
    int value = section.integer(key, taskValue, 1, Integer.MAX_VALUE);
    if (value != taskValue) {
      throw section.error(key, "expected " + what + " " + taskValue + ", got '" + value
          + "'; leave it out to use the task's");
    }
    return value;
  }

  /** The sparse-features task, or null for none; a token task is reported on model.kind. */
  static SparseFeaturesConfig featuresOf(ConfigSection section, TaskConfig task) {
    if (task == null) {
      return null;
    }
    if (task instanceof SparseFeaturesConfig features) {
      return features;
    }
    String problem = "the toy model reads feature vectors, but task " + task.name()
        + " gives tokens; use task name: " + SparseFeaturesConfig.NAME;
    throw section == null ? ConfigException.at(null, "model.kind", problem)
        : section.error("kind", problem);
  }
}
