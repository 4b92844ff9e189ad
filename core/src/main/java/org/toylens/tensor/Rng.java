package org.toylens.tensor;

/**
 * A small, fast, seeded random generator (SplitMix64) that can be split into independent
 * streams by name.
 *
 * <p>One generator per purpose (initialisation, data split, batches, SGLD noise, ...) derived from
 * the run seed with {@link #split(String)}, so that adding a new consumer of randomness never
 * shifts the stream another one sees. The full state is one {@code long}, so saving it in a
 * checkpoint and restoring it resumes the exact same sequence.
 *
 * <p>Not thread-safe: give each thread its own split.
 */
public final class Rng {

  /** SplitMix64's increment, the golden ratio in 64 bits: the state advances by it per draw. */
  public static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;
  private double spareNormal;
  private boolean hasSpareNormal;

  public Rng(long seed) {
    this.state = mix64(seed ^ 0x5DEECE66DL);
  }

  private Rng(long state, boolean raw) {
    this.state = state;
  }

  /** A generator whose sequence is determined by {@code seed} alone. */
  public static Rng of(long seed) {
    return new Rng(seed);
  }

  /**
   * An independent generator for {@code purpose}, derived from this generator's current state
   * and the name (not from how many numbers were drawn by others since).
   */
  public Rng split(String purpose) {
    long h = 0xCBF29CE484222325L; // FNV-1a over the name, then mixed with the state
    for (int i = 0; i < purpose.length(); i++) {
      h ^= purpose.charAt(i);
      h *= 0x100000001B3L;
    }
    return new Rng(mix64(state ^ mix64(h)), true);
  }

  /** An independent generator for the {@code index}-th member of a family (chains, instances). */
  public Rng split(String purpose, long index) {
    return split(purpose).splitIndex(index);
  }

  private Rng splitIndex(long index) {
    return new Rng(mix64(state + GAMMA * (index + 1)), true);
  }

  /** The complete state, for checkpoints. */
  public long state() {
    return state;
  }

  /** Restores a state obtained from {@link #state()}. */
  public static Rng fromState(long state) {
    return new Rng(state, true);
  }

  public long nextLong() {
    state += GAMMA;
    return mix64(state);
  }

  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
    long r = nextLong() >>> 33; // 31 bits
    long m = r * bound;
    long l = m & 0x7FFFFFFFL;
    if (l < bound) {
      long t = (0x80000000L - bound) % bound;
      while (l < t) {
        r = nextLong() >>> 33;
        m = r * bound;
        l = m & 0x7FFFFFFFL;
      }
    }
    return (int) (m >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Standard normal (Marsaglia polar method; the spare value is used on the next call). */
  public double nextGaussian() {
    if (hasSpareNormal) {
      hasSpareNormal = false;
      return spareNormal;
    }
    double u, v, s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spareNormal = v * f;
    hasSpareNormal = true;
    return u * f;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Draw {@code t} (from 0) of the generator whose state is {@code state}: what the t-th
   * {@link #nextLong()} of {@code Rng.fromState(state)} returns, computed on its own. Counter-based
   * kernels use it to draw any entry of a stream in any order, on any thread.
   */
  public static long drawAt(long state, long t) {
    return mix64(state + (t + 1) * GAMMA);
  }

  /** SplitMix64's output function (Steele, Lea and Flood 2014), a bijection on 64 bits. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
