package org.toylens.models;

import static org.toylens.models.ToyLossJob.LANES;
import static org.toylens.models.ToyLossLanes.GROUP;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.toylens.tasks.SparseFeaturesDraw;
import org.toylens.tensor.Rng;

/**
 * The fused loss of one instance on the incubating Vector API: one 256-bit vector holds a value
 * for the {@value ToyLossJob#LANES} examples of a block, so every step of the model is a
 * lane-wise multiply-add with a broadcast weight and no lane ever talks to another. The 256-bit
 * shape is fixed, not the machine's preferred one, so that the lanes (and with them the order of
 * every sum) are the same on every machine; on this kind of model it is as fast as 512 bits.
 *
 * <p>When the batch is still to be drawn, each block's entries are generated here, in
 * registers, from {@link SparseFeaturesDraw}'s counter-based recipe: four 64-bit draws at once,
 * read as eight presence words and eight value words. The batch is never written to memory.
 *
 * <p>Loaded by name only when the Vector API module is present (see
 * {@link FusedReconstructionLoss}); {@link ToyLossScalarKernel} is its reference twin, operation
 * for operation.
 */
final class ToyLossVectorKernel implements ToyLossKernel {

  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
  private static final int ONE_BITS = 0x3F800000; // 1.0f
  private static final long GAMMA = Rng.GAMMA;
  /** (d + 1)·γ for d < 4: added to a stream's state, the counters of its draws 0..3. */
  private static final LongVector COUNTER = LongVector.fromArray(LONGS,
      new long[] {GAMMA, 2 * GAMMA, 3 * GAMMA, 4 * GAMMA}, 0);

