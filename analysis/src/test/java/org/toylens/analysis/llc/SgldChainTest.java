package org.toylens.analysis.llc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.toylens.tensor.Parallel;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

class SgldChainTest {

  /** Two tensors of 9000 and 11000 weights: the pass splits them into several blocks. */
  static final int FIRST = 9000;
  static final int SECOND = 11000;
  static final int EXAMPLES = 10;

  /**
   * L(w) = ½‖w‖² + Σ_b c_b·w₀ over the batch (c_b a per-example constant, averaged): ∇L = w plus a
   * batch-dependent shift of the first weight, so consecutive batches see different losses.
   */
  static LlcTarget quadratic(long seed) {
    Rng rng = Rng.of(seed);
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("a", Tensor.randn(rng.split("a"), 0.02f, FIRST).requiresGrad(true));
    params.put("b", Tensor.randn(rng.split("b"), 0.02f, SECOND).requiresGrad(true));
    Tensor a = params.get("a"), b = params.get("b");
    float[] shift = new float[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++) shift[i] = 0.001f * i;
    return new LlcTarget(params, idx -> {
      float mean = 0;
      for (int i : idx) mean += shift[i];
      mean /= idx.length;
      return a.square().sum().add(b.square().sum()).mul(0.5f).add(a.slice(0, 0, 1).sum().mul(mean));
    });
  }

  static SgldChain chain(LlcTarget target, SgldParameters params, int batch) {
    return new SgldChain(0, target, List.copyOf(target.parameters().keySet()), params,
        new Minibatches(Rng.of(3), EXAMPLES, batch), Rng.of(4), 1e12);
  }

  @Test
  void oneStepIsTheSgldStepWithTheDocumentedNoiseStream() {
    SgldParameters params = new SgldParameters(1e-3, 30, 100, 0.01, 1, 0.05);
    LlcTarget target = quadratic(1);
    SgldChain chain = chain(target, params, EXAMPLES);
    float[] centre = chain.centre();
    float[] grad = new float[centre.length];
    float[] gradA = target.parameters().get("a").grad().data();
    float[] gradB = target.parameters().get("b").grad().data();
    System.arraycopy(gradA, 0, grad, 0, FIRST);
    System.arraycopy(gradB, 0, grad, FIRST, SECOND);
    float[] noise = new float[centre.length];
    GaussianNoise.fill(GaussianNoise.stepKey(Rng.of(4).nextLong(), 0), 0, noise, 0, noise.length);

    chain.step();

    float[] expected = Sgld.step(centre, centre, grad, noise, params, null);
    assertThat(chain.weights()).containsExactly(expected);
    assertThat(target.parameters().get("b").data()[0]).isEqualTo(expected[FIRST]);
    double squares = 0;
    for (int i = 0; i < expected.length; i++) squares += ((double) expected[i] - centre[i]) * ((double) expected[i] - centre[i]);
    assertThat(chain.distanceFromCentre()).isCloseTo(Math.sqrt(squares), within(1e-9 * Math.sqrt(squares)));
  }

  @Test
  void stepsAreBitwiseTheSameWithOneAndTwoThreads() {
    SgldParameters params = SgldParameters.of(1e-4, 20, 50);
    Object[][] runs = new Object[2][];
    for (int t = 1; t <= 2; t++) {
      int threads = t;
      Parallel.withThreads(threads, () -> {
        SgldChain chain = chain(quadratic(2), params, 5);
        for (int s = 0; s < 4; s++) chain.step();
        runs[threads - 1] = new Object[] {chain.weights(), chain.loss(), chain.distanceFromCentre(), chain.meanAcceptance()};
      });
    }
    assertThat((float[]) runs[1][0]).containsExactly((float[]) runs[0][0]);
    assertThat(runs[1][1]).isEqualTo(runs[0][1]);
    assertThat(runs[1][2]).isEqualTo(runs[0][2]);
    assertThat(runs[1][3]).isEqualTo(runs[0][3]);
  }

