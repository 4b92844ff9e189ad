package org.toylens.analysis.llc;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * exact or correctly rounded (integer arithmetic, conversions, +, −, ×, ÷, √), never the vector
 * library's log or sin, whose results differ between the compiled and interpreted paths. Its
 * scalar twin {@link #normal(long, long)} computes the same numbers one at a time and is the
 * reference the kernel is tested against.
 *
 * <p>The kernel works on long and double vectors of the engine's float shape and converts only
 * between lanes of equal width or into the lower half ({@link SgldPass} explains why).
 */
public final class GaussianNoise {

  /** Normals per block of the layout: 16 pairs. */
  public static final int BLOCK = 32;
  private static final int PAIRS = BLOCK / 2;
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final VectorSpecies<Float> FLOATS = SgldPass.FLOATS;
  private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, FLOATS.vectorShape());
  private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
  /** Pairs per long vector: half the float lanes (2, 4 or 8), a divisor of the 16 pairs of a block. */
  private static final int LANES = LONGS.length();
  /** Lane l holds (l + 1)·γ: the counter offsets of one long vector of pairs. */
  private static final LongVector LANE_OFFSETS = laneOffsets();

  private static final double TWO_POW_MINUS_31 = 0x1.0p-31;
  private static final double TWO_POW_MINUS_22 = 0x1.0p-22;
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
    for (int l = 0; l < LANES; l++) offsets[l] = (l + 1) * GOLDEN_GAMMA;
    return LongVector.fromArray(LONGS, offsets, 0);
  }

  /**
   * The key of one draw's noise: a stream key mixed with a step number, so that every SGLD step
   * of a chain gets its own independent stream from one chain key.
   */
  public static long stepKey(long key, long step) {
    return mix64(key ^ mix64(GOLDEN_GAMMA * (step + 1) + 0x632BE59BD9B4E019L));
  }

  /** Normal number {@code index} ≥ 0 of stream {@code key}: the scalar reference. */
  public static float normal(long key, long index) {
    long block = index / BLOCK;
    int within = (int) (index % BLOCK);
    long pair = block * PAIRS + (within % PAIRS);
    boolean sine = within >= PAIRS;
    long bits = mix64(key + (pair + 1) * GOLDEN_GAMMA);
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
    long index = first;
    long end = first + length;
    int at = offset;
    // A partial block at either end comes from the scalar twin (at most 31 numbers each).
    while (index < end && index % BLOCK != 0) out[at++] = normal(key, index++);
    for (; index + BLOCK <= end; index += BLOCK, at += BLOCK) block(key, index / BLOCK, out, at);
    while (index < end) out[at++] = normal(key, index++);
  }

  /** Block {@code block} of stream {@code key} into {@code out[at … at + 31]}. */
  private static void block(long key, long block, float[] out, int at) {
    long counter = key + block * PAIRS * GOLDEN_GAMMA;
    for (int l = 0; l < PAIRS; l += 2 * LANES) {
      // Two long vectors of pairs fill one float vector: pairs l … l + LANES − 1 its lower half.
      LongVector lower = mix64(LANE_OFFSETS.add(counter + l * GOLDEN_GAMMA));
      LongVector upper = mix64(LANE_OFFSETS.add(counter + (l + LANES) * GOLDEN_GAMMA));
      DoubleVector r0 = radius(lower), r1 = radius(upper);
      DoubleVector cos0 = rotated(lower, false).mul(r0), cos1 = rotated(upper, false).mul(r1);
      DoubleVector sin0 = rotated(lower, true).mul(r0), sin1 = rotated(upper, true).mul(r1);
      SgldPass.narrow(cos0, cos1).intoArray(out, at + l);
      SgldPass.narrow(sin0, sin1).intoArray(out, at + PAIRS + l);
    }
  }

  /** cos θ (or sin θ) of each pair, from its low 32 bits. */
  private static DoubleVector rotated(LongVector bits, boolean sine) {
    LongVector quarter = bits.lanewise(VectorOperators.LSHR, 30).and(3);
    DoubleVector x = (DoubleVector) bits.lanewise(VectorOperators.LSHR, 8).and(0x3FFFFF)
        .convert(VectorOperators.L2D, 0);
    x = x.add(0.5).mul(TWO_POW_MINUS_22).sub(0.5).mul(HALF_PI);
    DoubleVector x2 = x.mul(x);
    DoubleVector s = x.add(x.mul(x2.mul(x2.mul(x2.mul(x2.mul(S9).add(S7)).add(S5)).add(S3))));
    DoubleVector c = x2.mul(x2.mul(x2.mul(x2.mul(C8).add(C6)).add(C4)).add(C2)).add(1.0);
    VectorMask<Double> swap = quarter.and(1).compare(VectorOperators.NE, 0).cast(DOUBLES);
    // cos θ: (c, −s, −c, s) for q = 0..3, negative when q is 1 or 2; sin θ: (s, c, −s, −c),
    // negative when q is 2 or 3.
    DoubleVector value = sine ? s.blend(c, swap) : c.blend(s, swap);
    LongVector negative = sine ? quarter.and(2) : quarter.add(1).and(2);
    LongVector sign = negative.lanewise(VectorOperators.LSHL, 62); // 2 → the sign bit
    return value.reinterpretAsLongs().lanewise(VectorOperators.XOR, sign).reinterpretAsDoubles();
  }

  private static DoubleVector radius(LongVector bits) {
    DoubleVector u = (DoubleVector) bits.lanewise(VectorOperators.LSHR, 33).convert(VectorOperators.L2D, 0);
    u = u.add(0.5).mul(TWO_POW_MINUS_31);
    LongVector raw = u.reinterpretAsLongs();
    LongVector exponent = raw.lanewise(VectorOperators.LSHR, 52).sub(1023);
    DoubleVector m = raw.and(0xFFFFFFFFFFFFFL).or(0x3FF0000000000000L).reinterpretAsDoubles();
    VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
    m = m.blend(m.mul(0.5), high);
    exponent = exponent.blend(exponent.add(1), high.cast(LONGS));
    DoubleVector s = m.sub(1.0).div(m.add(1.0));
    DoubleVector s2 = s.mul(s);
    DoubleVector lnM = s.mul(2.0).mul(s2.mul(s2.mul(s2.mul(s2.mul(L9).add(L7)).add(L5)).add(L3)).add(1.0));
    DoubleVector lnU = ((DoubleVector) exponent.convert(VectorOperators.L2D, 0)).mul(LN2).add(lnM);
    return lnU.mul(-2.0).sqrt();
  }

  private static LongVector mix64(LongVector z) {
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
    return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
