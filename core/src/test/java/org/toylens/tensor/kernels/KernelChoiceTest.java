package org.toylens.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which kernel runs: the Vector API one when it can, the scalar one when asked or when not. */
class KernelChoiceTest {

  private static final MatmulKernel SCALAR = new ScalarMatmul();

  @Test
  void picksTheVectorKernelWhenTheModuleIsPresent() {
    assertThat(KernelChoice.choose(null, true, SCALAR).name()).isEqualTo("vector");
    assertThat(KernelChoice.choose(" Vector ", true, SCALAR).name()).isEqualTo("vector");
  }

  @Test
  void fallsBackToScalarWhenAskedOrWhenTheModuleIsAbsent() {
    assertThat(KernelChoice.choose("scalar", true, SCALAR)).isSameAs(SCALAR);
    assertThat(KernelChoice.choose(null, false, SCALAR)).isSameAs(SCALAR);
    assertThat(KernelChoice.choose("", false, SCALAR)).isSameAs(SCALAR);
  }

  @Test
  void refusesToPretendWhenTheVectorKernelIsDemandedButAbsent() {
    assertThatThrownBy(() -> KernelChoice.choose("vector", false, SCALAR))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("system property toylens.kernels=vector, but module jdk.incubator.vector is "
            + "not available; run java with --add-modules jdk.incubator.vector");
  }

  @Test
  void rejectsAnUnknownKernelName() {
    assertThatThrownBy(() -> KernelChoice.choose("fast", true, SCALAR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("system property toylens.kernels: expected 'scalar' or 'vector', got 'fast'");
  }

  @Test
  void aFreshJvmHonoursThePropertyAndRunsWithoutTheVectorModule() throws Exception {
    assertThat(probe("--add-modules", "jdk.incubator.vector", "-Dtoylens.kernels=scalar"))
        .isEqualTo("implementation=scalar ok");
    assertThat(probe()).isEqualTo("implementation=scalar ok"); // module not added: no linkage
    assertThat(probe("--add-modules", "jdk.incubator.vector"))
        .startsWith("implementation=vector").endsWith(" ok");
  }

  @Test
  void theVectorKernelIsCorrectForNarrowerVectorsToo() throws Exception {
    // AVX2-sized (8 lanes) and SSE/NEON-sized (4 lanes) vectors: other micro-tiles, other edges.
    assertThat(probe("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=32"))
        .isEqualTo("implementation=vector lanes=8 mr=6 ok");
    assertThat(probe("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=16"))
        .isEqualTo("implementation=vector lanes=4 mr=6 ok");
  }

  /** Runs {@link KernelProbe} in a new JVM with {@code jvmArgs}; returns its last output line. */
  private static String probe(String... jvmArgs) throws Exception {
    return FreshJvm.lastLine(KernelProbe.class, 60, jvmArgs);
  }
}
