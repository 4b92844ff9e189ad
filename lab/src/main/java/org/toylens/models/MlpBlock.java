package org.toylens.models;

import org.toylens.hooks.HookPoint;
import org.toylens.nn.Module;
import org.toylens.tensor.Tensor;

/** The MLP of one transformer block: act(x · W_in + b_in) · W_out + b_out. */
final class MlpBlock extends Module {

  private final ModelConfig.Activation actFn;
  final Tensor wIn; // W_in [d_model, d_mlp]
  final Tensor bIn; // b_in [d_mlp]
  final Tensor wOut; // W_out [d_mlp, d_model]
  final Tensor bOut; // b_out [d_model]
  private final HookPoint hookPre = hookPoint("hook_pre"); // [batch, pos, d_mlp]
  private final HookPoint hookPost = hookPoint("hook_post"); // [batch, pos, d_mlp]

  MlpBlock(String path, TransformerConfig config, TransformerInit init) {
    super(path);
    actFn = config.actFn();
    int dModel = config.dModel();
    int dMlp = config.dMlp();
    wIn = parameter("W_in", init.weight(nameOf("W_in"), dModel, dMlp), true);
    bIn = parameter("b_in", init.bias(dMlp), config.trainBiases());
    wOut = parameter("W_out", init.weight(nameOf("W_out"), dMlp, dModel), true);
    bOut = parameter("b_out", init.bias(dModel), config.trainBiases());
  }

  /** x [batch, pos, d_model] → [batch, pos, d_model]. */
  Tensor forward(Tensor x) {
    if (actFn == ModelConfig.Activation.RELU && Bias.isSkipped(bIn) && !hookPre.isActive()
        && !hookPost.isActive()) {
      // Nobody looks at the pre-activation: ReLU in place in the product's array.
      return Bias.add(x.matmulRelu(wIn).matmul(wOut), bOut); // [batch, pos, d_model]
    }
    Tensor pre = hookPre.apply(Bias.add(x.matmul(wIn), bIn)); // [batch, pos, d_mlp]
    Tensor post = hookPost.apply(activate(pre)); // [batch, pos, d_mlp]
    return Bias.add(post.matmul(wOut), bOut); // [batch, pos, d_model]
  }

  private Tensor activate(Tensor x) {
    return switch (actFn) {
      case RELU -> x.relu();
      case GELU -> x.gelu();
      case GELU_NEW -> x.geluTanh();
      case SILU -> x.silu();
    };
  }
}
