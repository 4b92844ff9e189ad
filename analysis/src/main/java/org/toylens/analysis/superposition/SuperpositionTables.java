package org.toylens.analysis.superposition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.toylens.io.SafeTensors;
import org.toylens.io.TensorFile;
import org.toylens.runs.AtomicFiles;
import org.toylens.tensor.Tensor;

/**
 * The metric tables of a superposition run, written into its {@code analysis/} folder:
 *
 * <ul>
 *   <li>{@value #INSTANCES_CSV}: one row per instance (feature probability, the last feature's
 *       importance, loss, represented features, D*, ‖W‖²_F, Σ C_i, how the last feature is held:
 *       the phase-diagram cell on an importance grid; with restarts also the copy's index and
 *       whether it is the one kept for its setting);
 *   <li>{@value #FEATURES_CSV}: one row per instance and feature (importance, ‖W_i‖,
 *       superposition, D_i, C_i, b_i, how the feature is held);
 *   <li>{@value #JSON}: all of it as one document, per-feature values as lists;
 *   <li>{@value #GRAM}: the Gram matrices WᵀW [n_instances, n, n] and the feature directions
 *       [n_instances, n, m] as float32, readable from Python with numpy alone.
 * </ul>
 * JSON keys follow the paper's symbols where users look for them: {@code D_star}, {@code D_i}.
 */
public final class SuperpositionTables {

  public static final String INSTANCES_CSV = "superposition-instances.csv";
  public static final String FEATURES_CSV = "superposition-features.csv";
  public static final String JSON = "superposition.json";
  public static final String GRAM = "superposition-gram.safetensors";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private SuperpositionTables() {}

  /** Writes every table into {@code folder} (created if missing); returns the files written. */
  public static List<Path> write(SuperpositionResult result, Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Path> written = new ArrayList<>();
    written.add(write(folder.resolve(INSTANCES_CSV), instancesCsv(result)));
    written.add(write(folder.resolve(FEATURES_CSV), featuresCsv(result)));
    written.add(write(folder.resolve(JSON), json(result)));
    Path gram = folder.resolve(GRAM);
    SafeTensors.write(gram, gramFile(result));
    written.add(gram);
    return written;
  }

  private static Path write(Path file, String text) throws IOException {
    AtomicFiles.writeString(file, text);
    return file;
  }

