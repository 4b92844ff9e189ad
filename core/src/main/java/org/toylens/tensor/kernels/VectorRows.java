package org.toylens.tensor.kernels;

import static org.toylens.tensor.kernels.VectorShape.LANES;
import static org.toylens.tensor.kernels.VectorShape.SPECIES;
import static org.toylens.tensor.kernels.VectorShape.ZEROS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** {@link RowKernel} with the Vector API; tails shorter than a vector run as scalar loops. */
final class VectorRows implements RowKernel {

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  // Lane i ↔ lane i ^ h, for the fixed-order sum of a dot product's lanes (null where h ≥ LANES).
  private static final VectorShuffle<Float> SWAP_8 = swap(8);
  private static final VectorShuffle<Float> SWAP_4 = swap(4);
  private static final VectorShuffle<Float> SWAP_2 = swap(2);
  private static final VectorShuffle<Float> SWAP_1 = swap(1);
  private static final int DOUBLE_LANES = DOUBLES.length();

  @Override
  public void axpy(float c, float[] x, int xo, float[] y, int yo, int n) {
    FloatVector cv = FloatVector.broadcast(SPECIES, c);
    int k = 0;
    for (int end = n - LANES; k <= end; k += LANES) {
      FloatVector.fromArray(SPECIES, x, xo + k).fma(cv, FloatVector.fromArray(SPECIES, y, yo + k))
          .intoArray(y, yo + k);
    }
    for (; k < n; k++) {
      y[yo + k] += c * x[xo + k];
    }
  }

  @Override
  public float dot(float[] x, int xo, float[] y, int yo, int n) {
    if (n < LANES) {
      float s = 0f;
      for (int k = 0; k < n; k++) {
        s += x[xo + k] * y[yo + k];
      }
      return s;
    }
    // Attention's rows are short (d_head 32: two vectors), so the set-up and the final sum
    // matter as much as the loop. No method is invoked on a loop-carried accumulator, only on
    // fresh values (see MicroKernel: such a call can make C2 box the vector).
    FloatVector sum = FloatVector.fromArray(SPECIES, x, xo).mul(FloatVector.fromArray(SPECIES, y, yo));
    int k = LANES;
    if (n >= 2 * LANES) {
      FloatVector acc0 = sum;
      FloatVector acc1 = FloatVector.fromArray(SPECIES, x, xo + LANES).mul(FloatVector.fromArray(SPECIES, y, yo + LANES));
      for (k = 2 * LANES; k <= n - 2 * LANES; k += 2 * LANES) {
        acc0 = FloatVector.fromArray(SPECIES, x, xo + k).fma(FloatVector.fromArray(SPECIES, y, yo + k), acc0);
        acc1 = FloatVector.fromArray(SPECIES, x, xo + k + LANES)
            .fma(FloatVector.fromArray(SPECIES, y, yo + k + LANES), acc1);
      }
      sum = FloatVector.fromArray(SPECIES, ZEROS, 0).add(acc0).add(acc1);
      if (k <= n - LANES) {
        sum = FloatVector.fromArray(SPECIES, x, xo + k).fma(FloatVector.fromArray(SPECIES, y, yo + k), sum);
        k += LANES;
      }
    }
    // The lanes are added in a fixed tree (Vector API ADD reductions are unordered in general):
    // lane i gets lane i ^ h for h = LANES/2, …, 1, so lane 0 ends with the sum. Reading sixteen
    // lanes one by one cost more than the products of a 32-long dot.
    float s = 0f;
    if (LANES > 16) { // vectors wider than 512 bits: lane by lane
      for (int l = 0; l < LANES; l++) {
        s += sum.lane(l);
      }
    } else {
      if (LANES >= 16) sum = sum.add(sum.rearrange(SWAP_8));
      if (LANES >= 8) sum = sum.add(sum.rearrange(SWAP_4));
      if (LANES >= 4) sum = sum.add(sum.rearrange(SWAP_2));
      if (LANES >= 2) sum = sum.add(sum.rearrange(SWAP_1));
      s = sum.lane(0);
    }
    for (; k < n; k++) {
      s += x[xo + k] * y[yo + k];
    }
    return s;
  }

