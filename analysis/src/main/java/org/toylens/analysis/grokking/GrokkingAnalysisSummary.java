package org.toylens.analysis.grokking;

import java.util.List;

/**
 * What a grokking analysis found, in one flat record: the landmarks of the run, the algorithm the
 * final model uses, and its final state. Written as {@code analysis/grokking.json} (snake_case
 * keys) and printed by {@code toylens analyze grokking RUN --json}.
 *
 * <p>Landmarks are checkpoint steps (null when never reached), found by {@link PhaseBoundaries}
 * with the thresholds given here: {@code memorisedStep} is the first checkpoint with train accuracy
 * ≥ {@code accuracyThreshold}, {@code grokkedStep} the first with test accuracy ≥ it;
 * {@code restrictedLossStep} and {@code testLossStep} the first checkpoints where the restricted
 * loss and the test loss fall below the same {@code lossThreshold}; the cleanup window is the
 * steepest rise of the Gini coefficient of W_L's Fourier norms after memorisation: the checkpoints
 * around its steepest one rising at least half as fast (see {@link PhaseBoundaries}).
 *
 * @param runId the run analysed
 * @param p the modulus
 * @param checkpoints how many checkpoints were analysed
 * @param finalStep the step of the last one
 * @param grokked whether test accuracy ever reached {@code accuracyThreshold}
 * @param memorisedStep first checkpoint with train accuracy ≥ the threshold
 * @param grokkedStep first checkpoint with test accuracy ≥ the threshold
 * @param grokkingDelay grokkedStep − memorisedStep, when both exist
 * @param restrictedLossStep first checkpoint with restricted loss below {@code lossThreshold}
 * @param testLossStep first checkpoint with test loss below {@code lossThreshold}
 * @param cleanupStartStep first checkpoint of the steep rise of the W_L Gini coefficient
 * @param cleanupEndStep last checkpoint of that steep rise
 * @param accuracyThreshold accuracy counted as solved (0.99)
 * @param lossThreshold loss level of restrictedLossStep and testLossStep (0.1)
 * @param keyFrequencies the key frequencies of the final checkpoint, ascending
 * @param keyFrequencyNeurons clean neurons per key frequency, aligned with keyFrequencies
 * @param cleanNeuronFraction share of all neurons whose frequency explains ≥ 85% of their variance
 * @param finalTrainLoss train loss at the last checkpoint
 * @param finalTestLoss test loss at the last checkpoint
 * @param finalTrainAccuracy train accuracy at the last checkpoint
 * @param finalTestAccuracy test accuracy at the last checkpoint
 * @param finalRestrictedLoss restricted loss at the last checkpoint (NaN without key frequencies)
 * @param finalExcludedLoss excluded loss at the last checkpoint (NaN without key frequencies)
 * @param gradientSymmetricity Clock and Pizza metric of the final model (pizza ≈ 1, clock lower)
 * @param distanceIrrelevance Clock and Pizza metric of the final model (clock ≈ 1, pizza ≪ 1)
 * @param table the CSV file of per-checkpoint measures
 * @param seconds wall time of the analysis
 */
public record GrokkingAnalysisSummary(
    String runId,
    int p,
    int checkpoints,
    long finalStep,
    boolean grokked,
    Long memorisedStep,
    Long grokkedStep,
    Long grokkingDelay,
    Long restrictedLossStep,
    Long testLossStep,
    Long cleanupStartStep,
    Long cleanupEndStep,
    double accuracyThreshold,
    double lossThreshold,
    List<Integer> keyFrequencies,
    List<Integer> keyFrequencyNeurons,
    double cleanNeuronFraction,
    double finalTrainLoss,
    double finalTestLoss,
    double finalTrainAccuracy,
    double finalTestAccuracy,
    double finalRestrictedLoss,
    double finalExcludedLoss,
    double gradientSymmetricity,
    double distanceIrrelevance,
    String table,
    double seconds) {

  public GrokkingAnalysisSummary {
    keyFrequencies = List.copyOf(keyFrequencies);
    keyFrequencyNeurons = List.copyOf(keyFrequencyNeurons);
    if (keyFrequencies.size() != keyFrequencyNeurons.size()) {
      throw new IllegalArgumentException("grokking summary: " + keyFrequencies.size()
          + " key frequencies but " + keyFrequencyNeurons.size() + " neuron counts");
    }
  }
}
