package org.toylens.report;

import java.util.List;
import org.toylens.analysis.grokking.GrokkingAnalysis;
import org.toylens.analysis.grokking.GrokkingAnalysisSummary;
import org.toylens.config.ExperimentConfig;
import org.toylens.runs.RunDirectory;

/**
 * The HTML page of a grokking report: one self-contained file (inline CSS, no scripts, figures
 * by relative path), readable offline and in any browser.
 */
final class ReportPage {

  private ReportPage() {}

  static String html(RunDirectory run, ExperimentConfig config, GrokkingAnalysisSummary s, List<String> story,
      List<GrokkingReport.Figure> figures) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Grokking report: ").append(escape(run.id())).append("</title>\n")
        .append("<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n")
        .append("h1{font-size:1.6em;margin-bottom:0.2em} h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:0.2em}\n")
        .append(".sub{color:#666;margin-top:0} table{border-collapse:collapse;margin:1em 0}\n")
        .append("td,th{padding:0.25em 0.9em;border-bottom:1px solid #eee;text-align:left} td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append("figure{margin:1.5em 0} figure img{max-width:100%;border:1px solid #eee} figcaption{color:#444;font-size:0.95em}\n")
        .append("ul.story li{margin:0.3em 0} code{background:#f4f4f4;padding:0 0.25em}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Grokking report</h1>\n<p class=\"sub\">run <code>").append(escape(run.id())).append("</code>");
    h.append(" &middot; ").append(escape(GrokkingStory.setup(config))).append("</p>\n");

    h.append("<h2>What happened</h2>\n<ul class=\"story\">\n");
    for (String line : story) h.append("<li>").append(escape(line)).append("</li>\n");
    h.append("</ul>\n");

    h.append("<table>\n<tr><th>landmark</th><th>step</th><th>rule</th></tr>\n");
    String acc = ReportFormat.percent(s.accuracyThreshold());
    String loss = ReportFormat.number(s.lossThreshold());
    row(h, "memorised", s.memorisedStep(), "first checkpoint with train accuracy &ge; " + acc);
    row(h, "restricted loss low", s.restrictedLossStep(), "first checkpoint with restricted loss &lt; " + loss);
    row(h, "cleanup starts", s.cleanupStartStep(), "first checkpoint after memorisation where the Gini of W_L rises at least half as fast as at its steepest");
    row(h, "cleanup ends", s.cleanupEndStep(), "last checkpoint of that steep rise");
    row(h, "test loss low", s.testLossStep(), "first checkpoint with test loss &lt; " + loss);
    row(h, "grokked", s.grokkedStep(), "first checkpoint with test accuracy &ge; " + acc);
    h.append("</table>\n");

    h.append("<table>\n<tr><th>final model (step ").append(ReportFormat.step(s.finalStep())).append(")</th><th></th></tr>\n");
    value(h, "train loss / accuracy", ReportFormat.number(s.finalTrainLoss()) + " / " + ReportFormat.percent(s.finalTrainAccuracy()));
    value(h, "test loss / accuracy", ReportFormat.number(s.finalTestLoss()) + " / " + ReportFormat.percent(s.finalTestAccuracy()));
    value(h, "key frequencies", s.keyFrequencies().isEmpty() ? "none" : s.keyFrequencies().toString());
    value(h, "clean neurons per key frequency", s.keyFrequencyNeurons().isEmpty() ? "-" : s.keyFrequencyNeurons().toString());
    value(h, "gradient symmetricity", ReportFormat.number(s.gradientSymmetricity()));
    value(h, "distance irrelevance", ReportFormat.number(s.distanceIrrelevance()) + " (" + GrokkingStory.algorithm(s) + ")");
    h.append("</table>\n");
    h.append("<p>Every checkpoint's measures: <code>../").append(RunDirectory.ANALYSIS).append('/')
        .append(GrokkingAnalysis.TABLE_FILE).append("</code>; neuron frequencies: <code>../")
        .append(RunDirectory.ANALYSIS).append('/').append(GrokkingAnalysis.NEURONS_FILE).append("</code>.</p>\n");

    for (GrokkingReport.Figure f : figures) {
      h.append("<h2>").append(escape(f.title())).append("</h2>\n<figure>\n<img src=\"").append(escape(f.file()))
          .append("\" alt=\"").append(escape(f.title())).append("\">\n<figcaption>").append(escape(f.caption()))
          .append("</figcaption>\n</figure>\n");
    }
    h.append("<h2>Experiment</h2>\n<pre>").append(escape(config.toYaml())).append("</pre>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String name, Long step, String rule) {
    h.append("<tr><td>").append(name).append("</td><td class=\"num\">")
        .append(step == null ? "not reached" : ReportFormat.step(step)).append("</td><td>").append(rule).append("</td></tr>\n");
  }

  private static void value(StringBuilder h, String name, String value) {
    h.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(value)).append("</td></tr>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