  static {
    if (FLOATS.length() != LANES || IntVector.SPECIES_256.length() != LANES) {
      throw new AssertionError("256-bit float vectors must have " + LANES + " lanes");
    }
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void accumulate(ToyLossJob job, int instance, ToyLossLanes lanes) {
    int n = job.features();
    int m = job.hidden();
    int wOff = instance * m * n;
    int bOff = instance * n;
    int iOff = instance * job.importanceStride();
    float scale = 2f / job.batch();
    SparseFeaturesDraw draw = job.draw();
    long stream = draw == null ? 0 : draw.stream(instance);
    int threshold = draw == null ? 0 : draw.threshold(instance);
    int blocks = job.blocks();
    // GROUP blocks go through each phase together: per weight, GROUP independent multiply-add
    // chains instead of one that waits on its own latency. Only the order of work changes, not
    // any sum: each value still belongs to one block and the batch sums add the blocks in order.
    // Each phase is its own small method taking arrays, never vectors: C2 compiles each with
    // every Vector API call inlined (one method this size would exceed its inlining budget, and
    // a vector crossing a call that is not inlined is boxed on the heap).
    for (int first = 0; first < blocks; first += GROUP) {
      int real = Math.min(GROUP, blocks - first); // blocks of the group inside the batch
      if (draw != null) {
        for (int q = 0; q < GROUP; q++) {
          drawBlock(stream, threshold, (long) LANES * (first + q) * n, n,
              job.examplesIn(first + q), lanes.x, q * LANES);
        }
      } else {
        for (int q = 0; q < GROUP; q++) {
          job.copyBlock(instance, first + q, lanes.x, q * LANES, GROUP * LANES);
        }
      }
      hidden(job.w(), wOff, m, n, lanes.x, lanes.h);
      outputs(job.wDec(), wOff, job.b(), bOff, job.importance(), iOff, m, n, job.relu(), scale,
          job, first, real, lanes);
      for (int q = 0; q < real; q++) {
        lanes.addBlockLoss(q);
      }
      if (!job.withGradients()) {
        continue;
      }
      hidden(job.wDec(), wOff, m, n, lanes.delta, lanes.dh); // dh = W_dec δ
      weightGradients(m, n, real, lanes);
    }
  }

  /**
   * {@code x[xOff + f·GROUP·LANES ..]}: the entries of features 0..n−1 of one block, drawn from
   * {@code t0} on (zero in lanes past the batch).
   */
  private static void drawBlock(long stream, int threshold, long t0, int n, int examples,
      float[] x, int xOff) {
    LongVector presenceCounter = LongVector.broadcast(LONGS, stream).add(COUNTER);
    LongVector valueCounter = presenceCounter.add(LANES / 2 * GAMMA);
    IntVector thresholds = IntVector.broadcast(IntVector.SPECIES_256, threshold);
    VectorMask<Float> pastBatch = FLOATS.indexInRange(0, examples).not();
    boolean partial = examples < LANES;
    long offset = t0 * GAMMA;
    for (int f = 0; f < n; f++, offset += LANES * GAMMA) {
      FloatVector xf = entries(presenceCounter, valueCounter, offset, thresholds);
      if (partial) {
        xf = xf.blend(0f, pastBatch);
      }
      xf.intoArray(x, xOff + f * GROUP * LANES);
    }
  }

  /**
   * out_j = Σ_f W_jf v_f for j < m and every block of the group: h = W x, or dh = W_dec δ.
   * v [n, GROUP, LANES], out [m, GROUP, LANES]; each sum runs over f in order.
   */
  private static void hidden(float[] w, int wOff, int m, int n, float[] v, float[] out) {
    int j = 0;
    for (; j + 2 <= m; j += 2) { // two rows: eight independent chains
      FloatVector a0 = FloatVector.zero(FLOATS);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector b0 = a0;
      FloatVector b1 = a0;
      FloatVector b2 = a0;
      FloatVector b3 = a0;
      int row = wOff + j * n;
      for (int f = 0; f < n; f++) {
        int at = f * GROUP * LANES;
        FloatVector v0 = FloatVector.fromArray(FLOATS, v, at);
        FloatVector v1 = FloatVector.fromArray(FLOATS, v, at + LANES);
        FloatVector v2 = FloatVector.fromArray(FLOATS, v, at + 2 * LANES);
        FloatVector v3 = FloatVector.fromArray(FLOATS, v, at + 3 * LANES);
        FloatVector wa = FloatVector.broadcast(FLOATS, w[row + f]);
        FloatVector wb = FloatVector.broadcast(FLOATS, w[row + n + f]);
        a0 = wa.fma(v0, a0);
        a1 = wa.fma(v1, a1);
        a2 = wa.fma(v2, a2);
        a3 = wa.fma(v3, a3);
        b0 = wb.fma(v0, b0);
        b1 = wb.fma(v1, b1);
        b2 = wb.fma(v2, b2);
        b3 = wb.fma(v3, b3);
      }
      int at = j * GROUP * LANES;
      a0.intoArray(out, at);
      a1.intoArray(out, at + LANES);
      a2.intoArray(out, at + 2 * LANES);
      a3.intoArray(out, at + 3 * LANES);
      b0.intoArray(out, at + GROUP * LANES);
      b1.intoArray(out, at + GROUP * LANES + LANES);
      b2.intoArray(out, at + GROUP * LANES + 2 * LANES);
      b3.intoArray(out, at + GROUP * LANES + 3 * LANES);
    }
    for (; j < m; j++) {
      FloatVector acc0 = FloatVector.zero(FLOATS);
      FloatVector acc1 = acc0;
      FloatVector acc2 = acc0;
      FloatVector acc3 = acc0;
      int row = wOff + j * n;
      for (int f = 0; f < n; f++) {
        FloatVector weight = FloatVector.broadcast(FLOATS, w[row + f]);
        int at = f * GROUP * LANES;
        acc0 = weight.fma(FloatVector.fromArray(FLOATS, v, at), acc0);
        acc1 = weight.fma(FloatVector.fromArray(FLOATS, v, at + LANES), acc1);
        acc2 = weight.fma(FloatVector.fromArray(FLOATS, v, at + 2 * LANES), acc2);
        acc3 = weight.fma(FloatVector.fromArray(FLOATS, v, at + 3 * LANES), acc3);
      }
      int at = j * GROUP * LANES;
      acc0.intoArray(out, at);
      acc1.intoArray(out, at + LANES);
      acc2.intoArray(out, at + 2 * LANES);
      acc3.intoArray(out, at + 3 * LANES);
    }
  }

  /**
   * p = b + W_decᵀ h, the error, the blocks' loss lanes, δ [n, GROUP, LANES] and, with
   * gradients, δ added into gb for the first {@code real} blocks.
   */
  private static void outputs(float[] wDec, int wOff, float[] b, int bOff, float[] importance,
      int iOff, int m, int n, boolean relu, float scale, ToyLossJob job, int first, int real,
      ToyLossLanes lanes) {
    if (real == GROUP && job.examplesIn(first + GROUP - 1) == LANES) {
      fullOutputs(wDec, wOff, b, bOff, importance, iOff, m, n, relu, scale,
          job.withGradients(), lanes);
      return;
    }
    boolean grads = job.withGradients();
    float[] h = lanes.h;
    for (int f = 0; f < n; f++) {
      FloatVector bias = FloatVector.broadcast(FLOATS, b[bOff + f]);
      FloatVector p0 = bias;
      FloatVector p1 = bias;
      FloatVector p2 = bias;
      FloatVector p3 = bias;
      for (int j = 0; j < m; j++) {
        FloatVector weight = FloatVector.broadcast(FLOATS, wDec[wOff + j * n + f]);
        int at = j * GROUP * LANES;
        p0 = weight.fma(FloatVector.fromArray(FLOATS, h, at), p0);
        p1 = weight.fma(FloatVector.fromArray(FLOATS, h, at + LANES), p1);
        p2 = weight.fma(FloatVector.fromArray(FLOATS, h, at + 2 * LANES), p2);
        p3 = weight.fma(FloatVector.fromArray(FLOATS, h, at + 3 * LANES), p3);
      }
      p0.intoArray(lanes.p, 0);
      p1.intoArray(lanes.p, LANES);
      p2.intoArray(lanes.p, 2 * LANES);
      p3.intoArray(lanes.p, 3 * LANES);
      float weight = importance[iOff + f];
      for (int q = 0; q < GROUP; q++) {
        error(f, q, weight, relu, scale, job.examplesIn(first + q), q < real && grads, lanes);
      }
    }
  }

  /**
   * {@link #outputs} for a group of four whole blocks, the common case: the same operations in
   * the same order, with the blocks' loss lanes and each feature's bias gradient kept in
   * registers instead of being read back from memory per block.
   */
  private static void fullOutputs(float[] wDec, int wOff, float[] b, int bOff,
      float[] importance, int iOff, int m, int n, boolean relu, float scale, boolean grads,
      ToyLossLanes lanes) {
    float[] h = lanes.h;
    float[] x = lanes.x;
    float[] delta = lanes.delta;
    float[] gradB = lanes.gradB;
    FloatVector zero = FloatVector.zero(FLOATS);
    FloatVector loss0 = zero;
    FloatVector loss1 = zero;
    FloatVector loss2 = zero;
    FloatVector loss3 = zero;
    for (int f = 0; f < n; f++) {
      FloatVector bias = FloatVector.broadcast(FLOATS, b[bOff + f]);
      FloatVector p0 = bias;
      FloatVector p1 = bias;
      FloatVector p2 = bias;
      FloatVector p3 = bias;
      for (int j = 0; j < m; j++) {
        FloatVector weight = FloatVector.broadcast(FLOATS, wDec[wOff + j * n + f]);
        int at = j * GROUP * LANES;
        p0 = weight.fma(FloatVector.fromArray(FLOATS, h, at), p0);
        p1 = weight.fma(FloatVector.fromArray(FLOATS, h, at + LANES), p1);
        p2 = weight.fma(FloatVector.fromArray(FLOATS, h, at + 2 * LANES), p2);
        p3 = weight.fma(FloatVector.fromArray(FLOATS, h, at + 3 * LANES), p3);
      }
      FloatVector weight = FloatVector.broadcast(FLOATS, importance[iOff + f]);
      int at = f * GROUP * LANES;
      // x' − x, I·(x' − x), the loss lanes and δ, block by block (as error() does)
      VectorMask<Float> active0 = p0.compare(VectorOperators.GT, 0f);
      VectorMask<Float> active1 = p1.compare(VectorOperators.GT, 0f);
      VectorMask<Float> active2 = p2.compare(VectorOperators.GT, 0f);
      VectorMask<Float> active3 = p3.compare(VectorOperators.GT, 0f);
      FloatVector e0 = (relu ? zero.blend(p0, active0) : p0).sub(FloatVector.fromArray(FLOATS, x, at));
      FloatVector e1 = (relu ? zero.blend(p1, active1) : p1)
          .sub(FloatVector.fromArray(FLOATS, x, at + LANES));
      FloatVector e2 = (relu ? zero.blend(p2, active2) : p2)
          .sub(FloatVector.fromArray(FLOATS, x, at + 2 * LANES));
      FloatVector e3 = (relu ? zero.blend(p3, active3) : p3)
          .sub(FloatVector.fromArray(FLOATS, x, at + 3 * LANES));
      FloatVector w0 = weight.mul(e0);
      FloatVector w1 = weight.mul(e1);
      FloatVector w2 = weight.mul(e2);
      FloatVector w3 = weight.mul(e3);
      loss0 = w0.fma(e0, loss0);
      loss1 = w1.fma(e1, loss1);
      loss2 = w2.fma(e2, loss2);
      loss3 = w3.fma(e3, loss3);
      FloatVector d0 = w0.mul(scale);
      FloatVector d1 = w1.mul(scale);
      FloatVector d2 = w2.mul(scale);
      FloatVector d3 = w3.mul(scale);
      if (relu) {
        d0 = zero.blend(d0, active0);
        d1 = zero.blend(d1, active1);
        d2 = zero.blend(d2, active2);
        d3 = zero.blend(d3, active3);
      }
      d0.intoArray(delta, at);
      d1.intoArray(delta, at + LANES);
      d2.intoArray(delta, at + 2 * LANES);
      d3.intoArray(delta, at + 3 * LANES);
      if (grads) { // gb_f += δ_f, blocks in order
        FloatVector.fromArray(FLOATS, gradB, f * LANES).add(d0).add(d1).add(d2).add(d3)
            .intoArray(gradB, f * LANES);
      }
    }
    loss0.intoArray(lanes.blockLoss, 0);
    loss1.intoArray(lanes.blockLoss, LANES);
    loss2.intoArray(lanes.blockLoss, 2 * LANES);
    loss3.intoArray(lanes.blockLoss, 3 * LANES);
  }

  /**
   * From the preactivation {@code lanes.p[q]} of feature {@code f} in group slot {@code q}:
   * x' − x, its weighted square into the block's loss lanes, δ_f, and with {@code gradients} δ_f
   * added into gb. (Vectors never cross a call: one that is not inlined would box them.)
   */
  private static void error(int f, int q, float importance, boolean relu, float scale,
      int examples, boolean gradients, ToyLossLanes lanes) {
    int at = (f * GROUP + q) * LANES;
    FloatVector zero = FloatVector.zero(FLOATS);
    FloatVector p = FloatVector.fromArray(FLOATS, lanes.p, q * LANES);
    FloatVector xf = FloatVector.fromArray(FLOATS, lanes.x, at);
    VectorMask<Float> active = p.compare(VectorOperators.GT, 0f);
    FloatVector out = relu ? zero.blend(p, active) : p;
    FloatVector error = out.sub(xf);
    if (examples < LANES) {
      error = error.blend(0f, FLOATS.indexInRange(0, examples).not());
    }
    FloatVector weighted = FloatVector.broadcast(FLOATS, importance).mul(error);
    FloatVector blockLoss = FloatVector.fromArray(FLOATS, lanes.blockLoss, q * LANES);
    weighted.fma(error, blockLoss).intoArray(lanes.blockLoss, q * LANES);
    FloatVector d = weighted.mul(scale);
    if (relu) {
      d = zero.blend(d, active);
    }
    d.intoArray(lanes.delta, at);
    if (gradients) { // gb_f += δ_f, blocks in order
      FloatVector.fromArray(FLOATS, lanes.gradB, f * LANES).add(d)
          .intoArray(lanes.gradB, f * LANES);
    }
  }

  /**
   * gW_dec += h δᵀ and gW += dh xᵀ, lane by lane, for the first {@code real} blocks of the
   * group in order; the two products have their own sums even when tied (added at the end).
   */
  private static void weightGradients(int m, int n, int real, ToyLossLanes lanes) {
    if (real == GROUP) {
      fullWeightGradients(m, n, lanes);
      return;
    }
    float[] x = lanes.x;
    float[] delta = lanes.delta;
    float[] h = lanes.h;
    float[] dh = lanes.dh;
    float[] gradW = lanes.gradW;
    float[] gradWDec = lanes.gradWDec;
    for (int j = 0; j < m; j++) {
      for (int f = 0; f < n; f++) {
        int g = (j * n + f) * LANES;
        FloatVector dec = FloatVector.fromArray(FLOATS, gradWDec, g);
        FloatVector enc = FloatVector.fromArray(FLOATS, gradW, g);
        for (int q = 0; q < real; q++) {
          int hAt = (j * GROUP + q) * LANES;
          int at = (f * GROUP + q) * LANES;
          dec = FloatVector.fromArray(FLOATS, h, hAt)
              .fma(FloatVector.fromArray(FLOATS, delta, at), dec);
          enc = FloatVector.fromArray(FLOATS, dh, hAt)
              .fma(FloatVector.fromArray(FLOATS, x, at), enc);
        }
        dec.intoArray(gradWDec, g);
        enc.intoArray(gradW, g);
      }
    }
  }

  /**
   * {@link #weightGradients} for a whole group: the same sums in the same order, the loop over
   * the four blocks written out, each block's h and dh loaded once per row, two features at a
   * time (four independent chains).
   */
  private static void fullWeightGradients(int m, int n, ToyLossLanes lanes) {
    float[] x = lanes.x;
    float[] delta = lanes.delta;
    float[] h = lanes.h;
    float[] dh = lanes.dh;
    float[] gradW = lanes.gradW;
    float[] gradWDec = lanes.gradWDec;
    int stride = GROUP * LANES; // from one feature's (or row's) group to the next
    for (int j = 0; j < m; j++) {
      int r = j * stride;
      FloatVector h0 = FloatVector.fromArray(FLOATS, h, r);
      FloatVector h1 = FloatVector.fromArray(FLOATS, h, r + LANES);
      FloatVector h2 = FloatVector.fromArray(FLOATS, h, r + 2 * LANES);
      FloatVector h3 = FloatVector.fromArray(FLOATS, h, r + 3 * LANES);
      FloatVector dh0 = FloatVector.fromArray(FLOATS, dh, r);
      FloatVector dh1 = FloatVector.fromArray(FLOATS, dh, r + LANES);
      FloatVector dh2 = FloatVector.fromArray(FLOATS, dh, r + 2 * LANES);
      FloatVector dh3 = FloatVector.fromArray(FLOATS, dh, r + 3 * LANES);
      int f = 0;
      for (; f + 2 <= n; f += 2) { // two features: four independent chains
        int g = (j * n + f) * LANES;
        int at = f * stride;
        int at2 = at + stride;
        FloatVector dec = FloatVector.fromArray(FLOATS, gradWDec, g);
        FloatVector enc = FloatVector.fromArray(FLOATS, gradW, g);
        FloatVector dec2 = FloatVector.fromArray(FLOATS, gradWDec, g + LANES);
        FloatVector enc2 = FloatVector.fromArray(FLOATS, gradW, g + LANES);
        dec = h0.fma(FloatVector.fromArray(FLOATS, delta, at), dec);
        enc = dh0.fma(FloatVector.fromArray(FLOATS, x, at), enc);
        dec2 = h0.fma(FloatVector.fromArray(FLOATS, delta, at2), dec2);
        enc2 = dh0.fma(FloatVector.fromArray(FLOATS, x, at2), enc2);
        dec = h1.fma(FloatVector.fromArray(FLOATS, delta, at + LANES), dec);
        enc = dh1.fma(FloatVector.fromArray(FLOATS, x, at + LANES), enc);
        dec2 = h1.fma(FloatVector.fromArray(FLOATS, delta, at2 + LANES), dec2);
        enc2 = dh1.fma(FloatVector.fromArray(FLOATS, x, at2 + LANES), enc2);
        dec = h2.fma(FloatVector.fromArray(FLOATS, delta, at + 2 * LANES), dec);
        enc = dh2.fma(FloatVector.fromArray(FLOATS, x, at + 2 * LANES), enc);
        dec2 = h2.fma(FloatVector.fromArray(FLOATS, delta, at2 + 2 * LANES), dec2);
        enc2 = dh2.fma(FloatVector.fromArray(FLOATS, x, at2 + 2 * LANES), enc2);
        dec = h3.fma(FloatVector.fromArray(FLOATS, delta, at + 3 * LANES), dec);
        enc = dh3.fma(FloatVector.fromArray(FLOATS, x, at + 3 * LANES), enc);
        dec2 = h3.fma(FloatVector.fromArray(FLOATS, delta, at2 + 3 * LANES), dec2);
        enc2 = dh3.fma(FloatVector.fromArray(FLOATS, x, at2 + 3 * LANES), enc2);
        dec.intoArray(gradWDec, g);
        enc.intoArray(gradW, g);
        dec2.intoArray(gradWDec, g + LANES);
        enc2.intoArray(gradW, g + LANES);
      }
      for (; f < n; f++) {
        int g = (j * n + f) * LANES;
        int at = f * stride;
        FloatVector dec = FloatVector.fromArray(FLOATS, gradWDec, g);
        FloatVector enc = FloatVector.fromArray(FLOATS, gradW, g);
        dec = h0.fma(FloatVector.fromArray(FLOATS, delta, at), dec);
        enc = dh0.fma(FloatVector.fromArray(FLOATS, x, at), enc);
        dec = h1.fma(FloatVector.fromArray(FLOATS, delta, at + LANES), dec);
        enc = dh1.fma(FloatVector.fromArray(FLOATS, x, at + LANES), enc);
        dec = h2.fma(FloatVector.fromArray(FLOATS, delta, at + 2 * LANES), dec);
        enc = dh2.fma(FloatVector.fromArray(FLOATS, x, at + 2 * LANES), enc);
        dec = h3.fma(FloatVector.fromArray(FLOATS, delta, at + 3 * LANES), dec);
        enc = dh3.fma(FloatVector.fromArray(FLOATS, x, at + 3 * LANES), enc);
        dec.intoArray(gradWDec, g);
        enc.intoArray(gradW, g);
      }
    }
  }

  /**
   * The eight entries whose presence words come from the draws at {@code presenceCounter + offset}
   * and value words from {@code valueCounter + offset} (SparseFeaturesDraw's recipe).
   */
  private static FloatVector entries(LongVector presenceCounter, LongVector valueCounter,
      long offset, IntVector threshold) {
    IntVector presence = mix64(presenceCounter.add(offset)).reinterpretAsInts();
    IntVector value = mix64(valueCounter.add(offset)).reinterpretAsInts();
    IntVector present = presence.lanewise(VectorOperators.LSHR, 8).sub(threshold)
        .lanewise(VectorOperators.ASHR, 31); // all ones when present, else 0
    return value.lanewise(VectorOperators.LSHR, 9).and(present).or(ONE_BITS)
        .reinterpretAsFloats().sub(1f);
  }

  /** SplitMix64's finaliser, lane by lane. */
  private static LongVector mix64(LongVector z) {
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
    return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
  }
}
