package org.toylens.models;

import static org.toylens.models.ToyLossJob.LANES;

import org.toylens.tasks.SparseFeaturesDraw;

/**
 * The fused loss of one instance in plain loops, the reference twin of
 * {@link ToyLossVectorKernel}: the same lanes (one per example of a block) and the same float
 * operations in the same order, {@code Math.fma} where the vector kernel fuses a multiply-add.
 * Per block, with x [n, LANES] (REFERENCE.md §4; FusedReconstructionLoss has the formulas):
 *
 * <pre>
 *   h_j   = Σ_f W_jf x_f                              [m, LANES]
 *   p_f   = b_f + Σ_j Wdec_jf h_j                     [n, LANES]
 *   e_f   = ReLU(p_f) − x_f    (0 in lanes past the batch)
 *   loss += Σ_f I_f e_f²
 *   δ_f   = [p_f > 0] · (2/B) · I_f e_f               [n, LANES]
 *   gb_f += δ_f;  dh_j = Σ_f Wdec_jf δ_f;  gWdec_jf += h_j δ_f;  gW_jf += dh_j x_f
 * </pre>
 */
final class ToyLossScalarKernel implements ToyLossKernel {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void accumulate(ToyLossJob job, int instance, ToyLossLanes lanes) {
    int n = job.features();
    int m = job.hidden();
    int wOff = instance * m * n;
    int bOff = instance * n;
    int iOff = instance * job.importanceStride();
    float[] w = job.w();
    float[] wDec = job.wDec();
    float[] b = job.b();
    float[] importance = job.importance();
    boolean relu = job.relu();
    boolean grads = job.withGradients();
    float scale = 2f / job.batch();
    float[] x = lanes.x;
    float[] h = lanes.h;
    float[] delta = lanes.delta;
    float[] dh = lanes.dh;
    float[] blockLoss = lanes.blockLoss;
    SparseFeaturesDraw draw = job.draw();
    for (int c = 0; c < job.blocks(); c++) {
      int examples = job.examplesIn(c);
      if (draw != null) {
        for (int f = 0; f < n; f++) {
          draw.block(instance, c, f, x, f * LANES);
          for (int l = examples; l < LANES; l++) {
            x[f * LANES + l] = 0f;
          }
        }
      } else {
        job.copyBlock(instance, c, x, 0, LANES);
      }
      for (int j = 0; j < m; j++) { // h = W x
        for (int l = 0; l < LANES; l++) {
          float acc = 0f;
          for (int f = 0; f < n; f++) {
            acc = Math.fma(w[wOff + j * n + f], x[f * LANES + l], acc);
          }
          h[j * LANES + l] = acc;
        }
      }
      for (int f = 0; f < n; f++) { // p, error, loss, δ
        float weight = importance[iOff + f];
        for (int l = 0; l < LANES; l++) {
          float p = b[bOff + f];
          for (int j = 0; j < m; j++) {
            p = Math.fma(wDec[wOff + j * n + f], h[j * LANES + l], p);
          }
          boolean active = !relu || p > 0f;
          float out = active ? p : 0f;
          float error = l < examples ? out - x[f * LANES + l] : 0f;
          float weighted = weight * error;
          blockLoss[l] = Math.fma(weighted, error, blockLoss[l]);
          delta[f * LANES + l] = active ? weighted * scale : 0f;
        }
      }
      lanes.addBlockLoss(0);
      if (!grads) {
        continue;
      }
      float[] gradB = lanes.gradB;
      for (int i = 0; i < n * LANES; i++) {
        gradB[i] += delta[i];
      }
      for (int j = 0; j < m; j++) { // dh = W_dec δ
        for (int l = 0; l < LANES; l++) {
          float acc = 0f;
          for (int f = 0; f < n; f++) {
            acc = Math.fma(wDec[wOff + j * n + f], delta[f * LANES + l], acc);
          }
          dh[j * LANES + l] = acc;
        }
      }
      float[] gradW = lanes.gradW;
      float[] gradWDec = lanes.gradWDec;
      for (int j = 0; j < m; j++) { // gW_dec += h δᵀ, gW += dh xᵀ (separate sums even when tied)
        for (int f = 0; f < n; f++) {
          int g = (j * n + f) * LANES;
          for (int l = 0; l < LANES; l++) {
            gradWDec[g + l] = Math.fma(h[j * LANES + l], delta[f * LANES + l], gradWDec[g + l]);
            gradW[g + l] = Math.fma(dh[j * LANES + l], x[f * LANES + l], gradW[g + l]);
          }
        }
      }
    }
  }
}
