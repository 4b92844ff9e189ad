package org.toylens.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.toylens.bench.peer.PeerEngine;

/**
 * Turns the JMH JSON results of both sides into a readable table and, as the last line, one JSON
 * object of times, throughputs and ratios (peer time / ToyLens time: higher is better for
 * ToyLens). A workload without a ToyLens benchmark yet reports null.
 *
 * <p>Usage: {@code BenchmarkReport RESULTS.json...}; the system property
 * {@value Machine#LOAD_BEFORE_PROPERTY} may carry the machine's load average when the benchmarks
 * started (other work on the machine skews every number). Exits 1 (after printing everything) when a
 * result file is missing or a benchmark in this jar has no result, so a failed fork is noticed.
 */
public final class BenchmarkReport {

  private record Key(Side side, Workload workload, GemmShape shape) {}

  private final Map<Key, JmhResult> measured = new LinkedHashMap<>();
  private final List<JmhResult> unrecognised = new ArrayList<>();

  BenchmarkReport(List<JmhResult> results) {
    for (JmhResult r : results) {
      Optional<Workload> workload = Workload.ofMethod(r.methodName());
      if (workload.isEmpty()) {
        unrecognised.add(r);
        continue;
      }
      GemmShape shape = null;
      if (workload.get() == Workload.GEMM) {
        String name = r.params().get("shape");
        try {
          shape = GemmShape.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
          unrecognised.add(r);
          continue;
        }
      }
      measured.put(new Key(r.side(), workload.get(), shape), r);
    }
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: BenchmarkReport RESULTS.json... (JMH -rf json result files)");
      System.exit(2);
    }
    List<String> problems = new ArrayList<>();
    List<JmhResult> results = new ArrayList<>();
    for (String arg : args) {
      Path file = Path.of(arg);
      if (!Files.isRegularFile(file)) {
        problems.add(file + ": no such result file (did that benchmark phase fail?)");
        continue;
      }
      try {
        results.addAll(JmhResult.read(file));
      } catch (IOException | RuntimeException e) {
        problems.add(file + ": unreadable JMH result file: " + e.getMessage());
      }
    }
    BenchmarkReport report = new BenchmarkReport(results);
    problems.addAll(report.missingResults(results));
    report.printTable(System.out);
    for (String problem : problems) System.out.println("PROBLEM: " + problem);
    System.out.println(report.json());
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /** Benchmarks compiled into this jar that produced no result. */
  List<String> missingResults(List<JmhResult> results) {
    Set<String> seen = new TreeSet<>();
    for (JmhResult r : results) seen.add(r.benchmark());
    List<String> missing = new ArrayList<>();
    var quiet = OutputFormatFactory.createFormatInstance(System.err, VerboseMode.SILENT);
    for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(quiet, List.of())) {
      if (!seen.contains(entry.getUsername())) {
        missing.add(entry.getUsername() + ": no result (see the JMH log for its error)");
      }
    }
    return missing;
  }

  private Double ms(Side side, Workload workload, GemmShape shape) {
    JmhResult r = measured.get(new Key(side, workload, shape));
    return r == null ? null : r.msPerOp();
  }

  private Double error(Side side, Workload workload, GemmShape shape) {
    JmhResult r = measured.get(new Key(side, workload, shape));
    return r == null ? null : r.errorMs();
  }

  /** Peer time / ToyLens time, or null when either is unknown. */
  private Double ratio(Workload workload, GemmShape shape) {
    Double toylens = ms(Side.TOYLENS, workload, shape);
    Double peer = ms(Side.PEER, workload, shape);
    return toylens == null || peer == null ? null : peer / toylens;
  }

  private static Double gflops(Double ms, GemmShape shape) {
    return ms == null ? null : shape.flops() / (ms * 1e6);
  }

  private static Double perSecond(Double ms, Workload workload) {
    return ms == null ? null : workload.unitsPerSecond(ms);
  }

  void printTable(PrintStream out) {
    out.printf("ToyLens vs PyTorch %s (DJL %s): float32, %d threads each%n",
        PeerEngine.pytorchVersion(), PeerEngine.djlVersion(), ToyLensBenchmark.THREADS);
    out.printf("machine: %s, %d cores, JDK %s%s%n%n", Machine.cpuModel(), Machine.cores(), Machine.jdk(),
        Machine.loadBefore() == null ? "" : ", load average " + Machine.loadBefore() + " at the start");
    String format = "%-32s %22s %16s %22s %16s %10s%n";
    out.printf(format, "workload", "ToyLens ms/op", "ToyLens rate", "PyTorch ms/op", "PyTorch rate",
        "ratio");
    for (GemmShape shape : GemmShape.values()) {
      Double t = ms(Side.TOYLENS, Workload.GEMM, shape);
      Double p = ms(Side.PEER, Workload.GEMM, shape);
      out.printf(format, "GEMM " + shape.label(),
          time(t, error(Side.TOYLENS, Workload.GEMM, shape)), rate(gflops(t, shape), "GFLOP/s"),
          time(p, error(Side.PEER, Workload.GEMM, shape)), rate(gflops(p, shape), "GFLOP/s"),
          factor(ratio(Workload.GEMM, shape)));
    }
    for (Workload w : List.of(Workload.TRAINING_STEP, Workload.TOMS_STEP, Workload.SGLD_DRAW)) {
      Double t = ms(Side.TOYLENS, w, null);
      Double p = ms(Side.PEER, w, null);
      out.printf(format, w.title(),
          time(t, error(Side.TOYLENS, w, null)), rate(perSecond(t, w), w.unit() + "/s"),
          time(p, error(Side.PEER, w, null)), rate(perSecond(p, w), w.unit() + "/s"),
          factor(ratio(w, null)));
    }
    for (JmhResult r : unrecognised) {
      out.printf(format, r.benchmark() + r.params(), time(r.msPerOp(), r.errorMs()), "", "", "", "");
    }
    out.println();
    out.println("ratio = PyTorch time / ToyLens time (above 1: ToyLens is faster); n/a = not measured");
  }

  private static String time(Double ms, Double error) {
    if (ms == null) return "n/a";
    if (error == null || error.isNaN()) return String.format(Locale.ROOT, "%.4g", ms);
    return String.format(Locale.ROOT, "%.4g ± %.2g", ms, error);
  }

  private static String rate(Double value, String unit) {
    if (value == null) return "n/a";
    String shortUnit = unit.replace("instance-step", "inst-step");
    return String.format(Locale.ROOT, "%.4g %s", value, shortUnit);
  }

  private static String factor(Double ratio) {
    return ratio == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /** The one-line JSON summary. */
  String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    Double minRatio = null;
    boolean allKnown = true;
    ObjectNode gemm = mapper.createObjectNode();
    for (GemmShape shape : GemmShape.values()) {
      Double t = ms(Side.TOYLENS, Workload.GEMM, shape);
      Double p = ms(Side.PEER, Workload.GEMM, shape);
      Double r = ratio(Workload.GEMM, shape);
      ObjectNode one = gemm.putObject(shape.label());
      put(one, "ms", t);
      put(one, "peer_ms", p);
      put(one, "ratio", r);
      put(one, "gflops", gflops(t, shape));
      put(one, "peer_gflops", gflops(p, shape));
      if (r == null) allKnown = false;
      else minRatio = minRatio == null ? r : Math.min(minRatio, r);
    }
    put(root, "gemm_ratio_min", allKnown ? minRatio : null);
    root.set("gemm", gemm);

    put(root, "step_ms", ms(Side.TOYLENS, Workload.TRAINING_STEP, null));
    put(root, "peer_step_ms", ms(Side.PEER, Workload.TRAINING_STEP, null));
    put(root, "step_ratio", ratio(Workload.TRAINING_STEP, null));
    put(root, "step_per_example_ms", other("TrainingStepBenchmark", "trainingStepPerExample"));

    Double tomsMs = ms(Side.TOYLENS, Workload.TOMS_STEP, null);
    Double peerTomsMs = ms(Side.PEER, Workload.TOMS_STEP, null);
    put(root, "toms_ms", tomsMs);
    put(root, "peer_toms_ms", peerTomsMs);
    put(root, "toms_instance_steps_per_s", perSecond(tomsMs, Workload.TOMS_STEP));
    put(root, "peer_toms_instance_steps_per_s", perSecond(peerTomsMs, Workload.TOMS_STEP));
    put(root, "toms_ratio", ratio(Workload.TOMS_STEP, null));

    Double sgldMs = ms(Side.TOYLENS, Workload.SGLD_DRAW, null);
    Double peerSgldMs = ms(Side.PEER, Workload.SGLD_DRAW, null);
    put(root, "sgld_ms", sgldMs);
    put(root, "peer_sgld_ms", peerSgldMs);
    put(root, "sgld_draws_per_s", perSecond(sgldMs, Workload.SGLD_DRAW));
    put(root, "peer_sgld_draws_per_s", perSecond(peerSgldMs, Workload.SGLD_DRAW));
    put(root, "llc_ratio", ratio(Workload.SGLD_DRAW, null));

    // Caching (issue: runWithCache of everything at most 1.3x a plain forward). The per-example
    // forward is the computation a cache observes; the plain one may take the row-table path.
    Double plain = other("ForwardCacheBenchmark", "forwardPlain");
    Double perExample = other("ForwardCacheBenchmark", "forwardPerExample");
    Double cacheAll = other("ForwardCacheBenchmark", "forwardCacheAll");
    put(root, "forward_ms", plain);
    put(root, "forward_per_example_ms", perExample);
    put(root, "cache_all_ms", cacheAll);
    put(root, "cache_ratio", cacheAll == null || perExample == null ? null : cacheAll / perExample);
    put(root, "cache_vs_plain", cacheAll == null || plain == null ? null : cacheAll / plain);

    put(root, "load_before", Machine.loadBefore());
    root.put("threads", ToyLensBenchmark.THREADS);
    root.put("cpu", Machine.cpuModel());
    root.put("cores", Machine.cores());
    root.put("jdk", Machine.jdk());
    root.put("pytorch", PeerEngine.pytorchVersion());
    root.put("djl", PeerEngine.djlVersion());
    return root.toString();
  }

  /** The time of a ToyLens benchmark that has no peer, by class simple name and method; or null. */
  private Double other(String simpleClassName, String method) {
    for (JmhResult r : unrecognised) {
      if (r.className().endsWith("." + simpleClassName) && r.methodName().equals(method)) {
        return r.msPerOp();
      }
    }
    return null;
  }

  /** Puts a value rounded to 4 significant digits, or null. */
  private static void put(ObjectNode node, String field, Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      node.putNull(field);
    } else {
      node.put(field, new BigDecimal(value).round(new MathContext(4)).doubleValue());
    }
  }
}