  /**
   * Four vectors of columns at a time, held in registers across all the terms and stored once,
   * where a call of {@link #axpy} per term loads and stores the output row every time. Each
   * column sees the same operations as under {@code axpy} (fused multiply-adds from zero in the
   * vector part, {@code y += c · x} in the tail), so the same bits. As elsewhere, no method is
   * called on an accumulator (see MicroKernel), and an accumulator from +0 is never −0, so
   * adding it to zero changes nothing.
   */
  @Override
  public void weightedSum(float[] w, int wo, int[] rows, int ro, int terms, float[] table, int d,
      float[] out, int oo) {
    int k = 0;
    for (int end = d - 4 * LANES; k <= end; k += 4 * LANES) {
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = FloatVector.zero(SPECIES);
      FloatVector a2 = FloatVector.zero(SPECIES);
      FloatVector a3 = FloatVector.zero(SPECIES);
      for (int m = 0; m < terms; m++) {
        FloatVector c = FloatVector.broadcast(SPECIES, w[wo + m]);
        int t = rows[ro + m] * d + k;
        a0 = FloatVector.fromArray(SPECIES, table, t).fma(c, a0);
        a1 = FloatVector.fromArray(SPECIES, table, t + LANES).fma(c, a1);
        a2 = FloatVector.fromArray(SPECIES, table, t + 2 * LANES).fma(c, a2);
        a3 = FloatVector.fromArray(SPECIES, table, t + 3 * LANES).fma(c, a3);
      }
      FloatVector.fromArray(SPECIES, ZEROS, 0).add(a0).intoArray(out, oo + k);
      FloatVector.fromArray(SPECIES, ZEROS, 0).add(a1).intoArray(out, oo + k + LANES);
      FloatVector.fromArray(SPECIES, ZEROS, 0).add(a2).intoArray(out, oo + k + 2 * LANES);
      FloatVector.fromArray(SPECIES, ZEROS, 0).add(a3).intoArray(out, oo + k + 3 * LANES);
    }
    for (int end = d - LANES; k <= end; k += LANES) {
      FloatVector a = FloatVector.zero(SPECIES);
      for (int m = 0; m < terms; m++) {
        a = FloatVector.fromArray(SPECIES, table, rows[ro + m] * d + k)
            .fma(FloatVector.broadcast(SPECIES, w[wo + m]), a);
      }
      FloatVector.fromArray(SPECIES, ZEROS, 0).add(a).intoArray(out, oo + k);
    }
    for (; k < d; k++) {
      float y = 0f;
      for (int m = 0; m < terms; m++) {
        y += w[wo + m] * table[rows[ro + m] * d + k];
      }
      out[oo + k] = y;
    }
  }

  /**
   * {@link Exp64#exp} a vector at a time: the same operations in the same order (fused
   * multiply-adds, the integer add into the exponent field), with the edge cases blended in
   * afterwards instead of branched on; the tail runs the scalar definition itself.
   */
  @Override
  public void exp(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int end = n - DOUBLE_LANES; i <= end; i += DOUBLE_LANES) {
      DoubleVector v = DoubleVector.fromArray(DOUBLES, x, xo + i);
      DoubleVector t = v.fma(Exp64.LOG2E, Exp64.SHIFTER);
      DoubleVector k = t.sub(Exp64.SHIFTER);
      DoubleVector r = k.fma(all(-Exp64.LN2_HI), v);
      r = k.fma(all(-Exp64.LN2_LO), r);
      // Horner written out rather than looped: the loop (Exp64.exp's form) ran at 1.5 ns an
      // exponential here against 1.05 written out.
      DoubleVector p = all(Exp64.C13).fma(r, all(Exp64.C12));
      p = p.fma(r, all(Exp64.C11));
      p = p.fma(r, all(Exp64.C10));
      p = p.fma(r, all(Exp64.C9));
      p = p.fma(r, all(Exp64.C8));
      p = p.fma(r, all(Exp64.C7));
      p = p.fma(r, all(Exp64.C6));
      p = p.fma(r, all(Exp64.C5));
      p = p.fma(r, all(Exp64.C4));
      p = p.fma(r, all(Exp64.C3));
      p = p.fma(r, all(Exp64.C2));
      p = p.fma(r, all(Exp64.C1));
      p = p.fma(r, all(Exp64.C0));
      LongVector scale = ((LongVector) t.reinterpretAsLongs()).sub(Exp64.SHIFTER_BITS)
          .lanewise(VectorOperators.LSHL, 52);
      DoubleVector y = (DoubleVector) ((LongVector) p.reinterpretAsLongs()).add(scale).reinterpretAsDoubles();
      y = y.blend(0.0, v.compare(VectorOperators.LT, Exp64.UNDERFLOW));
      y = y.blend(Double.POSITIVE_INFINITY, v.compare(VectorOperators.GT, Exp64.OVERFLOW));
      VectorMask<Double> nan = v.compare(VectorOperators.NE, v);
      y.blend(v, nan).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = Exp64.exp(x[xo + i]);
    }
  }

  private static VectorShuffle<Float> swap(int h) {
    return h < LANES ? VectorShuffle.fromOp(SPECIES, i -> i ^ h) : null;
  }

  private static DoubleVector all(double c) {
    return DoubleVector.broadcast(DOUBLES, c);
  }
}
