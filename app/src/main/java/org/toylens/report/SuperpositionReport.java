package org.toylens.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.toylens.analysis.superposition.InstanceGeometry;
import org.toylens.analysis.superposition.SuperpositionResult;
import org.toylens.analysis.superposition.SuperpositionTables;

/**
 * The report of a superposition run: PNG figures and an {@code index.html} that shows them with
 * a table of every instance, written into the run's {@code report/} folder.
 *
 * <ul>
 *   <li>{@value #GRAM}: WᵀW heatmaps with bias bars per instance (at most
 *       {@value #MAX_PANELS} instances, evenly chosen);
 *   <li>{@value #PLANE}: feature directions in the plane, when m = 2;
 *   <li>{@value #D_STAR} and {@value #D_I}: D* and the D_i scatter against 1/(1 − S);
 *   <li>{@value #PHASE}: the phase diagram, when the instances form an importance grid (which
 *       replaces the per-instance figures).
 * </ul>
 */
public final class SuperpositionReport {

  public static final String INDEX = "index.html";
  public static final String GRAM = "superposition-gram.png";
  public static final String PLANE = "superposition-plane.png";
  public static final String D_STAR = "superposition-dimensions-per-feature.png";
  public static final String D_I = "superposition-feature-dimensionality.png";
  public static final String PHASE = "superposition-phase-diagram.png";

  /** The most instances drawn one panel each. */
  public static final int MAX_PANELS = 20;

  private static final int COLUMNS = 5;

  private SuperpositionReport() {}

  /** A figure written: its file name and what it shows. */
  public record Figure(String file, String caption) {}

  /**
   * Writes the figures and {@code index.html} into {@code reportDir} (created if missing).
   *
   * @param title       what the report is of, e.g. the run id and preset
   * @param analysisDir where the metric tables are, linked from the page (null for no links)
   * @return the figures, in page order
   */
  public static List<Figure> write(SuperpositionResult result, Path reportDir, String title,
      Path analysisDir) throws IOException {
    SuperpositionCanvas.headless();
    Files.createDirectories(reportDir);
    List<Figure> figures = new ArrayList<>();
    String shape = result.nFeatures() + " features in " + result.nHidden()
        + (result.nHidden() == 1 ? " dimension, " : " dimensions, ") + result.activation();
    if (result.isImportanceGrid()) {
      SuperpositionCanvas.writePng(SuperpositionPhaseFigure.render(result,
          "Phase diagram: " + shape), reportDir.resolve(PHASE));
      figures.add(new Figure(PHASE, "How the extra (last) feature is held, per feature density"
          + " and importance relative to the first feature: grey not represented (‖W_i‖ ≤ 0.5),"
          + " blue alone on a dimension, red superposed with another feature."
          + (result.restarts() > 1 ? " Each cell shows the lowest-loss of its "
              + result.restarts() + " restarts." : "")));
    } else {
      List<InstanceGeometry> kept = result.kept(); // the lowest-loss copy of each setting
      List<InstanceGeometry> shown = panels(kept);
      String which = shown.size() == kept.size() ? ""
          : " (" + shown.size() + " of " + kept.size() + " instances)";
      SuperpositionCanvas.writePng(SuperpositionGramFigure.render(shown, COLUMNS,
          "WᵀW and bias per instance: " + shape + which), reportDir.resolve(GRAM));
      figures.add(new Figure(GRAM, "Per instance, dense to sparse: the Gram matrix WᵀW of the"
          + " feature directions (diagonal ‖W_i‖², off-diagonal interference W_i·W_j) and the"
          + " bias b. A clean diagonal block is features on their own dimensions; off-diagonal"
          + " colour and negative biases are superposition."));
      if (result.nHidden() == 2) {
        SuperpositionCanvas.writePng(SuperpositionPlaneFigure.render(shown, COLUMNS,
            "Feature directions in the hidden plane" + which), reportDir.resolve(PLANE));
        figures.add(new Figure(PLANE, "Each feature's direction W_i in the 2-dimensional hidden"
            + " space. Dense: the two most important features on orthogonal axes. Sparse: all"
            + " features spread evenly (a pentagon for five)."));
      }
      SuperpositionCanvas.writePng(SuperpositionDimensionsFigure.dimensionsPerFeature(
          kept, "Dimensions per feature: " + shape), reportDir.resolve(D_STAR));
      figures.add(new Figure(D_STAR, "D* = m / ‖W‖²_F per instance against 1/(1 − S): 1 when"
          + " each represented feature has a dimension of its own, 1/2 for antipodal pairs."));
      SuperpositionCanvas.writePng(SuperpositionDimensionsFigure.featureDimensionality(
          kept, "Feature dimensionality: " + shape), reportDir.resolve(D_I));
      figures.add(new Figure(D_I, "D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² of every represented feature"
          + " (dots) and D* (line), against 1/(1 − S). Dashed: the fractions 1, 3/4, 2/3, 1/2,"
          + " 2/5, 3/8 at which D_i clusters."));
    }
    String html = SuperpositionReportPage.html(result, title, figures,
        analysisDir == null ? null : relative(reportDir, analysisDir));
    org.toylens.runs.AtomicFiles.writeString(reportDir.resolve(INDEX), html);
    return figures;
  }

  /** At most {@link #MAX_PANELS} instances, evenly spread from first to last. */
  static List<InstanceGeometry> panels(List<InstanceGeometry> all) {
    if (all.size() <= MAX_PANELS) return all;
    List<InstanceGeometry> out = new ArrayList<>();
    for (int j = 0; j < MAX_PANELS; j++) {
      out.add(all.get((int) Math.round(j * (all.size() - 1) / (double) (MAX_PANELS - 1))));
    }
    return out;
  }

  private static String relative(Path from, Path to) {
    return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize())
        .toString().replace('\\', '/');
  }

  /** The names of the tables the page links to. */
  static List<String> tables() {
    return List.of(SuperpositionTables.INSTANCES_CSV, SuperpositionTables.FEATURES_CSV,
        SuperpositionTables.JSON, SuperpositionTables.GRAM);
  }

  static String number(double value) {
    if (!Double.isFinite(value)) return "–";
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
