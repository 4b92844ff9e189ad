package org.toylens.analysis.llc;

import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.F2D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
 * in double, exactly as {@link Sgld#step} orders the operations (the clamp only when the box is
 * finite), so the new weights are bitwise those of the scalar step. {@link #vector} is the kernel
 * (one double lane per weight), {@link #reference} its scalar twin. The two write identical
 * weights; their sums agree to rounding (the kernel adds lane by lane, then the lanes in order).
 * Both use only exactly rounded operations, so a given range always gives the same bits,
 * whichever thread runs it.
 */
final class SgldPass {

  // Shapes. Floats only in the engine's shape: a FloatVector of another shape in the process
  // (256 bits beside the engine's 512) makes the engine much slower (a kernel of this package
  // written that way, once run, took the grokking transformer's training step from about 55 to
  // 100 ms on AVX-512). Doubles in the same shape, half the lanes.
  // Each iteration loads a full float vector at i but uses only its lower half, weights
  // i … i + LANES − 1: converting lanes 0 … LANES − 1 (part 0) is one instruction each way, while
  // moving the upper half down and back (a rearrangement, a blend and two more conversions per
  // vector) made the loop so large that the JIT stopped inlining half-way through it
  // (NodeCountInliningCutoff), boxing the vectors and converting them in Java at half the scalar
  // speed. The new weights are written as whole float vectors into a scratch array, each store's
  // unused upper half overwritten by the next store, then copied into place.
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.length() >= 4
      ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_128;
  static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
  /** Weights per iteration: the double lanes, half the float lanes. */
  private static final int LANES = DOUBLES.length();
  /** Weights per scratch-sized chunk, a multiple of {@link #LANES}. */
  private static final int CHUNK = 1024;
  /** Each thread's new weights of one chunk [CHUNK + float lanes]. */
  private static final ThreadLocal<float[]> MOVED =
      ThreadLocal.withInitial(() -> new float[CHUNK + FLOATS.length()]);

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
    // Vector iterations start at from, from + LANES, … while a whole float vector fits before to.
    int floatLanes = FLOATS.length();
    int end = to - from < floatLanes ? from : from + ((to - floatLanes - from) / LANES + 1) * LANES;
    double[] totals = new double[SUMS * LANES]; // [SUMS, LANES] each sum per lane
    float[] moved = update ? MOVED.get() : null;
    for (int a = from; a < end; a += CHUNK) {
      int b = Math.min(end, a + CHUNK);
      chunk(w, c, g, prev, z, zOffset, a, b, k, update, settle, moved, totals);
      if (update) {
        System.arraycopy(w, a, prev, a, b - a);
        System.arraycopy(moved, 0, w, a, b - a);
      }
    }
    // The tail through the scalar twin, then each sum as (lanes in order) + tail.
    reference(w, c, g, prev, z, zOffset, end, to, k, update, settle, sums, at);
    for (int s = 0; s < SUMS; s++) {
      double lanes = 0;
      for (int l = 0; l < LANES; l++) lanes += totals[s * LANES + l];
      sums[at + s] = lanes + sums[at + s];
    }
  }

  /**
   * Weights [a, b) of {@link #vector}, b − a ≤ {@value #CHUNK} and a whole float vector readable
   * at b − LANES: the new weights into {@code moved[0 … b − a)}, the sums added per lane to
   * {@code totals} [SUMS, LANES].
   */
  private static void chunk(float[] w, float[] c, float[] g, float[] prev, float[] z, int zOffset, int a, int b,
      Coefficients k, boolean update, boolean settle, float[] moved, double[] totals) {
    // The accumulators are loaded from and stored to a double array: a vector read from an
    // object array as the start of a loop-carried value would be boxed on every iteration.
    DoubleVector forward = DoubleVector.fromArray(DOUBLES, totals, FORWARD * LANES);
    DoubleVector reverse = DoubleVector.fromArray(DOUBLES, totals, REVERSE * LANES);
    DoubleVector local = DoubleVector.fromArray(DOUBLES, totals, LOCAL * LANES);
    DoubleVector decay = DoubleVector.fromArray(DOUBLES, totals, DECAY * LANES);
    double halfEps = k.halfEpsilon(), nBeta = k.nBeta(), gamma = k.gamma(), wd = k.weightDecay();
    double noiseStd = k.noiseStd(), box = k.box();
    boolean noisy = update && noiseStd != 0;
    boolean clamp = box != Double.POSITIVE_INFINITY;
    // Every conversion is written out in place rather than in a helper: C2 always inlines the
    // library's methods but may leave a helper of ours out of line, which boxes the vectors.
    for (int i = a; i < b; i += LANES) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, w, i).convertShape(F2D, DOUBLES, 0);
      DoubleVector centre = (DoubleVector) FloatVector.fromArray(FLOATS, c, i).convertShape(F2D, DOUBLES, 0);
      DoubleVector gradient = (DoubleVector) FloatVector.fromArray(FLOATS, g, i).convertShape(F2D, DOUBLES, 0);
      DoubleVector drift = gradient.mul(nBeta);
      if (gamma != 0) drift = drift.add(x.sub(centre).mul(gamma));
      if (wd != 0) drift = drift.add(x.mul(wd));
      DoubleVector halfStep = drift.mul(halfEps);
      if (settle) {
        DoubleVector before = (DoubleVector) FloatVector.fromArray(FLOATS, prev, i).convertShape(F2D, DOUBLES, 0);
        DoubleVector r = before.sub(x).add(halfStep);
        reverse = reverse.add(r.mul(r));
      }
      if (!update) continue;
      DoubleVector next = x.sub(halfStep);
      if (noisy) {
        DoubleVector normal =
            (DoubleVector) FloatVector.fromArray(FLOATS, z, zOffset + i).convertShape(F2D, DOUBLES, 0);
        next = next.add(normal.mul(noiseStd));
      }
      if (clamp) next = next.max(centre.sub(box)).min(centre.add(box));
      FloatVector rounded = (FloatVector) next.convertShape(D2F, FLOATS, 0); // lanes ≥ LANES zero
      DoubleVector m = (DoubleVector) rounded.convertShape(F2D, DOUBLES, 0);
      DoubleVector f = m.sub(x).add(halfStep);
      forward = forward.add(f.mul(f));
      DoubleVector d = m.sub(centre);
      local = local.add(d.mul(d));
      decay = decay.add(m.mul(m));
      rounded.intoArray(moved, i - a);
    }
    forward.intoArray(totals, FORWARD * LANES);
    reverse.intoArray(totals, REVERSE * LANES);
    local.intoArray(totals, LOCAL * LANES);
    decay.intoArray(totals, DECAY * LANES);
  }

  /** The scalar twin of {@link #vector}: the same weights, the sums added one weight at a time. */
  static void reference(float[] w, float[] c, float[] g, float[] prev, float[] z, int zOffset, int from, int to,
      Coefficients k, boolean update, boolean settle, double[] sums, int at) {
    double halfEps = k.halfEpsilon(), nBeta = k.nBeta(), gamma = k.gamma(), wd = k.weightDecay();
    double noiseStd = k.noiseStd(), box = k.box();
    boolean noisy = update && noiseStd != 0;
    boolean clamp = box != Double.POSITIVE_INFINITY;
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
      if (clamp) next = Math.min(centre + box, Math.max(centre - box, next));
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
}
