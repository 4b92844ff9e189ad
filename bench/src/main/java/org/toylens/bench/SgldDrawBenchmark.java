package org.toylens.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.toylens.analysis.llc.LlcTarget;
import org.toylens.analysis.llc.Minibatches;
import org.toylens.analysis.llc.SgldChain;
import org.toylens.analysis.llc.SgldParameters;
import org.toylens.models.HookedTransformer;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.Rng;
import org.toylens.tensor.Tensor;

/**
 * One SGLD draw of ToyLens's LLC estimator on the grokking transformer at its initial weights:
 * a minibatch of 512, loss and gradient at the last position, the localised Langevin update (and
 * the MALA and distance bookkeeping the estimator reports). Like the peer, each iteration starts
 * a fresh chain at w*.
 */
public class SgldDrawBenchmark extends ToyLensBenchmark {

  private static final int[] LAST_POSITION = {GrokkingWorkload.N_CTX - 1};

  private LlcTarget target;
  private Map<String, float[]> centre; // w*, by parameter name
  private int trainingSize;
  private SgldChain chain;

  @Setup
  public void build() {
    HookedTransformer model = TrainingStepBenchmark.grokkingTransformer();
    GrokkingWorkload.TrainingSet data = GrokkingWorkload.trainingSet();
    trainingSize = data.size();
    int ctx = GrokkingWorkload.N_CTX;
    IntTensor tokens = IntTensor.of(data.tokens(), trainingSize, ctx);
    IntTensor labels = IntTensor.of(data.labels(), trainingSize, 1);
    target = LlcTarget.of(model, batch -> model.logitsAt(tokens.rows(batch), LAST_POSITION)
        .reshape(-1, GrokkingWorkload.D_VOCAB_OUT).crossEntropy(labels.rows(batch).reshape(batch.length)));
    centre = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : target.parameters().entrySet()) centre.put(e.getKey(), e.getValue().data().clone());
  }

  /** Each iteration starts a fresh chain at w* (untimed: it evaluates the loss there once). */
  @Setup(Level.Iteration)
  public void restartChain() {
    for (Map.Entry<String, Tensor> e : target.parameters().entrySet()) {
      float[] start = centre.get(e.getKey());
      System.arraycopy(start, 0, e.getValue().data(), 0, start.length);
    }
    Rng rng = Rng.of(SgldWorkload.SEED);
    List<String> moving = new ArrayList<>(target.parameters().keySet());
    chain = new SgldChain(0, target, moving,
        SgldParameters.of(SgldWorkload.EPSILON, SgldWorkload.N_BETA, SgldWorkload.GAMMA),
        new Minibatches(rng.split("batches"), trainingSize, SgldWorkload.BATCH), rng.split("noise"),
        Double.POSITIVE_INFINITY);
  }

  @Benchmark
  public double sgldDraw() {
    chain.step();
    return chain.loss();
  }
}
