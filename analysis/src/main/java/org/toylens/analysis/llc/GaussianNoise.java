package org.toylens.analysis.llc;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.toylens.tensor.Rng;

/**
 * Standard normal numbers as a pure function of (key, index): the SGLD noise, fast and the same
 * whatever the thread count, the chunking or the machine.
 *
 * <p>Counter-based: pair j of a stream with key k takes the 64 bits
 * {@code b = mix64(k + (j + 1)·γ)} (γ = 0x9E3779B97F4A7C15), i.e. the j-th output of a SplitMix64
 * generator seeded at k (Steele, Lea &amp; Flood 2014), so any range of indices can be computed
 * on its own. Box–Muller (1958) turns the pair into two independent normals:
 * <pre>  r = √(−2 ln u₁),  (z₀, z₁) = (r cos θ, r sin θ)  </pre>
 * with u₁ = (bits 33–63 + ½)·2⁻³¹ ∈ (0, 1] (so |z| ≤ 6.66) and θ uniform on the circle: bits
 * 30–31 pick a quarter turn q·π/2 and bits 8–29 an angle x ∈ (−π/4, π/4) around it, so that
 * cos x and sin x need only short Taylor series, and the quarter turn is a swap and sign flips.
 * The arithmetic is in double and each normal is rounded once to float.
 *
 * <p>Layout: normals come in blocks of {@value #BLOCK}; block c holds pairs 16c … 16c + 15, the
 * 16 cosine halves first, then the 16 sine halves (normal 32c + l is r·cos θ of pair 16c + l and
 * normal 32c + 16 + l its r·sin θ, for l &lt; 16). The layout is fixed so that the vector width
 * never changes a value.
 *
 * <p>Bitwise reproducible: the vector kernel ({@link #fill}) uses only IEEE operations that are
 * exact or correctly rounded (integer arithmetic, +, −, ×, ÷, √, the final rounding to float),
 * never the vector library's log or sin, whose results differ between the compiled and
 * interpreted paths. Its scalar twin {@link #normal(long, long)} computes the same numbers one at
 * a time and is the reference the kernel is tested against.
 *
 * <p>The kernel works on long and double vectors of one shape and never converts between element
 * types of different widths until the final rounding: the uniform fractions and the exponent are
 * built as bit patterns (1 + f·2⁻ⁿ is the double with fraction field f·2^(52−n), read as a
 * double by reinterpretation, then 1 subtracted exactly), and the quarter-turn swap and sign
 * flips are bitwise selects on the doubles' bits. Each double vector of normals is rounded into
 * the lower half of a float vector of the engine's shape ({@link SgldPass} explains the shapes).
 */
public final class GaussianNoise {

  /** Normals per block of the layout: 16 pairs. */
  public static final int BLOCK = 32;
  private static final int PAIRS = BLOCK / 2;