  /**
   * What {@code toylens superposition --json} prints per instance: {@code instance},
   * {@code feature_probability}, {@code sparsity}, {@code loss}, {@code represented_features}
   * (how many have ‖W_i‖ &gt; 0.5), {@code D_star} (null when W = 0), {@code D_i} (over the
   * represented features, in feature order), on an importance grid also
   * {@code relative_importance} and {@code phase} (how the last feature is held), and with
   * restarts {@code restart} (the copy) and {@code kept} (the lowest-loss copy of its setting).
   */
  public static Map<String, Object> summary(SuperpositionResult result, InstanceGeometry g) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instance", g.instance());
    out.put("feature_probability", g.featureProbability());
    out.put("sparsity", g.sparsity());
    if (result.isImportanceGrid()) out.put("relative_importance", g.lastImportance());
    out.put("loss", g.loss());
    out.put("represented_features", g.representedFeatures().length);
    out.put("D_star", finiteOrNull(g.dimensionsPerFeature()));
    out.put("D_i", g.representedDimensionalities());
    if (result.isImportanceGrid()) out.put("phase", word(g.phase()));
    if (result.restarts() > 1) {
      out.put("restart", g.instance() % result.restarts());
      out.put("kept", result.isKept(g));
    }
    return out;
  }

  /** The whole result as one JSON document. */
  public static String json(SuperpositionResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("n_features", result.nFeatures());
    root.put("n_hidden", result.nHidden());
    root.put("activation", result.activation());
    root.put("relative_importances", result.relativeImportances());
    root.put("restarts", result.restarts());
    root.put("steps", result.steps());
    List<Map<String, Object>> instances = new ArrayList<>();
    for (InstanceGeometry g : result.instances()) {
      Map<String, Object> entry = summary(result, g);
      entry.put("frobenius_squared", g.frobeniusSquared());
      entry.put("total_capacity", g.totalCapacity());
      Map<String, Object> features = new LinkedHashMap<>();
      features.put("importance", g.importance());
      features.put("norm", g.norms());
      features.put("superposition", g.superposition());
      features.put("dimensionality", g.dimensionality());
      features.put("capacity", g.capacity());
      features.put("bias", g.bias());
      List<String> held = new ArrayList<>();
      for (FeatureRepresentation r : g.representation()) held.add(word(r));
      features.put("representation", held);
      entry.put("features", features);
      instances.add(entry);
    }
    root.put("instances", instances);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the superposition result as JSON", e);
    }
  }

  /** One row per instance. */
  public static String instancesCsv(SuperpositionResult result) {
    boolean restarts = result.restarts() > 1;
    StringBuilder csv = new StringBuilder("instance,feature_probability,sparsity,"
        + "last_feature_importance,loss,represented_features,D_star,frobenius_squared,"
        + "total_capacity,last_feature" + (restarts ? ",restart,kept" : "") + "\n");
    for (InstanceGeometry g : result.instances()) {
      csv.append(g.instance()).append(',').append(number(g.featureProbability())).append(',')
          .append(number(g.sparsity())).append(',').append(number(g.lastImportance())).append(',')
          .append(number(g.loss())).append(',').append(g.representedFeatures().length).append(',')
          .append(number(g.dimensionsPerFeature())).append(',')
          .append(number(g.frobeniusSquared())).append(',').append(number(g.totalCapacity()))
          .append(',').append(word(g.phase()));
      if (restarts) {
        csv.append(',').append(g.instance() % result.restarts()).append(',')
            .append(result.isKept(g));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** One row per instance and feature. */
  public static String featuresCsv(SuperpositionResult result) {
    StringBuilder csv = new StringBuilder("instance,feature,importance,norm,superposition,"
        + "dimensionality,capacity,bias,representation\n");
    for (InstanceGeometry g : result.instances()) {
      for (int i = 0; i < g.nFeatures(); i++) {
        csv.append(g.instance()).append(',').append(i).append(',')
            .append(number(g.importance()[i])).append(',').append(number(g.norms()[i]))
            .append(',').append(number(g.superposition()[i])).append(',')
            .append(number(g.dimensionality()[i])).append(',').append(number(g.capacity()[i]))
            .append(',').append(number(g.bias()[i])).append(',')
            .append(word(g.representation()[i])).append('\n');
      }
    }
    return csv.toString();
  }

  /** {@code gram} [instances, n, n] and {@code directions} [instances, n, m], float32. */
  static TensorFile gramFile(SuperpositionResult result) {
    int count = result.instances().size();
    int n = result.nFeatures();
    int m = result.nHidden();
    float[] gram = new float[count * n * n];
    float[] directions = new float[count * n * m];
    for (int k = 0; k < count; k++) {
      InstanceGeometry g = result.instances().get(k);
      double[] gk = g.gram();
      for (int e = 0; e < n * n; e++) gram[k * n * n + e] = (float) gk[e];
      double[] wk = g.directions();
      for (int e = 0; e < n * m; e++) directions[k * n * m + e] = (float) wk[e];
    }
    return TensorFile.builder()
        .put("gram", Tensor.of(gram, count, n, n))
        .put("directions", Tensor.of(directions, count, n, m))
        .metadata("format", "toylens-superposition-1")
        .build();
  }

  /** A feature's class as a word: not_represented, dedicated_dimension, superposed. */
  public static String word(FeatureRepresentation representation) {
    return representation.name().toLowerCase(Locale.ROOT);
  }

  private static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "";
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
