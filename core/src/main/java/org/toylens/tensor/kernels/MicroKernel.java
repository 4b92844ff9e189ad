package org.toylens.tensor.kernels;

import static org.toylens.tensor.kernels.VectorShape.LANES;
import static org.toylens.tensor.kernels.VectorShape.MR;
import static org.toylens.tensor.kernels.VectorShape.NR;
import static org.toylens.tensor.kernels.VectorShape.SPECIES;
import static org.toylens.tensor.kernels.VectorShape.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked heart of the packed product: one MR × NR tile of C from a panel of A
 * (MR rows × kc) and a packed panel of B (kc × NR, {@code b[bi + p*NR + j]}).
 *
 * <p>Register blocking (Goto and van de Geijn 2008): the whole tile lives in vector
 * registers for the kc steps, as MR rows × two vectors of LANES columns ({@code cRlo | cRhi}).
 * Each step loads the two B vectors of row p once, then for every row r broadcasts A(r, p) and
 * does two FMAs into that row's accumulators: 2 vector loads and MR scalar loads feed 2·MR FMAs,
 * and no accumulator touches memory until the end. With MR = 12 that is 24 accumulators + 2 B
 * vectors + 1 broadcast = 27 of AVX-512's 32 registers; 14 rows (31) leave the JIT no room and
 * spill. The 16-register twin uses 6 rows (15 registers).
 *
 * <p>A is read at {@code a[ai + p*aColStep + r*aRowStep]}: packed panels use (MR, 1); a row-major
 * A is read in place with (1, lda), which costs the kernel little and saves copying A at all.
 *
 * <p>Written out by hand on purpose: C2 keeps vectors in registers only when every vector
 * operation is inlined into this method and each accumulator starts from its own zero; a helper
 * method taking vectors, or accumulators sharing one initial value, makes it box them on every
 * step (ten times slower).
 *
 * <p>For the same reason no method is ever called on an accumulator after the loop: C is written as
 * {@code load(C).add(acc)}, the load reading zeros instead of C when C is overwritten, so every
 * vector a method is invoked on is one C2 knows the exact class of. {@code acc.intoArray(..)} would
 * be a virtual call on the loop variable, which C2 inlines only by speculating on its class with an
 * uncommon trap. C2 stops emitting such traps in a compilation once the class-check traps recorded
 * in the profiles of all the methods it inlines add up to {@code PerMethodTrapLimit} (100), and
 * this method inlines the Vector API's shared {@code VectorOperators.opCode} 48 times, so four
 * traps recorded there by any other compiled code (routine during warm-up, when both FMA and ADD
 * pass through it) were enough: C2 then kept a real virtual call, had to allocate every accumulator
 * on every step and ran 10-20 times slower for the rest of the process. Adding zeros changes no
 * bit: an accumulator that starts at +0 can never be −0. The tail is written without a branch on
 * {@code add} on purpose too: two copies of it made the method too big for C1 ("out of virtual
 * registers in linear scan"), and without a C1 version the tiered policy can leave it running in
 * the interpreter or in C1's unprofiled tier for seconds.
 */
final class MicroKernel {

  private MicroKernel() {}

  /** C[MR × NR] at c[ci], row stride ldc: (add ? C : 0) + A-panel · B-panel. */
  static void multiply(int kc, float[] a, int ai, int aColStep, int aRowStep,
      float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
    if (MR == 12) {
      kernel12(kc, a, ai, aColStep, aRowStep, b, bi, c, ci, ldc, add);
    } else {
      kernel6(kc, a, ai, aColStep, aRowStep, b, bi, c, ci, ldc, add);
    }
  }

  /** Where the old value of C at c[at] is read: there when adding to C, else in ZEROS. */
  static int at(boolean add, int at) {
    return add ? at : 0;
  }

  private static void kernel12(int kc, float[] a, int ai, int aColStep, int aRowStep,
      float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
    int a1 = aRowStep;
    int a2 = 2 * aRowStep;
    int a3 = 3 * aRowStep;
    int a4 = 4 * aRowStep;
    int a5 = 5 * aRowStep;
    int a6 = 6 * aRowStep;
    int a7 = 7 * aRowStep;
    int a8 = 8 * aRowStep;
    int a9 = 9 * aRowStep;
    int a10 = 10 * aRowStep;
    int a11 = 11 * aRowStep;
    FloatVector c0lo = FloatVector.zero(SPECIES), c0hi = FloatVector.zero(SPECIES);
    FloatVector c1lo = FloatVector.zero(SPECIES), c1hi = FloatVector.zero(SPECIES);
    FloatVector c2lo = FloatVector.zero(SPECIES), c2hi = FloatVector.zero(SPECIES);
    FloatVector c3lo = FloatVector.zero(SPECIES), c3hi = FloatVector.zero(SPECIES);
    FloatVector c4lo = FloatVector.zero(SPECIES), c4hi = FloatVector.zero(SPECIES);
    FloatVector c5lo = FloatVector.zero(SPECIES), c5hi = FloatVector.zero(SPECIES);
    FloatVector c6lo = FloatVector.zero(SPECIES), c6hi = FloatVector.zero(SPECIES);
    FloatVector c7lo = FloatVector.zero(SPECIES), c7hi = FloatVector.zero(SPECIES);
    FloatVector c8lo = FloatVector.zero(SPECIES), c8hi = FloatVector.zero(SPECIES);
    FloatVector c9lo = FloatVector.zero(SPECIES), c9hi = FloatVector.zero(SPECIES);
    FloatVector c10lo = FloatVector.zero(SPECIES), c10hi = FloatVector.zero(SPECIES);
    FloatVector c11lo = FloatVector.zero(SPECIES), c11hi = FloatVector.zero(SPECIES);
    for (int p = 0; p < kc; p++, ai += aColStep, bi += NR) {
      FloatVector lo = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector hi = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector x0 = FloatVector.broadcast(SPECIES, a[ai]);
      c0lo = x0.fma(lo, c0lo);
      c0hi = x0.fma(hi, c0hi);
      FloatVector x1 = FloatVector.broadcast(SPECIES, a[ai + a1]);
      c1lo = x1.fma(lo, c1lo);
      c1hi = x1.fma(hi, c1hi);
      FloatVector x2 = FloatVector.broadcast(SPECIES, a[ai + a2]);
      c2lo = x2.fma(lo, c2lo);
      c2hi = x2.fma(hi, c2hi);
      FloatVector x3 = FloatVector.broadcast(SPECIES, a[ai + a3]);
      c3lo = x3.fma(lo, c3lo);
      c3hi = x3.fma(hi, c3hi);
      FloatVector x4 = FloatVector.broadcast(SPECIES, a[ai + a4]);
      c4lo = x4.fma(lo, c4lo);
      c4hi = x4.fma(hi, c4hi);
      FloatVector x5 = FloatVector.broadcast(SPECIES, a[ai + a5]);
      c5lo = x5.fma(lo, c5lo);
      c5hi = x5.fma(hi, c5hi);
      FloatVector x6 = FloatVector.broadcast(SPECIES, a[ai + a6]);
      c6lo = x6.fma(lo, c6lo);
      c6hi = x6.fma(hi, c6hi);
      FloatVector x7 = FloatVector.broadcast(SPECIES, a[ai + a7]);
      c7lo = x7.fma(lo, c7lo);
      c7hi = x7.fma(hi, c7hi);
      FloatVector x8 = FloatVector.broadcast(SPECIES, a[ai + a8]);
      c8lo = x8.fma(lo, c8lo);
      c8hi = x8.fma(hi, c8hi);
      FloatVector x9 = FloatVector.broadcast(SPECIES, a[ai + a9]);
      c9lo = x9.fma(lo, c9lo);
      c9hi = x9.fma(hi, c9hi);
      FloatVector x10 = FloatVector.broadcast(SPECIES, a[ai + a10]);
      c10lo = x10.fma(lo, c10lo);
      c10hi = x10.fma(hi, c10hi);
      FloatVector x11 = FloatVector.broadcast(SPECIES, a[ai + a11]);
      c11lo = x11.fma(lo, c11lo);
      c11hi = x11.fma(hi, c11hi);
    }
    // C = (add ? C : 0) + acc, written through a fresh load rather than straight from the
    // accumulators: see the class comment.
    int o1 = ci + ldc;
    int o2 = ci + 2 * ldc;
    int o3 = ci + 3 * ldc;
    int o4 = ci + 4 * ldc;
    int o5 = ci + 5 * ldc;
    int o6 = ci + 6 * ldc;
    int o7 = ci + 7 * ldc;
    int o8 = ci + 8 * ldc;
    int o9 = ci + 9 * ldc;
    int o10 = ci + 10 * ldc;
    int o11 = ci + 11 * ldc;
    float[] old = add ? c : ZEROS;
    FloatVector.fromArray(SPECIES, old, at(add, ci)).add(c0lo).intoArray(c, ci);
    FloatVector.fromArray(SPECIES, old, at(add, ci + LANES)).add(c0hi).intoArray(c, ci + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o1)).add(c1lo).intoArray(c, o1);
    FloatVector.fromArray(SPECIES, old, at(add, o1 + LANES)).add(c1hi).intoArray(c, o1 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o2)).add(c2lo).intoArray(c, o2);
    FloatVector.fromArray(SPECIES, old, at(add, o2 + LANES)).add(c2hi).intoArray(c, o2 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o3)).add(c3lo).intoArray(c, o3);
    FloatVector.fromArray(SPECIES, old, at(add, o3 + LANES)).add(c3hi).intoArray(c, o3 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o4)).add(c4lo).intoArray(c, o4);
    FloatVector.fromArray(SPECIES, old, at(add, o4 + LANES)).add(c4hi).intoArray(c, o4 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o5)).add(c5lo).intoArray(c, o5);
    FloatVector.fromArray(SPECIES, old, at(add, o5 + LANES)).add(c5hi).intoArray(c, o5 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o6)).add(c6lo).intoArray(c, o6);
    FloatVector.fromArray(SPECIES, old, at(add, o6 + LANES)).add(c6hi).intoArray(c, o6 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o7)).add(c7lo).intoArray(c, o7);
    FloatVector.fromArray(SPECIES, old, at(add, o7 + LANES)).add(c7hi).intoArray(c, o7 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o8)).add(c8lo).intoArray(c, o8);
    FloatVector.fromArray(SPECIES, old, at(add, o8 + LANES)).add(c8hi).intoArray(c, o8 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o9)).add(c9lo).intoArray(c, o9);
    FloatVector.fromArray(SPECIES, old, at(add, o9 + LANES)).add(c9hi).intoArray(c, o9 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o10)).add(c10lo).intoArray(c, o10);
    FloatVector.fromArray(SPECIES, old, at(add, o10 + LANES)).add(c10hi).intoArray(c, o10 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o11)).add(c11lo).intoArray(c, o11);
    FloatVector.fromArray(SPECIES, old, at(add, o11 + LANES)).add(c11hi).intoArray(c, o11 + LANES);
  }

  private static void kernel6(int kc, float[] a, int ai, int aColStep, int aRowStep,
      float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
    int a1 = aRowStep;
    int a2 = 2 * aRowStep;
    int a3 = 3 * aRowStep;
    int a4 = 4 * aRowStep;
    int a5 = 5 * aRowStep;
    FloatVector c0lo = FloatVector.zero(SPECIES), c0hi = FloatVector.zero(SPECIES);
    FloatVector c1lo = FloatVector.zero(SPECIES), c1hi = FloatVector.zero(SPECIES);
    FloatVector c2lo = FloatVector.zero(SPECIES), c2hi = FloatVector.zero(SPECIES);
    FloatVector c3lo = FloatVector.zero(SPECIES), c3hi = FloatVector.zero(SPECIES);
    FloatVector c4lo = FloatVector.zero(SPECIES), c4hi = FloatVector.zero(SPECIES);
    FloatVector c5lo = FloatVector.zero(SPECIES), c5hi = FloatVector.zero(SPECIES);
    for (int p = 0; p < kc; p++, ai += aColStep, bi += NR) {
      FloatVector lo = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector hi = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector x0 = FloatVector.broadcast(SPECIES, a[ai]);
      c0lo = x0.fma(lo, c0lo);
      c0hi = x0.fma(hi, c0hi);
      FloatVector x1 = FloatVector.broadcast(SPECIES, a[ai + a1]);
      c1lo = x1.fma(lo, c1lo);
      c1hi = x1.fma(hi, c1hi);
      FloatVector x2 = FloatVector.broadcast(SPECIES, a[ai + a2]);
      c2lo = x2.fma(lo, c2lo);
      c2hi = x2.fma(hi, c2hi);
      FloatVector x3 = FloatVector.broadcast(SPECIES, a[ai + a3]);
      c3lo = x3.fma(lo, c3lo);
      c3hi = x3.fma(hi, c3hi);
      FloatVector x4 = FloatVector.broadcast(SPECIES, a[ai + a4]);
      c4lo = x4.fma(lo, c4lo);
      c4hi = x4.fma(hi, c4hi);
      FloatVector x5 = FloatVector.broadcast(SPECIES, a[ai + a5]);
      c5lo = x5.fma(lo, c5lo);
      c5hi = x5.fma(hi, c5hi);
    }
    // C = (add ? C : 0) + acc, written through a fresh load rather than straight from the
    // accumulators: see the class comment.
    int o1 = ci + ldc;
    int o2 = ci + 2 * ldc;
    int o3 = ci + 3 * ldc;
    int o4 = ci + 4 * ldc;
    int o5 = ci + 5 * ldc;
    float[] old = add ? c : ZEROS;
    FloatVector.fromArray(SPECIES, old, at(add, ci)).add(c0lo).intoArray(c, ci);
    FloatVector.fromArray(SPECIES, old, at(add, ci + LANES)).add(c0hi).intoArray(c, ci + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o1)).add(c1lo).intoArray(c, o1);
    FloatVector.fromArray(SPECIES, old, at(add, o1 + LANES)).add(c1hi).intoArray(c, o1 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o2)).add(c2lo).intoArray(c, o2);
    FloatVector.fromArray(SPECIES, old, at(add, o2 + LANES)).add(c2hi).intoArray(c, o2 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o3)).add(c3lo).intoArray(c, o3);
    FloatVector.fromArray(SPECIES, old, at(add, o3 + LANES)).add(c3hi).intoArray(c, o3 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o4)).add(c4lo).intoArray(c, o4);
    FloatVector.fromArray(SPECIES, old, at(add, o4 + LANES)).add(c4hi).intoArray(c, o4 + LANES);
    FloatVector.fromArray(SPECIES, old, at(add, o5)).add(c5lo).intoArray(c, o5);
    FloatVector.fromArray(SPECIES, old, at(add, o5 + LANES)).add(c5hi).intoArray(c, o5 + LANES);
  }
}
