package org.toylens.tensor;

import static org.toylens.tensor.GradCheck.awayFromZero;
import static org.toylens.tensor.GradCheck.check;
import static org.toylens.tensor.GradCheck.positive;
import static org.toylens.tensor.GradCheck.randn;

import org.junit.jupiter.api.Test;

/** Every differentiable operation's backward pass against finite differences. */
class GradientTest {

  @Test
  void addSubMulDivSameShape() {
    check(t -> t[0].add(t[1]), randn(1, 3, 4), randn(2, 3, 4));
    check(t -> t[0].sub(t[1]), randn(1, 3, 4), randn(2, 3, 4));
    check(t -> t[0].mul(t[1]), randn(1, 3, 4), randn(2, 3, 4));
    check(t -> t[0].div(t[1]), randn(1, 3, 4), positive(2, 3, 4));
  }

  @Test
  void broadcastingBinaryOpsSumGradientBackToEachShape() {
    check(t -> t[0].add(t[1]), randn(1, 5, 3), randn(2, 3)); // bias
    check(t -> t[0].mul(t[1]), randn(1, 5, 3), randn(2, 5, 1)); // per row
    check(t -> t[0].sub(t[1]), randn(1, 4, 1), randn(2, 1, 3)); // outer
    check(t -> t[0].div(t[1]), randn(1, 2, 3, 4), positive(2, 3, 1)); // general
    check(t -> t[0].mul(t[1]), randn(1, 2, 3), randn(2, 1)); // scalar-like
  }

  @Test
  void scalarArithmeticAndPowers() {
    check(t -> t[0].add(2f).mul(-3f).div(4f).sub(1f).neg(), randn(1, 7));
    check(t -> t[0].pow(3f), randn(1, 6));
    check(t -> t[0].pow(0.5f), positive(1, 6));
    check(t -> t[0].square(), randn(1, 6));
    check(t -> t[0].sqrt(), positive(1, 6));
  }

  @Test
  void unaryFunctions() {
    check(t -> t[0].exp(), randn(1, 9));
    check(t -> t[0].log(), positive(1, 9));
    check(t -> t[0].abs(), awayFromZero(1, 9));
    check(t -> t[0].relu(), awayFromZero(1, 9));
    check(t -> t[0].gelu(), randn(1, 9));
    check(t -> t[0].geluTanh(), randn(1, 9));
    check(t -> t[0].silu(), randn(1, 9));
    check(t -> t[0].tanh(), randn(1, 9));
    check(t -> t[0].sigmoid(), randn(1, 9));
  }

  @Test
  void reductionsOverEveryAxis() {
    check(t -> t[0].sum(), randn(1, 3, 4));
    check(t -> t[0].mean(), randn(1, 3, 4));
    for (int axis = 0; axis < 3; axis++) {
      int a = axis;
      check(t -> t[0].sum(a, false), randn(1, 2, 3, 4));
      check(t -> t[0].mean(a, true), randn(1, 2, 3, 4));
      check(t -> t[0].max(a, false), randn(1 + a, 2, 3, 4));
    }
    check(t -> t[0].sumToShape(Shape.of(3, 1)), randn(1, 2, 3, 4));
  }

  @Test
  void layoutOperations() {
    check(t -> t[0].reshape(4, -1), randn(1, 2, 3, 2));
    check(t -> t[0].permute(2, 0, 1), randn(1, 2, 3, 4));
    check(t -> t[0].transpose(0, 2), randn(1, 2, 3, 4));
    check(t -> t[0].slice(1, 1, 3), randn(1, 2, 4, 3));
    check(t -> t[0].select(-1, 2), randn(1, 2, 4, 3));
    check(t -> t[0].indexSelect(0, new int[] {2, 0, 2}), randn(1, 3, 4));
    check(t -> t[0].gather(1, IntTensor.of(new int[] {0, 2, 2, 1, 1, 0}, 2, 3)), randn(1, 2, 4));
    check(t -> Tensor.concat(1, t[0], t[1]), randn(1, 2, 3), randn(2, 2, 5));
    check(t -> Tensor.stack(1, t[0], t[1]), randn(1, 2, 3), randn(2, 2, 3));
    check(t -> Tensor.embedding(t[0], IntTensor.of(new int[] {1, 3, 1, 0, 3, 3}, 2, 3)), randn(1, 4, 5));
  }

  @Test
  void whereAndMaskedFillRouteGradientToTheChosenSide() {
    Tensor mask = Tensor.of(new float[] {1, 0, 1, 0, 0, 1}, 2, 3);
    check(t -> Tensor.where(mask, t[0], t[1]), randn(1, 2, 3), randn(2, 2, 3));
    check(t -> t[0].maskedFill(Tensor.of(new float[] {0, 1, 0}, 3), -5f), randn(1, 2, 3));
  }

