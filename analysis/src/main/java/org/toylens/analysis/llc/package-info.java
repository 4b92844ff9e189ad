/**
 * The local learning coefficient (LLC) of singular learning theory, estimated with SGLD as in
 * devinterp (Lau et al. 2023, "Quantifying degeneracy in singular models via the learning
 * coefficient").
 *
 * <p>This package holds the model-independent pieces: the SGLD update on flat float arrays
 * ({@link org.toylens.analysis.llc.Sgld}, {@link org.toylens.analysis.llc.SgldParameters}), its
 * noise ({@link org.toylens.analysis.llc.GaussianNoise}: counter-based, so any thread count draws
 * the same numbers), the MALA acceptance probability used as a step-size diagnostic
 * ({@link org.toylens.analysis.llc.MalaAcceptance}),
 * the per-chain estimate from a loss trace ({@link org.toylens.analysis.llc.LlcEstimate}) and the
 * exact learning coefficients of models used for calibration
 * ({@link org.toylens.analysis.llc.LearningCoefficientTruth}).
 *
 * <p>On top of them, {@link org.toylens.analysis.llc.LlcEstimator} runs seeded SGLD chains
 * ({@link org.toylens.analysis.llc.SgldChain}: one forward and backward per step plus one fused
 * pass over the weights, {@code SgldPass}) in parallel over any loss of a model's parameters
 * ({@link org.toylens.analysis.llc.LlcTarget}, {@link org.toylens.analysis.llc.LossFunction},
 * settings {@link org.toylens.analysis.llc.LlcConfig})
 * and returns the estimate with its diagnostics ({@link org.toylens.analysis.llc.LlcResult});
 * {@link org.toylens.analysis.llc.CalibrationModels} builds models with a known LLC and the
 * settings calibrated on them.
 *
 * <p>For runs: {@link org.toylens.analysis.llc.RunLlc} measures the LLC of a token-task run at its
 * checkpoints against the run's own training loss ({@link org.toylens.analysis.llc.TrainingSetLoss}),
 * with documented defaults for MLPs and transformers, and records one
 * {@link org.toylens.analysis.llc.CheckpointLlc} per checkpoint in the run store and in the CSV
 * table of {@link org.toylens.analysis.llc.LlcTable} ({@link org.toylens.analysis.llc.RunLlcResult}).
 */
package org.toylens.analysis.llc;