  @Test
  void acceptanceIsTheMalaProbabilityOfEachStepFromTheLossesAlreadyEvaluated() {
    double nBeta = 40, gamma = 20, wd = 0.5, epsilon = 4e-4;
    SgldParameters params = SgldParameters.of(epsilon, nBeta, gamma).withWeightDecay(wd);
    LlcTarget target = quadratic(3);
    SgldChain chain = chain(target, params, 5);
    float[] centre = chain.centre();
    float[][] points = new float[3][];
    double[] losses = new double[3];
    double[] shifts = new double[3]; // the batch's shift of ∂L/∂w₀
    points[0] = chain.weights();
    losses[0] = chain.loss();
    shifts[0] = (double) target.parameters().get("a").grad().data()[0] - points[0][0];
    double[] accepted = new double[2];
    for (int s = 1; s <= 2; s++) {
      chain.step();
      points[s] = chain.weights();
      losses[s] = chain.loss();
      shifts[s] = (double) target.parameters().get("a").grad().data()[0] - points[s][0];
      accepted[s - 1] = chain.meanAcceptance();
    }
    double[] expected = new double[2];
    for (int s = 0; s < 2; s++) {
      double[] x = toDouble(points[s]), xNew = toDouble(points[s + 1]);
      double[] gradU = gradU(x, centre, nBeta, gamma, wd, shifts[s]);
      double[] gradUNew = gradU(xNew, centre, nBeta, gamma, wd, shifts[s + 1]);
      double u = potential(x, centre, losses[s], nBeta, gamma, wd);
      double uNew = potential(xNew, centre, losses[s + 1], nBeta, gamma, wd);
      expected[s] = MalaAcceptance.probability(x, xNew, gradU, gradUNew, u, uNew, epsilon);
    }
    assertThat(expected[0]).isBetween(0.01, 0.99);
    assertThat(accepted[0]).isCloseTo(expected[0], within(1e-9));
    assertThat(accepted[1]).isCloseTo((expected[0] + expected[1]) / 2, within(1e-9));
    assertThat(chain.meanAcceptance()).isEqualTo(accepted[1]);

    // After a reset only later steps count (the estimator resets at the end of burn-in).
    SgldChain again = chain(quadratic(3), params, 5);
    again.step();
    again.resetAcceptance();
    assertThat(again.meanAcceptance()).isNaN();
    again.step();
    assertThat(again.meanAcceptance()).isCloseTo(expected[1], within(1e-9));
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }

  private static double[] gradU(double[] x, float[] centre, double nBeta, double gamma, double wd, double shift) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) g[i] = nBeta * (x[i] + (i == 0 ? shift : 0)) + gamma * (x[i] - centre[i]) + wd * x[i];
    return g;
  }

  private static double potential(double[] x, float[] centre, double loss, double nBeta, double gamma, double wd) {
    double local = 0, decay = 0;
    for (int i = 0; i < x.length; i++) {
      local += (x[i] - centre[i]) * (x[i] - centre[i]);
      decay += x[i] * x[i];
    }
    return nBeta * loss + 0.5 * gamma * local + 0.5 * wd * decay;
  }

  @Test
  void noiselessChainsNeverDrawNoiseAndMoveOnlyByTheDrift() {
    SgldParameters params = SgldParameters.of(0.1, 1, 0).withNoiseLevel(0);
    LlcTarget target = quadratic(4);
    SgldChain chain = chain(target, params, EXAMPLES);
    float[] start = chain.weights();
    chain.step();
    float[] moved = chain.weights();
    // ∇L = w (plus the mean shift 0.0045 on w₀): w − 0.05·∇L.
    for (int i = 1; i < start.length; i++) assertThat(moved[i]).isEqualTo((float) (start[i] - 0.05 * start[i]));
    assertThat(chain.meanAcceptance()).isNaN();
  }
}