  @Test
  void matrixProductsWithEveryTransposeCombination() {
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        Tensor a = ta ? randn(1, 4, 3) : randn(1, 3, 4);
        Tensor b = tb ? randn(2, 5, 4) : randn(2, 4, 5);
        check(t -> Tensor.matmul(t[0], ta, t[1], tb), a, b);
        Tensor ba = ta ? randn(3, 2, 4, 3) : randn(3, 2, 3, 4);
        Tensor bb = tb ? randn(4, 2, 5, 4) : randn(4, 2, 4, 5);
        check(t -> Tensor.matmul(t[0], ta, t[1], tb), ba, bb);
      }
    }
  }

  @Test
  void batchedProductWithASharedRightOperand() {
    check(t -> t[0].matmul(t[1]), randn(1, 2, 3, 4), randn(2, 4, 5)); // flattened path
    check(t -> Tensor.matmul(t[0], false, t[1], true), randn(1, 2, 3, 4), randn(2, 5, 4));
    check(t -> Tensor.matmul(t[0], true, t[1], false), randn(1, 2, 4, 3), randn(2, 4, 5)); // broadcast B
    check(t -> t[0].matmul(t[1]), randn(1, 3, 4), randn(2, 2, 4, 5)); // broadcast A
  }

  @Test
  void softmaxFamilyAndLosses() {
    check(t -> t[0].softmax(), randn(1, 3, 5));
    check(t -> t[0].logSoftmax(), randn(1, 3, 5));
    IntTensor targets = IntTensor.of(new int[] {4, 0, -1, 2}, 4);
    check(t -> t[0].crossEntropy(targets), randn(1, 4, 5));
    check(t -> t[0].mse(t[1]), randn(1, 3, 4), randn(2, 3, 4));
  }

  @Test
  void layerNormWithAndWithoutAffineParameters() {
    check(t -> t[0].layerNorm(t[1], t[2], 1e-5f), randn(1, 3, 6), randn(2, 6), randn(3, 6));
    check(t -> t[0].layerNorm(null, null, 1e-5f), randn(1, 4, 5));
  }

  @Test
  void composedGraphReusingATensorAccumulatesItsGradient() {
    // x used three times: the gradient must be the sum over all uses.
    check(t -> t[0].mul(t[0]).add(t[0].exp()).sum(0, false), randn(1, 3, 2));
    check(t -> t[0].matmul(t[1]).relu().matmul(t[1].transpose(0, 1)).softmax(), randn(1, 3, 4), randn(2, 4, 4));
  }

  @Test
  void matmulReluHasTheValuesAndGradientsOfMatmulThenRelu() {
    check(t -> t[0].matmulRelu(t[1]).matmul(t[1].transpose(0, 1)), randn(1, 5, 4), randn(2, 4, 4));
    Tensor x = randn(3, 7, 6).requiresGrad(true);
    Tensor w = randn(4, 6, 9).requiresGrad(true);
    Tensor upstream = randn(5, 7, 9);
    Tensor fused = x.matmulRelu(w);
    fused.mul(upstream).sum().backward();
    float[] fusedX = x.grad().data().clone();
    float[] fusedW = w.grad().data().clone();
    x.zeroGrad();
    w.zeroGrad();
    Tensor plain = x.matmul(w).relu();
    plain.mul(upstream).sum().backward();
    org.assertj.core.api.Assertions.assertThat(fused.data()).containsExactly(plain.data());
    org.assertj.core.api.Assertions.assertThat(fusedX).containsExactly(x.grad().data());
    org.assertj.core.api.Assertions.assertThat(fusedW).containsExactly(w.grad().data());
  }

  /**
   * An elementwise backward may write its input's gradient into the incoming gradient's array,
   * but never into one somebody keeps: a retained gradient must still be the incoming one.
   */
  @Test
  void aRetainedGradientIsNotOverwrittenByTheNextBackwardStep() {
    Tensor x = randn(6, 4, 5).requiresGrad(true);
    Tensor y = x.mul(2f);
    Tensor activated = y.relu().retainGrad();
    Tensor upstream = randn(7, 4, 5);
    activated.mul(upstream).sum().backward();
    org.assertj.core.api.Assertions.assertThat(activated.grad().data()).containsExactly(upstream.data());
    for (int i = 0; i < 20; i++) {
      float expected = y.data()[i] > 0 ? 2f * upstream.data()[i] : 0f;
      org.assertj.core.api.Assertions.assertThat(x.grad().data()[i]).isEqualTo(expected);
    }
  }

  /** The same for a gradient hook that keeps the tensor it was shown without copying it. */
  @Test
  void aGradientShownToAHookIsNotOverwrittenByTheNextBackwardStep() {
    Tensor x = randn(8, 4, 5).requiresGrad(true);
    Tensor activated = x.mul(2f).relu();
    Tensor[] seen = new Tensor[1];
    activated.onGrad(g -> {
      seen[0] = g;
      return g;
    });
    Tensor upstream = randn(9, 4, 5);
    activated.mul(upstream).sum().backward();
    org.assertj.core.api.Assertions.assertThat(seen[0].data()).containsExactly(upstream.data());
  }
}
