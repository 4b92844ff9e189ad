package org.toylens.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.toylens.autograd.NoGrad;
import org.toylens.models.TokenModel;
import org.toylens.tasks.Dataset;
import org.toylens.tasks.Layout;
import org.toylens.tasks.Task;
import org.toylens.tensor.IntTensor;
import org.toylens.tensor.RowCrossEntropy;
import org.toylens.tensor.Tensor;

/**
 * Loss and accuracy of a token model on a dataset, without gradients.
 *
 * <p>Metrics, for a split called {@code train} or {@code test}:
 * <ul>
 *   <li>{@code <split>_loss}: mean cross-entropy over scored target slots (log-sum-exp in float64);
 *   <li>{@code <split>_accuracy}: fraction of scored slots whose argmax is a right answer by the
 *       task's ground truth ({@link Task#isCorrect}), so a legal tic-tac-toe move counts;
 *   <li>with more than one target column: {@code <split>_sequence_accuracy} (every slot of the
 *       example right) and, per column j, {@code <split>_loss_j} and {@code <split>_accuracy_j}
 *       (each digit of an addition is learned at its own time).
 * </ul>
 */
public final class Evaluation {

  /** Examples per forward pass, to bound memory on large test sets. */
  private static final int CHUNK = 16_384;

  private Evaluation() {}

  public static Map<String, Double> evaluate(TokenModel model, Task task, Dataset data, String split) {
    Layout layout = data.layout();
    int n = data.n(), out = layout.outputLength(), len = layout.inputLength();
    int vocab = layout.outputVocab();
    int[] inputs = data.inputs();
    int[] targets = data.targets();
    double[] slotLoss = new double[out];
    long[] slotCount = new long[out];
    long[] slotRight = new long[out];
    long sequencesRight = 0;
    try (var ignored = NoGrad.enter()) {
      for (int from = 0; from < n; from += CHUNK) {
        int to = Math.min(n, from + CHUNK), b = to - from;
        int[] rows = java.util.Arrays.copyOfRange(inputs, from * len, to * len);
        Tensor logits = model.answerLogits(IntTensor.of(rows, b, len), layout); // [b, out, vocab]
        float[] l = logits.data();
        int[] row = new int[len];
        double[] scratch = new double[vocab];
        for (int i = 0; i < b; i++) {
          boolean allRight = true;
          System.arraycopy(rows, i * len, row, 0, len);
          for (int j = 0; j < out; j++) {
            int target = targets[(from + i) * out + j];
            if (target == Dataset.NO_TARGET) continue;
            int o = (i * out + j) * vocab;
            int arg = RowCrossEntropy.argmax(l, o, vocab);
            slotLoss[j] += RowCrossEntropy.loss(l, o, vocab, target, scratch);
            slotCount[j]++;
            if (task.isCorrect(row, j, arg)) slotRight[j]++;
            else allRight = false;
          }
          if (allRight) sequencesRight++;
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    double lossSum = 0;
    long count = 0, right = 0;
    for (int j = 0; j < out; j++) {
      lossSum += slotLoss[j];
      count += slotCount[j];
      right += slotRight[j];
    }
    m.put(split + "_loss", count == 0 ? Double.NaN : lossSum / count);
    m.put(split + "_accuracy", count == 0 ? Double.NaN : (double) right / count);
    if (out > 1) {
      m.put(split + "_sequence_accuracy", n == 0 ? Double.NaN : (double) sequencesRight / n);
      for (int j = 0; j < out; j++) {
        m.put(split + "_loss_" + j, slotCount[j] == 0 ? Double.NaN : slotLoss[j] / slotCount[j]);
        m.put(split + "_accuracy_" + j, slotCount[j] == 0 ? Double.NaN : (double) slotRight[j] / slotCount[j]);
      }
    }
    return m;
  }
}
