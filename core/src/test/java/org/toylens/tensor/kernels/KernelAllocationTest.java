package org.toylens.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The compiled vector kernels keep their accumulators in registers even when C2 may not speculate
 * on classes: it then keeps a virtual call wherever a method is invoked on a vector whose exact
 * class it cannot prove, and must allocate that vector on the heap. The kernels are written so
 * that this never touches a loop's accumulators (see {@link MicroKernel}); before, a JIT state
 * reached by chance during warm-up left the GEMM allocating on every step, 10-20 times slower.
 */
class KernelAllocationTest {

  @Test
  void compiledKernelsDoNotAllocatePerStepWhenTheJitMayNotSpeculate() throws Exception {
    // PerMethodTrapLimit=0: C2 speculates on nothing, the state a few class-check traps recorded
    // in a shared Vector API method put it in by chance; -Xbatch: compile before running on.
    String line = FreshJvm.lastLine(AllocationProbe.class, 150, "--add-modules",
        "jdk.incubator.vector", "-XX:PerMethodTrapLimit=0", "-Xbatch");
    assertThat(line).endsWith("ok");
  }
}
