package org.toylens.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.toylens.analysis.superposition.FeatureRepresentation;
import org.toylens.analysis.superposition.InstanceGeometry;
import org.toylens.analysis.superposition.SuperpositionResult;

/**
 * The phase diagram of Toy Models of Superposition ("The Phase Change"): one cell per trained
 * instance of a feature-density × relative-importance grid, coloured by how the extra (last)
 * feature ended up: not represented, on a dedicated dimension, or superposed with another. Both
 * axes are logarithmic; denser instances are to the right, more important extra features at the
 * top. Drawn with Java2D so that the cells tile exactly.
 */
final class SuperpositionPhaseFigure {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 680;
  private static final int LEFT = 100;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 130;

  /** The colour of each class. */
  static final Map<FeatureRepresentation, Color> COLOURS = new EnumMap<>(Map.of(
      FeatureRepresentation.NOT_REPRESENTED, new Color(0xbdbdbd),
      FeatureRepresentation.DEDICATED_DIMENSION, new Color(0x2166ac),
      FeatureRepresentation.SUPERPOSED, new Color(0xd6604d)));

  private static final Map<FeatureRepresentation, String> LABELS = new EnumMap<>(Map.of(
      FeatureRepresentation.NOT_REPRESENTED, "not represented",
      FeatureRepresentation.DEDICATED_DIMENSION, "dedicated dimension",
      FeatureRepresentation.SUPERPOSED, "superposed"));

  private SuperpositionPhaseFigure() {}

  /** The grid of {@code result}, which must be an importance grid. */
  static BufferedImage render(SuperpositionResult result, String title) {
    if (!result.isImportanceGrid()) {
      throw new IllegalArgumentException("phase diagram: the instances form no importance grid"
          + " (task.relative_importances is 1)");
    }
    int columns = result.densities();
    int rows = result.relativeImportances();
    double[] density = new double[columns];
    double[] importance = new double[rows];
    for (int d = 0; d < columns; d++) density[d] = result.cell(d, 0).featureProbability();
    for (int r = 0; r < rows; r++) importance[r] = result.cell(0, r).lastImportance();
    LogAxis x = LogAxis.around(density, LEFT, WIDTH - RIGHT);
    LogAxis y = LogAxis.around(importance, HEIGHT - BOTTOM, TOP); // larger values higher up

    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      for (InstanceGeometry cell : result.kept()) {
        int x0 = x.pixel(x.lowerEdge(cell.featureProbability()));
        int x1 = x.pixel(x.upperEdge(cell.featureProbability()));
        int y0 = y.pixel(y.upperEdge(cell.lastImportance()));
        int y1 = y.pixel(y.lowerEdge(cell.lastImportance()));
        g.setColor(COLOURS.get(cell.phase()));
        g.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) - 1, Math.abs(y1 - y0) - 1);
      }
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(SuperpositionCanvas.INK);
      g.setFont(SuperpositionCanvas.TITLE);
      g.drawString(title, LEFT, 32);
      axes(g, x, y);
      legend(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void axes(Graphics2D g, LogAxis x, LogAxis y) {
    int bottom = HEIGHT - BOTTOM;
    g.setStroke(new BasicStroke(1f));
    g.setColor(SuperpositionCanvas.INK);
    g.drawLine(LEFT, bottom + 4, WIDTH - RIGHT, bottom + 4);
    g.drawLine(LEFT - 4, TOP, LEFT - 4, bottom);
    g.setFont(SuperpositionCanvas.LABEL);
    FontMetrics metrics = g.getFontMetrics();
    for (double tick : x.ticks()) {
      int px = x.pixel(tick);
      boolean major = LogAxis.isDecade(tick);
      g.drawLine(px, bottom + 4, px, bottom + (major ? 10 : 7));
      if (major) {
        String label = LogAxis.label(tick);
        g.drawString(label, px - metrics.stringWidth(label) / 2, bottom + 26);
      }
    }
    for (double tick : y.ticks()) {
      int py = y.pixel(tick);
      boolean major = LogAxis.isDecade(tick);
      g.drawLine(LEFT - 4, py, LEFT - (major ? 10 : 7), py);
      if (major) {
        String label = LogAxis.label(tick);
        g.drawString(label, LEFT - 14 - metrics.stringWidth(label), py + 5);
      }
    }
    String xTitle = "feature density 1 − S (log scale; sparser to the left)";
    g.drawString(xTitle, LEFT + (WIDTH - RIGHT - LEFT - metrics.stringWidth(xTitle)) / 2, bottom + 50);
    String yTitle = "importance of the extra feature relative to the first (log scale)";
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yTitle, -(TOP + (bottom - TOP + metrics.stringWidth(yTitle)) / 2), LEFT - 56);
    g.setTransform(saved);
  }

  private static void legend(Graphics2D g) {
    g.setFont(SuperpositionCanvas.LABEL);
    FontMetrics metrics = g.getFontMetrics();
    int y = HEIGHT - 40;
    int x = LEFT;
    g.setColor(SuperpositionCanvas.INK);
    String lead = "extra feature:";
    g.drawString(lead, x, y + 12);
    x += metrics.stringWidth(lead) + 14;
    for (FeatureRepresentation kind : FeatureRepresentation.values()) {
      g.setColor(COLOURS.get(kind));
      g.fillRect(x, y, 16, 16);
      g.setColor(SuperpositionCanvas.INK);
      g.drawString(LABELS.get(kind), x + 22, y + 12);
      x += 22 + metrics.stringWidth(LABELS.get(kind)) + 24;
    }
  }

  /** A logarithmic axis over log-spaced cell centres, mapped onto a pixel range. */
  private record LogAxis(double lowEdge, double highEdge, double halfStep, int fromPixel, int toPixel) {

    /** The axis spanning the cells centred at {@code centres}, each half a step wide each side. */
    static LogAxis around(double[] centres, int fromPixel, int toPixel) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = 0;
      for (double c : centres) {
        lo = Math.min(lo, c);
        hi = Math.max(hi, c);
      }
      double halfStep = centres.length == 1 || hi == lo ? Math.log(1.5)
          : Math.log(hi / lo) / (centres.length - 1) / 2;
      return new LogAxis(lo * Math.exp(-halfStep), hi * Math.exp(halfStep), halfStep, fromPixel,
          toPixel);
    }

    int pixel(double value) {
      double t = Math.log(value / lowEdge) / Math.log(highEdge / lowEdge);
      return (int) Math.round(fromPixel + t * (toPixel - fromPixel));
    }

    double lowerEdge(double centre) {
      return centre * Math.exp(-halfStep);
    }

    double upperEdge(double centre) {
      return centre * Math.exp(halfStep);
    }

    /** 1, 2, …, 9 times each power of ten inside the axis. */
    java.util.List<Double> ticks() {
      java.util.List<Double> out = new java.util.ArrayList<>();
      for (int e = (int) Math.floor(Math.log10(lowEdge)); e <= Math.ceil(Math.log10(highEdge)); e++) {
        for (int k = 1; k <= 9; k++) {
          double v = k * Math.pow(10, e);
          if (v >= lowEdge && v <= highEdge) out.add(v);
        }
      }
      return out;
    }

    static boolean isDecade(double v) {
      double e = Math.log10(v);
      return Math.abs(e - Math.rint(e)) < 1e-9;
    }

    static String label(double v) {
      return v >= 1 ? String.format(Locale.ROOT, "%.0f", v)
          : String.format(Locale.ROOT, "%s", new java.math.BigDecimal(v).round(new java.math.MathContext(1)).toPlainString());
    }
  }
}
