package org.toylens.tensor.kernels;

import static org.toylens.tensor.kernels.VectorShape.LANES;
import static org.toylens.tensor.kernels.VectorShape.SPECIES;
import static org.toylens.tensor.kernels.VectorShape.ZEROS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link RowKernel} with the Vector API; tails shorter than a vector run as scalar loops. */
final class VectorRows implements RowKernel {

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
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int k = 0;
    for (int end = n - 2 * LANES; k <= end; k += 2 * LANES) {
      acc0 = FloatVector.fromArray(SPECIES, x, xo + k).fma(FloatVector.fromArray(SPECIES, y, yo + k), acc0);
      acc1 = FloatVector.fromArray(SPECIES, x, xo + k + LANES)
          .fma(FloatVector.fromArray(SPECIES, y, yo + k + LANES), acc1);
    }
    if (k <= n - LANES) {
      acc0 = FloatVector.fromArray(SPECIES, x, xo + k).fma(FloatVector.fromArray(SPECIES, y, yo + k), acc0);
      k += LANES;
    }
    // Lanes are added in a fixed order (Vector API ADD reductions are unordered in general, so
    // the lanes are summed explicitly). No method is invoked on an accumulator itself, only on a
    // fresh load (see MicroKernel: a call on a loop-carried vector can make C2 box it).
    // Lanes are read one by one rather than through an array: the array escaped C2's analysis
    // and cost an allocation per call (a fifth of all a training step allocated).
    FloatVector sum = FloatVector.fromArray(SPECIES, ZEROS, 0).add(acc0).add(acc1);
    float s = 0f;
    for (int l = 0; l < LANES; l++) {
      s += sum.lane(l);
    }
    for (; k < n; k++) {
      s += x[xo + k] * y[yo + k];
    }
    return s;
  }
}