  private static final VectorSpecies<Float> FLOATS = SgldPass.FLOATS;
  private static final VectorSpecies<Double> DOUBLES = SgldPass.DOUBLES;
  private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, DOUBLES.vectorShape());
  /** Pairs per long vector (2, 4 or 8), a divisor of the 16 pairs of a block. */
  private static final int LANES = LONGS.length();
  /** Lane l holds (l + 1)·γ: the counter offsets of one long vector of pairs. */
  private static final LongVector LANE_OFFSETS = laneOffsets();
  private static final LongVector ZERO = LongVector.zero(LONGS);
  /** Blocks per pass of the three loops of {@link #blocks}: their scratch (20 KiB) stays in L1. */
  private static final int CHUNK_BLOCKS = 32;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final double TWO_POW_MINUS_31 = 0x1.0p-31;
  private static final double TWO_POW_MINUS_22 = 0x1.0p-22;
  // Bit patterns for the vector kernel. (v + ½)·2⁻ⁿ for an n-bit v is 1 + (v + ½)·2⁻ⁿ − 1: the
  // double with exponent 0 and fraction field (2v + 1)·2^(51−n), minus 1 (exact).
  private static final long ONE_BITS = 0x3FF0000000000000L;
  private static final long FRACTION_BITS = 0xFFFFFFFFFFFFFL;
  private static final long ONE_AND_HALF_ULP_31 = ONE_BITS | 1L << 20; // 1 + ½·2⁻³¹
  private static final long ONE_AND_HALF_ULP_22 = ONE_BITS | 1L << 29; // 1 + ½·2⁻²²
  /** The bits of 2⁵²: with an integer e &lt; 2⁵² in the fraction field, the double 2⁵² + e. */
  private static final long TWO_POW_52_BITS = 0x4330000000000000L;
  private static final double TWO_POW_52_AND_BIAS = 0x1.0p52 + 1023;
  private static final double HALF_PI = Math.PI / 2;
  private static final double LN2 = Math.log(2);
  private static final double SQRT2 = Math.sqrt(2);
  // Taylor coefficients; on |x| ≤ π/4 the first omitted terms are below 3e-9 (sin) and 2.5e-8
  // (cos), under the float rounding of the result.
  private static final double S3 = -1.0 / 6, S5 = 1.0 / 120, S7 = -1.0 / 5040, S9 = 1.0 / 362880;
  private static final double C2 = -0.5, C4 = 1.0 / 24, C6 = -1.0 / 720, C8 = 1.0 / 40320;
  // atanh series: ln m = 2s·(1 + s²/3 + s⁴/5 + …) with s = (m − 1)/(m + 1), |s| ≤ 0.1716 for
  // m in [1/√2, √2]; the first omitted term is below 1e-9 of the sum.
  private static final double L3 = 1.0 / 3, L5 = 1.0 / 5, L7 = 1.0 / 7, L9 = 1.0 / 9;

  private GaussianNoise() {}

  private static LongVector laneOffsets() {
    long[] offsets = new long[LANES];
    for (int l = 0; l < LANES; l++) offsets[l] = (l + 1) * Rng.GAMMA;
    return LongVector.fromArray(LONGS, offsets, 0);
  }

  /**
   * The key of one draw's noise: a stream key mixed with a step number, so that every SGLD step
   * of a chain gets its own independent stream from one chain key.
   */
  public static long stepKey(long key, long step) {
    return Rng.mix64(key ^ Rng.mix64(Rng.GAMMA * (step + 1) + 0x632BE59BD9B4E019L));
  }

  /** Normal number {@code index} ≥ 0 of stream {@code key}: the scalar reference. */
  public static float normal(long key, long index) {
    long block = index / BLOCK;
    int within = (int) (index % BLOCK);
    long pair = block * PAIRS + (within % PAIRS);
    boolean sine = within >= PAIRS;
    long bits = Rng.drawAt(key, pair);
    double r = radius(bits >>> 33);
    long quarter = (bits >>> 30) & 3;
    double x = ((double) ((bits >>> 8) & 0x3FFFFF) + 0.5) * TWO_POW_MINUS_22;
    x = (x - 0.5) * HALF_PI;
    double x2 = x * x;
    double s = x + x * (x2 * (S3 + x2 * (S5 + x2 * (S7 + x2 * S9))));
    double c = 1 + x2 * (C2 + x2 * (C4 + x2 * (C6 + x2 * C8)));
    // Rotate (c, s) by a quarter turn q: (c, s), (−s, c), (−c, −s), (s, −c).
    boolean swap = (quarter & 1) != 0;
    double cosine = swap ? s : c;
    double sineValue = swap ? c : s;
    if (((quarter + 1) & 2) != 0) cosine = -cosine;
    if ((quarter & 2) != 0) sineValue = -sineValue;
    return (float) (r * (sine ? sineValue : cosine));
  }

  /** √(−2 ln u) for u = (v + ½)·2⁻³¹, v the top 31 bits. */
  private static double radius(long v) {
    double u = ((double) v + 0.5) * TWO_POW_MINUS_31;
    long bits = Double.doubleToRawLongBits(u);
    long exponent = (bits >>> 52) - 1023;
    double m = Double.longBitsToDouble((bits & 0xFFFFFFFFFFFFFL) | 0x3FF0000000000000L); // [1, 2)
    if (m > SQRT2) {
      m = m * 0.5;
      exponent += 1;
    }
    double s = (m - 1) / (m + 1);
    double s2 = s * s;
    double lnM = 2 * s * (1 + s2 * (L3 + s2 * (L5 + s2 * (L7 + s2 * L9))));
    double lnU = (double) exponent * LN2 + lnM;
    return Math.sqrt(-2 * lnU);
  }

  /**
   * Writes normals {@code first} … {@code first + length − 1} of stream {@code key} into
   * {@code out[offset …]}: the vector kernel, bitwise equal to {@link #normal(long, long)}.
   */
  public static void fill(long key, long first, float[] out, int offset, int length) {
    if (first < 0 || length < 0 || offset < 0 || offset + length > out.length) {
      throw new IllegalArgumentException("Gaussian noise: cannot write " + length + " normals from index " + first
          + " at offset " + offset + " into an array of " + out.length);
    }
    Scratch scratch = SCRATCH.get();
    long index = first;
    long end = first + length;
    int at = offset;
    // Whole blocks, up to CHUNK_BLOCKS at a time, from the one holding index; of the first and the
    // last only the part in range is copied out.
    while (index < end) {
      long block = index / BLOCK;
      int skip = (int) (index - block * BLOCK);
      int count = (int) Math.min(CHUNK_BLOCKS, (end - block * BLOCK + BLOCK - 1) / BLOCK);
      blocks(key, block, count, scratch);
      int copied = (int) Math.min(count * BLOCK - skip, end - index);
      System.arraycopy(scratch.normals, skip, out, at, copied);
      index += copied;
      at += copied;
    }
  }

  /** One thread's intermediate values of up to {@value #CHUNK_BLOCKS} blocks. */
  private static final class Scratch {
    final long[] bits = new long[CHUNK_BLOCKS * PAIRS]; // [pairs] mix64 of each pair's counter
    final double[] radius = new double[CHUNK_BLOCKS * PAIRS]; // [pairs] √(−2 ln u₁)
    final double[] cosine = new double[CHUNK_BLOCKS * PAIRS]; // [pairs] cos x
    final double[] sine = new double[CHUNK_BLOCKS * PAIRS]; // [pairs] sin x
    // [CHUNK_BLOCKS · BLOCK + float lanes] the normals, and room for the last store's unused half
    final float[] normals = new float[CHUNK_BLOCKS * BLOCK + FLOATS.length()];
  }

  /**
   * Blocks {@code first} … {@code first + count − 1} ({@code count} ≤ {@value #CHUNK_BLOCKS})
   * into {@code scratch.normals}, in three loops over the pairs that pass their results through
   * the scratch. In one loop the computation is more than the JIT inlines into one compilation
   * (NodeCountInliningCutoff): a helper it then leaves out of line boxes every vector it is
   * given and converts in Java, several times slower than scalar code. For the same reason the
   * loops call no helper of their own, only the library's (which are always inlined).
   */
  private static void blocks(long key, long first, int count, Scratch scratch) {
    int pairs = count * PAIRS;
    radii(key + first * PAIRS * Rng.GAMMA, pairs, scratch.bits, scratch.radius);
    angles(scratch.bits, pairs, scratch.cosine, scratch.sine);
    normals(scratch.bits, scratch.radius, scratch.cosine, scratch.sine, count * BLOCK, scratch.normals);
  }

  /**
   * The bits of pairs 0 … pairs − 1 after {@code counter} (pair j: mix64(counter + (j + 1)·γ))
   * into {@code bits}, and their radii √(−2 ln u₁) into {@code radius}, as {@link #radius(long)}.
   */
  private static void radii(long counter, int pairs, long[] bits, double[] radius) {
    for (int j = 0; j < pairs; j += LANES) {
      LongVector z = LANE_OFFSETS.add(counter + j * Rng.GAMMA);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
      z.intoArray(bits, j);
      // u = (bits 33–63 + ½)·2⁻³¹, then its exponent e (as the double 2⁵² + e + 1023 minus
      // 2⁵² + 1023) and fraction m ∈ [1, 2), and ln u = e·ln 2 + ln m with m ∈ [1/√2, √2].
      LongVector one = z.lanewise(VectorOperators.LSHR, 33).lanewise(VectorOperators.LSHL, 21).or(ONE_AND_HALF_ULP_31);
      DoubleVector u = ((DoubleVector) one.reinterpretShape(DOUBLES, 0)).sub(1.0);
      LongVector raw = (LongVector) u.reinterpretShape(LONGS, 0);
      DoubleVector e = ((DoubleVector) raw.lanewise(VectorOperators.LSHR, 52).or(TWO_POW_52_BITS)
          .reinterpretShape(DOUBLES, 0)).sub(TWO_POW_52_AND_BIAS);
      DoubleVector m = (DoubleVector) raw.and(FRACTION_BITS).or(ONE_BITS).reinterpretShape(DOUBLES, 0);
      VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5), high);
      e = e.blend(e.add(1.0), high);
      DoubleVector s = m.sub(1.0).div(m.add(1.0));
      DoubleVector s2 = s.mul(s);
      DoubleVector lnM = s.mul(2.0).mul(s2.mul(s2.mul(s2.mul(s2.mul(L9).add(L7)).add(L5)).add(L3)).add(1.0));
      e.mul(LN2).add(lnM).mul(-2.0).sqrt().intoArray(radius, j);
    }
  }

  /** cos x and sin x of each pair's angle x ∈ (−π/4, π/4) around its quarter turn. */
  private static void angles(long[] bits, int pairs, double[] cosine, double[] sine) {
    for (int j = 0; j < pairs; j += LANES) {
      LongVector b = LongVector.fromArray(LONGS, bits, j);
      // x = ((bits 8–29) + ½)·2⁻²² − ½, times π/2.
      LongVector one = b.lanewise(VectorOperators.LSHR, 8).and(0x3FFFFF).lanewise(VectorOperators.LSHL, 30)
          .or(ONE_AND_HALF_ULP_22);
      DoubleVector x = ((DoubleVector) one.reinterpretShape(DOUBLES, 0)).sub(1.0).sub(0.5).mul(HALF_PI);
      DoubleVector x2 = x.mul(x);
      x.add(x.mul(x2.mul(x2.mul(x2.mul(x2.mul(S9).add(S7)).add(S5)).add(S3)))).intoArray(sine, j);
      x2.mul(x2.mul(x2.mul(x2.mul(C8).add(C6)).add(C4)).add(C2)).add(1.0).intoArray(cosine, j);
    }
  }

  /**
   * Normals 0 … length − 1 of the chunk in the block layout, r·cos θ or r·sin θ of their pairs,
   * rounded to float, into {@code out}. Written in order, LANES at a time, each as the lower half
   * of a float vector (the engine's shape: see {@link SgldPass}) whose upper half the next store
   * overwrites.
   */
  private static void normals(long[] bits, double[] radius, double[] cosine, double[] sine, int length, float[] out) {
    for (int o = 0; o < length; o += LANES) {
      int j = o / BLOCK * PAIRS + o % PAIRS; // the pair of normal o
      long half = (o / PAIRS) & 1; // 0: r·cos θ, 1: r·sin θ = r·cos(θ − π/2)
      LongVector b = LongVector.fromArray(LONGS, bits, j);
      LongVector c = (LongVector) DoubleVector.fromArray(DOUBLES, cosine, j).reinterpretShape(LONGS, 0);
      LongVector s = (LongVector) DoubleVector.fromArray(DOUBLES, sine, j).reinterpretShape(LONGS, 0);
      // The quarter turn q = bits 30–31, one less for the sine half; cos(q·π/2 + x) is c, −s, −c, s
      // for q = 0 … 3: the bits of s where q is odd, negative where q's two bits differ.
      LongVector q = b.lanewise(VectorOperators.LSHR, 30).sub(half);
      LongVector swap = ZERO.sub(q.and(1)); // all ones where q is odd, else 0
      LongVector sign = q.lanewise(VectorOperators.XOR, q.lanewise(VectorOperators.LSHR, 1))
          .lanewise(VectorOperators.LSHL, 63);
      LongVector rotated = c.lanewise(VectorOperators.XOR, c.lanewise(VectorOperators.XOR, s).and(swap))
          .lanewise(VectorOperators.XOR, sign);
      DoubleVector r = DoubleVector.fromArray(DOUBLES, radius, j);
      DoubleVector value = ((DoubleVector) rotated.reinterpretShape(DOUBLES, 0)).mul(r);
      ((FloatVector) value.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, o);
    }
  }
}
