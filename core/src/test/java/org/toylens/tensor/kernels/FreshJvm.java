package org.toylens.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a probe's {@code main} in a new JVM of this JDK, with the engine and tests on its path. */
final class FreshJvm {

  private FreshJvm() {}

  /**
   * Runs {@code main} with {@code jvmArgs}, waits at most {@code seconds}, asserts that it exited
   * with status 0 and returns the last line it printed.
   */
  static String lastLine(Class<?> main, int seconds, String... jvmArgs) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmArgs));
    command.add("-cp");
    command.add(location(Gemm.class) + File.pathSeparator + location(main));
    command.add(main.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as(main.getSimpleName() + " finished")
        .isTrue();
    assertThat(process.exitValue()).as(main.getSimpleName() + " exit status; output:\n" + output)
        .isZero();
    String[] lines = output.strip().split("\\R");
    return lines[lines.length - 1];
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
