package org.toylens.optim;

import java.util.List;
import java.util.Map;
import org.toylens.tensor.Parallel;

/**
 * Adam (Kingma & Ba 2015) as {@code torch.optim.Adam}, with L2 weight decay added to the
 * gradient; {@link AdamW} decouples it instead.
 *
 * <p>Per element, in float32 and in PyTorch's order: m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * denom = √v / √(1−β2ᵗ) + ε; p ← p − (lr / (1−β1ᵗ))·m / denom.
 */
public class Adam extends Optimizer {

  /** About what one element's update costs, in the units of {@link Parallel#forItems}. */
  private static final long ELEMENT_COST = 16;

  private final double beta1;
  private final double beta2;
  private final double eps;

  public Adam(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps) {
    super(groups, lr);
    if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  @Override
  public List<String> slotNames() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  /** True for AdamW: weight decay shrinks the parameter instead of joining the gradient. */
  protected boolean decoupledWeightDecay() {
    return false;
  }

  @Override
  protected final void update(float[] p, float[] grad, Map<String, float[]> state, double lr, double weightDecay, long step) {
    float[] m = state.get("exp_avg");
    float[] v = state.get("exp_avg_sq");
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    float b2 = (float) beta2, oneMinusB1 = (float) (1 - beta1), oneMinusB2 = (float) (1 - beta2);
    float stepSize = (float) (lr / bc1);
    float fbc2 = (float) bc2Sqrt, feps = (float) eps;
    boolean decoupled = decoupledWeightDecay();
    float decay = (float) (1 - lr * weightDecay);
    float wd = (float) weightDecay;
    boolean decays = weightDecay != 0;
    // Each element's update reads that element alone: any split over threads gives the same bits.
    Parallel.forItems(p.length, ELEMENT_COST, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        float g = grad[i];
        if (decays) {
          if (decoupled) p[i] *= decay;
          else g += wd * p[i];
        }
        // PyTorch computes β1·m + (1−β1)·g as the lerp m + (1−β1)(g − m)
        m[i] += oneMinusB1 * (g - m[i]);
        v[i] = b2 * v[i] + oneMinusB2 * g * g;
        float denom = (float) Math.sqrt(v[i]) / fbc2 + feps;
        p[i] += -stepSize * (m[i] / denom);
      }
    });
  }
}
