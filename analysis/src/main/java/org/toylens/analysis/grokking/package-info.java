/**
 * Progress measures for grokking on modular addition, and the Clock/Pizza metrics.
 *
 * <p>{@link org.toylens.analysis.grokking.KeyFrequencyAblation} computes the restricted and
 * excluded losses of Nanda et al. (2023), {@link org.toylens.analysis.grokking.GiniCoefficient} the
 * sparsity of Fourier norms, {@link org.toylens.analysis.grokking.PhaseBoundaries} finds
 * memorisation, circuit formation, cleanup and grokking in the training curves.
 * {@link org.toylens.analysis.grokking.DistanceIrrelevance} and
 * {@link org.toylens.analysis.grokking.GradientSymmetricity} tell the "clock" and "pizza"
 * algorithms apart (Zhong et al. 2023). All functions take plain arrays extracted from a model
 * (activations over all p² inputs, weight products, logits); losses use log-softmax in double.
 * {@link org.toylens.analysis.grokking.GrokkingAnalysis} measures every checkpoint of a run, in
 * parallel over checkpoints; {@link org.toylens.analysis.grokking.GrokkingAnalysisModel} runs a
 * checkpoint's answer position on all p² inputs from per-token tables (AllPairsForward).
 */
package org.toylens.analysis.grokking;
