package org.toylens.analysis.llc;

import org.toylens.tensor.Rng;

/**
 * One SGLD step on flat float arrays (Welling &amp; Teh 2011, localized as in
 * devinterp):
 * <pre>  Δw = −(ε/2)·[nβ·∇L(w) + γ·(w − w*) + wd·w] + noiseLevel·√ε·z,   z ~ N(0, I)  </pre>
 * then each weight is clamped to [w* − box, w* + box] when a bounding box is set, and weights whose
 * mask entry is false do not move. Arithmetic is in double per element and rounded once to float,
 * so with no noise, γ = 0, wd = 0, nβ = 1 and ε = 2·lr one step is exactly the SGD step w − lr·∇L.
 * The update is elementwise and serial: results are bitwise reproducible. {@link SgldChain} runs the
 * same arithmetic fused with the noise and its diagnostics, split over threads.
 */
public final class Sgld {

  private Sgld() {}

  /**
   * The step as a pure function: returns the new weights.
   *
   * @param w current weights
   * @param wStar the point the chain is localized at
   * @param grad ∇L(w) of the minibatch loss at w
   * @param epsilon step size ε
   * @param nBeta nβ
   * @param gamma localization γ
   * @param noise standard normal draws z, one per weight, or null for no noise
   */
  public static float[] sgldStep(float[] w, float[] wStar, float[] grad, double epsilon,
      double nBeta, double gamma, float[] noise) {
    float[] out = new float[w.length];
    step(w, wStar, grad, noise, SgldParameters.of(epsilon, nBeta, gamma), null, out);
    return out;
  }

  /** The step with all options; returns the new weights. {@code mask} may be null (all move). */
  public static float[] step(float[] w, float[] wStar, float[] grad, float[] noise,
      SgldParameters params, boolean[] mask) {
    float[] out = new float[w.length];
    step(w, wStar, grad, noise, params, mask, out);
    return out;
  }

  /**
   * The step written into {@code out}, which may be {@code w} itself (an in-place update with no
   * allocation, for long chains). {@code noise} and {@code mask} may be null.
   */
  public static void step(float[] w, float[] wStar, float[] grad, float[] noise,
      SgldParameters params, boolean[] mask, float[] out) {
    int n = w.length;
    checkLength("wStar", wStar, n);
    checkLength("grad", grad, n);
    checkLength("out", out, n);
    if (noise != null) checkLength("noise", noise, n);
    if (mask != null && mask.length != n) {
      throw new IllegalArgumentException("SGLD step: mask has " + mask.length + " entries, weights " + n);
    }
    double halfEps = 0.5 * params.epsilon();
    double nBeta = params.nBeta();
    double gamma = params.gamma();
    double wd = params.weightDecay();
    double noiseStd = params.noiseLevel() * Math.sqrt(params.epsilon());
    double box = params.boundingBox();
    boolean clamp = box != Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      if (mask != null && !mask[i]) {
        out[i] = w[i];
        continue;
      }
      double drift = nBeta * grad[i];
      if (gamma != 0) drift += gamma * (wi - wStar[i]);
      if (wd != 0) drift += wd * wi;
      double next = wi - halfEps * drift;
      if (noise != null && noiseStd != 0) next += noiseStd * noise[i];
      if (clamp) next = Math.min(wStar[i] + box, Math.max(wStar[i] - box, next));
      out[i] = (float) next;
    }
  }

  /**
   * Fills {@code out} with standard normal draws: the {@link GaussianNoise} stream whose key is the
   * next number of {@code rng} (one number per call, however long {@code out} is).
   */
  public static void standardNormal(Rng rng, float[] out) {
    GaussianNoise.fill(rng.nextLong(), 0, out, 0, out.length);
  }

  private static void checkLength(String name, float[] a, int n) {
    if (a.length != n) {
      throw new IllegalArgumentException("SGLD step: " + name + " has " + a.length + " values, weights " + n);
    }
  }
}
