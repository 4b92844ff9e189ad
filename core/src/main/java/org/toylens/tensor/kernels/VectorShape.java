package org.toylens.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width the fast kernels are built for, and the micro-tile it implies. Constants, so
 * that the JIT folds them into the kernels; a species held anywhere else costs a factor of ten.
 */
final class VectorShape {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Floats per vector: 16 with AVX-512, 8 with AVX2, 4 with NEON. */
  static final int LANES = SPECIES.length();
  /** Columns per micro-tile: two vectors. */
  static final int NR = 2 * LANES;
  /**
   * Rows per micro-tile. The tile's MR × 2 accumulators, two B vectors and one broadcast of A
   * must fit the register file: 12 rows (27 registers) where there are 32 vector registers
   * (AVX-512, AArch64), 6 rows (15 registers) where there are 16 (AVX2, SSE).
   */
  static final int MR = hasThirtyTwoVectorRegisters() ? 12 : 6;
  /**
   * One vector of zeros, read instead of C when a kernel overwrites C, so that it can write
   * {@code load.add(acc)} either way (see {@link MicroKernel} for why never {@code acc} itself).
   */
  static final float[] ZEROS = new float[LANES];

  private VectorShape() {}

  private static boolean hasThirtyTwoVectorRegisters() {
    String arch = System.getProperty("os.arch", "");
    return SPECIES.vectorBitSize() >= 512 || arch.equals("aarch64") || arch.equals("arm64");
  }
}
