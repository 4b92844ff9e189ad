package org.toylens.analysis.llc;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused per-weight pass of one SGLD step over a range of one parameter ({@link SgldChain}):
 * the update of {@link Sgld#step} and the sums the diagnostics need, in one read of each array.
 *
 * <p>Per weight, with x the current point, x⁻ the point before the last step and c = w*:
 * <pre>
 *   drift = nβ·g + γ·(x − c) + wd·x                 (∇U(x); the γ and wd terms only when non-zero)
 *   reverse += ((x⁻ − x) + (ε/2)·drift)²            (the last step's reverse MALA term, when settling)
 *   x'    = clamp_[c − box, c + box](x − (ε/2)·drift + σ·z)   rounded once to float
 *   forward += ((x' − x) + (ε/2)·drift)²            (this step's forward MALA term)
 *   local += (x' − c)²,  decay += x'²,  x⁻ ← x,  x ← x'
 * </pre>
 * in double, exactly as {@link Sgld#step} orders the operations, so the new weights are bitwise
 * those of the scalar step. {@link #vector} is the kernel (each float vector widened into two
 * double vectors);
 * {@link #reference} its scalar twin. The two write identical weights; their sums agree to
 * rounding (the kernel adds lane by lane, then the lanes in order). Both use only exactly rounded
 * operations, so a given range always gives the same bits, whichever thread runs it.
 */
final class SgldPass {

  // Shapes. The vector library of JDK 17 compiles well only when every conversion's source and
  // target species are constants the JIT can see; two things break that and make vector code
  // slower than scalar: a second shape of the same element type in the process (a FloatVector of
  // 256 bits beside the engine's 512 made the engine's forward and backward 15-40% slower), and
  // conversions into a part other than 0 (this kernel written that way ran at half the scalar
  // speed). So: floats in the engine's shape, doubles in the same shape (half the lanes), and
  // conversions between them only of lanes 0 … DOUBLE_LANES − 1, moving the upper half down or up
  // with a constant rearrangement.
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.length() >= 4
      ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
  private static final int LANES = FLOATS.length();
  private static final int HALF = LANES / 2;
  /** Lane l takes lane (l + HALF) mod LANES: the two halves swapped. */
  private static final VectorShuffle<Float> SWAP_HALVES = VectorShuffle.fromOp(FLOATS, l -> (l + HALF) % LANES);
  private static final VectorMask<Float> UPPER = VectorMask.fromLong(FLOATS, ((1L << LANES) - 1) & ~((1L << HALF) - 1));

  /** Index of each sum in the output slot. */
  static final int FORWARD = 0, REVERSE = 1, LOCAL = 2, DECAY = 3, SUMS = 4;

  /**
   * The step's coefficients.
   *
   * @param halfEpsilon ε/2
   * @param nBeta nβ
   * @param gamma γ
   * @param weightDecay wd
   * @param noiseStd σ = noiseLevel·√ε (0: no noise is read)
   * @param box half-width of the box (POSITIVE_INFINITY: none)
   */
  record Coefficients(double halfEpsilon, double nBeta, double gamma, double weightDecay, double noiseStd,
      double box) {

    static Coefficients of(SgldParameters p) {
      return new Coefficients(0.5 * p.epsilon(), p.nBeta(), p.gamma(), p.weightDecay(),
          p.noiseLevel() * Math.sqrt(p.epsilon()), p.boundingBox());
    }
  }

  private SgldPass() {}

  /**
   * The pass over [from, to) with the vector kernel.
   *
   * @param w the weights x, updated in place when {@code update}
   * @param c w*
   * @param g ∇L(x)
   * @param prev x⁻, read when {@code settle}, overwritten with x when {@code update}
   * @param z standard normals, read at {@code z[zOffset + i]} when σ ≠ 0 and {@code update}
   * @param sums written at {@code sums[at … at + 3]}: forward, reverse, local, decay
   */
  static void vector(float[] w, float[] c, float[] g, float[] prev, float[] z, int zOffset, int from, int to,
      Coefficients k, boolean update, boolean settle, double[] sums, int at) {
    int end = from + (to - from) / LANES * LANES;
    // Accumulators per half of the float vector: 0 the lower lanes, 1 the upper.
    DoubleVector forward0 = DoubleVector.zero(DOUBLES), forward1 = forward0, reverse0 = forward0, reverse1 = forward0;
    DoubleVector local0 = forward0, local1 = forward0, decay0 = forward0, decay1 = forward0;
    double halfEps = k.halfEpsilon(), nBeta = k.nBeta(), gamma = k.gamma(), wd = k.weightDecay();
    double noiseStd = k.noiseStd(), box = k.box();
    boolean noisy = update && noiseStd != 0;
    for (int i = from; i < end; i += LANES) {
      FloatVector xf = FloatVector.fromArray(FLOATS, w, i);
      FloatVector cf = FloatVector.fromArray(FLOATS, c, i);
      FloatVector gf = FloatVector.fromArray(FLOATS, g, i);
      DoubleVector x0 = lower(xf), x1 = upper(xf);
      DoubleVector c0 = lower(cf), c1 = upper(cf);
      DoubleVector drift0 = lower(gf).mul(nBeta), drift1 = upper(gf).mul(nBeta);
      if (gamma != 0) {
        drift0 = drift0.add(x0.sub(c0).mul(gamma));
        drift1 = drift1.add(x1.sub(c1).mul(gamma));
      }
      if (wd != 0) {
        drift0 = drift0.add(x0.mul(wd));
        drift1 = drift1.add(x1.mul(wd));
      }
      DoubleVector halfStep0 = drift0.mul(halfEps), halfStep1 = drift1.mul(halfEps);
      if (settle) {
        FloatVector pf = FloatVector.fromArray(FLOATS, prev, i);
        DoubleVector r0 = lower(pf).sub(x0).add(halfStep0), r1 = upper(pf).sub(x1).add(halfStep1);
        reverse0 = reverse0.add(r0.mul(r0));
        reverse1 = reverse1.add(r1.mul(r1));
      }
      if (!update) continue;
      DoubleVector next0 = x0.sub(halfStep0), next1 = x1.sub(halfStep1);
      if (noisy) {
        FloatVector zf = FloatVector.fromArray(FLOATS, z, zOffset + i);
        next0 = next0.add(lower(zf).mul(noiseStd));
        next1 = next1.add(upper(zf).mul(noiseStd));
      }
      next0 = next0.max(c0.sub(box)).min(c0.add(box));
      next1 = next1.max(c1.sub(box)).min(c1.add(box));
      FloatVector moved = narrow(next0, next1);
      DoubleVector m0 = lower(moved), m1 = upper(moved);
      DoubleVector f0 = m0.sub(x0).add(halfStep0), f1 = m1.sub(x1).add(halfStep1);
      forward0 = forward0.add(f0.mul(f0));
      forward1 = forward1.add(f1.mul(f1));
      DoubleVector d0 = m0.sub(c0), d1 = m1.sub(c1);
      local0 = local0.add(d0.mul(d0));
      local1 = local1.add(d1.mul(d1));
      decay0 = decay0.add(m0.mul(m0));
      decay1 = decay1.add(m1.mul(m1));
      xf.intoArray(prev, i);
      moved.intoArray(w, i);
    }
    // The tail through the scalar twin, then each sum as (lanes in order) + tail.
    reference(w, c, g, prev, z, zOffset, end, to, k, update, settle, sums, at);
    sums[at + FORWARD] = inOrder(forward0, forward1) + sums[at + FORWARD];
    sums[at + REVERSE] = inOrder(reverse0, reverse1) + sums[at + REVERSE];
    sums[at + LOCAL] = inOrder(local0, local1) + sums[at + LOCAL];
    sums[at + DECAY] = inOrder(decay0, decay1) + sums[at + DECAY];
  }

  /** The scalar twin of {@link #vector}: the same weights, the sums added one weight at a time. */
  static void reference(float[] w, float[] c, float[] g, float[] prev, float[] z, int zOffset, int from, int to,
      Coefficients k, boolean update, boolean settle, double[] sums, int at) {
    double halfEps = k.halfEpsilon(), nBeta = k.nBeta(), gamma = k.gamma(), wd = k.weightDecay();
    double noiseStd = k.noiseStd(), box = k.box();
    boolean noisy = update && noiseStd != 0;
    double forward = 0, reverse = 0, local = 0, decay = 0;
    for (int i = from; i < to; i++) {
      double x = w[i];
      double centre = c[i];
      double drift = nBeta * g[i];
      if (gamma != 0) drift += gamma * (x - centre);
      if (wd != 0) drift += wd * x;
      double halfStep = halfEps * drift; // (ε/2)·∇U(x)
      if (settle) {
        double r = ((double) prev[i] - x) + halfStep; // x⁻ − x + (ε/2)∇U(x)
        reverse += r * r;
      }
      if (!update) continue;
      double next = x - halfStep;
      if (noisy) next += noiseStd * z[zOffset + i];
      next = Math.min(centre + box, Math.max(centre - box, next));
      float moved = (float) next;
      double f = ((double) moved - x) + halfStep; // x' − x + (ε/2)∇U(x)
      forward += f * f;
      double d = (double) moved - centre;
      local += d * d;
      decay += (double) moved * moved;
      prev[i] = w[i];
      w[i] = moved;
    }
    sums[at + FORWARD] = forward;
    sums[at + REVERSE] = reverse;
    sums[at + LOCAL] = local;
    sums[at + DECAY] = decay;
  }

  /** The lower half of a float vector, widened to doubles. */
  private static DoubleVector lower(FloatVector v) {
    return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /** The upper half of a float vector, widened to doubles. */
  private static DoubleVector upper(FloatVector v) {
    return (DoubleVector) v.rearrange(SWAP_HALVES).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /** One float vector from two double vectors, each rounded to float: {@code lower}'s lanes first. */
  static FloatVector narrow(DoubleVector lower, DoubleVector upper) {
    FloatVector low = (FloatVector) lower.convertShape(VectorOperators.D2F, FLOATS, 0); // lanes ≥ HALF zero
    FloatVector high = (FloatVector) upper.convertShape(VectorOperators.D2F, FLOATS, 0);
    return low.blend(high.rearrange(SWAP_HALVES), UPPER);
  }

  /** The lanes of both halves added first to last (not {@code reduceLanes}, whose order is unspecified). */
  private static double inOrder(DoubleVector lower, DoubleVector upper) {
    double s = 0;
    for (int l = 0; l < DOUBLES.length(); l++) s += lower.lane(l);
    for (int l = 0; l < DOUBLES.length(); l++) s += upper.lane(l);
    return s;
  }
}
