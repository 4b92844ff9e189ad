/**
 * Toy models of superposition (Elhage et al. 2022, "Toy Models of Superposition"): training many
 * instances at once and measuring the geometry of their features.
 *
 * <p>{@link org.toylens.analysis.superposition.FeatureGeometry} computes, for one trained instance,
 * feature norms, superposition, feature dimensionality, dimensions per feature, capacity and the
 * Gram matrix of feature directions. {@link org.toylens.analysis.superposition.PhaseDiagram}
 * classifies a feature as not represented, given a dedicated dimension, or superposed, for the
 * 2-feature/1-dimension phase diagram. Inputs are plain arrays of one instance's weights.
 *
 * <p>{@link org.toylens.analysis.superposition.SuperpositionExperiment} trains the instances of one
 * {@code ToyModel} on sparse features as an experiment config says;
 * {@link org.toylens.analysis.superposition.SuperpositionRun} does it into a run directory and the
 * run store. The result, {@link org.toylens.analysis.superposition.SuperpositionResult}, holds one
 * {@link org.toylens.analysis.superposition.InstanceGeometry} per instance (and, when the model
 * trains each setting from several starts, which copy is kept: the lowest loss);
 * {@link org.toylens.analysis.superposition.SuperpositionTables} writes it as CSV, JSON and
 * safetensors.
 */
package org.toylens.analysis.superposition;
