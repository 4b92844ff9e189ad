package org.toylens.report;

import java.util.List;
import java.util.stream.Collectors;
import org.toylens.analysis.superposition.InstanceGeometry;
import org.toylens.analysis.superposition.SuperpositionResult;
import org.toylens.analysis.superposition.SuperpositionTables;

/** The {@code index.html} of a superposition report: figures with captions, then a table. */
final class SuperpositionReportPage {

  private SuperpositionReportPage() {}

  static String html(SuperpositionResult result, String title,
      List<SuperpositionReport.Figure> figures, String analysisLink) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1400px;margin:2em auto;color:#222;"
            + "padding:0 1em}\n")
        .append("figure{margin:2em 0}img{max-width:100%;border:1px solid #eee}\n")
        .append("figcaption{color:#444;max-width:60em;margin-top:.4em}\n")
        .append("table{border-collapse:collapse;font-size:90%}"
            + "td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right}"
            + "th{background:#f4f4f4}td.l,th.l{text-align:left}\n")
        .append("</style></head><body>\n");
    h.append("<h1>").append(escape(title)).append("</h1>\n");
    h.append("<p>Toy models of superposition: ").append(result.instances().size())
        .append(" instances of ").append(result.nFeatures()).append(" features in ")
        .append(result.nHidden()).append(" hidden dimensions, ").append(escape(result.activation()))
        .append(" output, trained ").append(result.steps()).append(" steps. A feature is")
        .append(" represented when ‖W_i‖ &gt; 0.5.");
    if (result.restarts() > 1) {
      h.append(" Each setting was trained from ").append(result.restarts())
          .append(" random starts; the figures and the table show the copy with the lowest"
              + " loss.");
    }
    h.append("</p>\n");
    for (SuperpositionReport.Figure figure : figures) {
      h.append("<figure><img src=\"").append(escape(figure.file())).append("\" alt=\"")
          .append(escape(figure.file())).append("\"><figcaption>").append(escape(figure.caption()))
          .append("</figcaption></figure>\n");
    }
    h.append("<h2>Instances</h2>\n<table><tr><th>instance</th><th>feature probability</th>");
    if (result.isImportanceGrid()) h.append("<th>relative importance</th>");
    h.append("<th>loss</th><th>represented</th><th>D*</th><th class=\"l\">D_i of represented"
        + " features</th>");
    if (result.isImportanceGrid()) h.append("<th class=\"l\">extra feature</th>");
    h.append("</tr>\n");
    for (InstanceGeometry g : result.kept()) {
      h.append("<tr><td>").append(g.instance()).append("</td><td>")
          .append(SuperpositionReport.number(g.featureProbability())).append("</td>");
      if (result.isImportanceGrid()) {
        h.append("<td>").append(SuperpositionReport.number(g.lastImportance())).append("</td>");
      }
      h.append("<td>").append(SuperpositionReport.number(g.loss())).append("</td><td>")
          .append(g.representedFeatures().length).append(" of ").append(g.nFeatures())
          .append("</td><td>").append(SuperpositionReport.number(g.dimensionsPerFeature()))
          .append("</td><td class=\"l\">")
          .append(g.representedDimensionalities().stream().map(SuperpositionReport::number)
              .collect(Collectors.joining(" "))).append("</td>");
      if (result.isImportanceGrid()) {
        h.append("<td class=\"l\">").append(SuperpositionTables.word(g.phase())).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    if (analysisLink != null) {
      h.append("<h2>Tables</h2>\n<ul>\n");
      for (String table : SuperpositionReport.tables()) {
        String href = analysisLink + "/" + table;
        h.append("<li><a href=\"").append(escape(href)).append("\">").append(escape(table))
            .append("</a></li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
