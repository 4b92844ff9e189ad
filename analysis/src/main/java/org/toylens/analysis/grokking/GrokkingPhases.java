package org.toylens.analysis.grokking;

import java.util.OptionalLong;

/**
 * Landmarks of a grokking run found by {@link PhaseBoundaries}; each is empty when the run never
 * reached it.
 *
 * <p>Phases (Nanda et al. 2023, §5.2): memorisation [0, memorisedStep), circuit formation
 * [memorisedStep, cleanupStartStep), cleanup [cleanupStartStep, cleanupEndStep).
 *
 * @param memorisedStep first step with train accuracy ≥ the rule's accuracy threshold
 * @param grokkedStep first step with test accuracy ≥ the rule's accuracy threshold
 * @param cleanupStartStep first checkpoint of the steep rise of the Gini curve (see
 *     {@link PhaseBoundaries})
 * @param cleanupEndStep last checkpoint of that steep rise
 * @param restrictedLossStep first step with restricted loss below the rule's loss threshold
 * @param testLossStep first step with test loss below the same threshold
 * @param rule the thresholds used
 */
public record GrokkingPhases(OptionalLong memorisedStep, OptionalLong grokkedStep,
    OptionalLong cleanupStartStep, OptionalLong cleanupEndStep, OptionalLong restrictedLossStep,
    OptionalLong testLossStep, PhaseRule rule) {

  /** Whether test accuracy ever reached the threshold. */
  public boolean grokked() {
    return grokkedStep.isPresent();
  }

  /** Steps between memorising and grokking, when both happened. */
  public OptionalLong grokkingDelay() {
    return memorisedStep.isPresent() && grokkedStep.isPresent()
        ? OptionalLong.of(grokkedStep.getAsLong() - memorisedStep.getAsLong())
        : OptionalLong.empty();
  }
}
