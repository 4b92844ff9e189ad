package org.toylens.analysis.grokking;

/**
 * Thresholds for {@link PhaseBoundaries}.
 *
 * @param accuracyThreshold accuracy that counts as "solved" (memorised for train, grokked for test)
 * @param lossThreshold the one loss level shared by restricted_loss_step and test_loss_step, so the
 *     two are comparable; 0.1 nats ≈ 90% probability on the right answer, a level both curves cross
 *     on their steep descent
 * @param steepFraction cleanup is the stretch around the Gini curve's steepest rise where its slope
 *     is at least this fraction of that steepest slope (0.5: the full width at half maximum)
 * @param smoothingWindow checkpoints in the running median taken of the Gini curve before its slope
 *     (odd; 1 = no smoothing); a window of w removes spikes up to (w − 1)/2 checkpoints wide and leaves
 *     a monotone stretch unchanged
 * @param minGiniRise smallest total rise of the Gini curve that counts as a cleanup at all
 */
public record PhaseRule(double accuracyThreshold, double lossThreshold, double steepFraction,
    int smoothingWindow, double minGiniRise) {

  /** Accuracy 0.99, loss 0.1, cleanup where the Gini slope is ≥ half its peak, median of 5, rise ≥ 0.05. */
  public static final PhaseRule DEFAULT = new PhaseRule(0.99, 0.1, 0.5, 5, 0.05);

  public PhaseRule {
    if (!(accuracyThreshold > 0 && accuracyThreshold <= 1)) {
      throw new IllegalArgumentException("phase rule: accuracyThreshold must be in (0, 1], got " + accuracyThreshold);
    }
    if (!(lossThreshold > 0)) {
      throw new IllegalArgumentException("phase rule: lossThreshold must be > 0, got " + lossThreshold);
    }
    if (!(steepFraction > 0 && steepFraction < 1)) {
      throw new IllegalArgumentException("phase rule: steepFraction must be in (0, 1), got " + steepFraction);
    }
    if (smoothingWindow < 1 || smoothingWindow % 2 == 0) {
      throw new IllegalArgumentException("phase rule: smoothingWindow must be an odd number of checkpoints >= 1, got "
          + smoothingWindow);
    }
    if (!(minGiniRise > 0)) {
      throw new IllegalArgumentException("phase rule: minGiniRise must be > 0, got " + minGiniRise);
    }
  }
}
