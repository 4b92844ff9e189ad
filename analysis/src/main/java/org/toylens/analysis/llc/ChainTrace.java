package org.toylens.analysis.llc;

import java.util.Arrays;

/**
 * What one SGLD chain produced.
 *
 * @param chain chain index
 * @param estimate λ̂ of this chain, nβ·(mean draw loss − L(w*)); NaN when the chain diverged
 * @param lossTrace minibatch loss after every step [steps run]
 * @param drawLosses the losses at the draws [draws] (fewer when the chain diverged)
 * @param distances ‖w − w*‖₂ over the moving weights at each draw [draws]
 * @param malaAcceptance mean MALA acceptance probability over the steps after burn-in, as
 *     devinterp reports it (all steps when there is no burn-in; NaN when undefined: noise level ≠ 1)
 * @param fractionBelow fraction of draws with loss below L(w*)
 * @param divergence null, or the message saying which step diverged with which loss
 */
public record ChainTrace(int chain, double estimate, double[] lossTrace, double[] drawLosses,
    double[] distances, double malaAcceptance, double fractionBelow, String divergence) {

  public ChainTrace {
    lossTrace = lossTrace.clone();
    drawLosses = drawLosses.clone();
    distances = distances.clone();
  }

  @Override
  public double[] lossTrace() {
    return lossTrace.clone();
  }

  @Override
  public double[] drawLosses() {
    return drawLosses.clone();
  }

  @Override
  public double[] distances() {
    return distances.clone();
  }

  public boolean diverged() {
    return divergence != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainTrace t && chain == t.chain && Double.compare(estimate, t.estimate) == 0
        && Arrays.equals(lossTrace, t.lossTrace) && Arrays.equals(drawLosses, t.drawLosses)
        && Arrays.equals(distances, t.distances) && Double.compare(malaAcceptance, t.malaAcceptance) == 0
        && Double.compare(fractionBelow, t.fractionBelow) == 0 && java.util.Objects.equals(divergence, t.divergence);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lossTrace) * 31 + chain;
  }

  @Override
  public String toString() {
    return "ChainTrace[chain=" + chain + ", estimate=" + estimate + ", steps=" + lossTrace.length
        + ", draws=" + drawLosses.length + ", malaAcceptance=" + malaAcceptance + ", fractionBelow="
        + fractionBelow + (divergence == null ? "" : ", divergence=" + divergence) + "]";
  }
}
