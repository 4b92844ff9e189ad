package org.toylens.models;

import java.util.Locale;
import org.toylens.tasks.SparseFeaturesDraw;
import org.toylens.tensor.Parallel;

/**
 * The toy model's training loss and its gradients in one pass, without the engine's operations:
 * the fast twin of {@link ToyModel}'s forward pass through engine operations (which stays the
 * reference, and the path taken whenever a hook is attached).
 *
 * <p>Toy models are so small that per-operation costs (a pass over memory per elementwise
 * operation, a permute of the batch, the recorded graph) dominate any library that runs them as
 * a chain of tensor operations. Here one task runs an instance from its input to its gradients,
 * a block of {@value ToyLossJob#LANES} examples at a time with one example per vector lane
 * ({@link ToyLossKernel}), and every intermediate value stays in registers or in a few
 * kilobytes of scratch. Per instance, with x_b = x[b, instance, :] (REFERENCE.md §4):
 *
 * <pre>
 *   h_b    = W x_b                              [hidden]
 *   p_b    = W_decᵀ h_b + b                     [feature]
 *   x'_b   = ReLU(p_b) (or p_b)
 *   L      = (1/B) Σ_b Σ_f I_f (x'_bf − x_bf)²
 *   δ_bf   = ∂L/∂p_bf = (2/B) I_f (x'_bf − x_bf) · [p_bf > 0]
 *   ∂L/∂b       = Σ_b δ_b
 *   ∂L/∂W_dec   = Σ_b h_b δ_bᵀ                  [hidden, feature]
 *   ∂L/∂W       = Σ_b (W_dec δ_b) x_bᵀ          [hidden, feature]
 * </pre>
 *
 * When tied (W_dec = W) both matrix gradients add into one. The batch either lies in memory
 * ([batch, instance, feature]) or is drawn inside the kernel from a {@link SparseFeaturesDraw}:
 * both give the same bits for the same batch.
 *
 * <p>Reproducibility: each instance is computed inside one task, its sums run over the batch in
 * block order with one accumulator per lane, the lanes are added in lane order, and the
 * instances' losses in instance order, so the result does not depend on the thread count. The
 * vector kernel and its scalar twin do the same float operations in the same order and agree to
 * the bit; system property {@code toylens.kernels=scalar} forces the twin.
 */
final class FusedReconstructionLoss {

  /**
   * The loss and, when computed, its gradients (null otherwise).
   *
   * @param loss      Σ_i L_i
   * @param lossOf    [n_instances] L_i, each instance's loss
   * @param gradW     [n_instances, n_hidden, n_features] ∂loss/∂W (including the decoder's part when tied)
   * @param gradWDec  [n_instances, n_hidden, n_features] ∂loss/∂W_dec when untied, else null
   * @param gradB     [n_instances, n_features] ∂loss/∂b_final
   */
  record Result(double loss, double[] lossOf, float[] gradW, float[] gradWDec, float[] gradB) {}

  private static final ToyLossKernel KERNEL =
      choose(System.getProperty("toylens.kernels"), ModuleLayer.boot()
          .findModule("jdk.incubator.vector").isPresent());

  private FusedReconstructionLoss() {}

  /** The kernel in use: "vector" or "scalar". */
  static String kernelName() {
    return KERNEL.name();
  }

  /**
   * The loss of the batch stored in {@code x}.
   *
   * @param x                [batch, instances, features]
   * @param w                [instances, hidden, features]
   * @param wDec             [instances, hidden, features], the same array as w when tied
   * @param b                [instances, features]
   * @param importance       [features] shared by every instance (importanceStride 0), or
   *                         [instances, features] (importanceStride = features)
   * @param relu             x' = ReLU(p) when true, x' = p (the linear model) otherwise
   * @param withGradients    compute the gradients too
   */
  static Result compute(float[] x, int batch, int instances, int hidden, int features,
      float[] w, float[] wDec, float[] b, float[] importance, int importanceStride,
      boolean relu, boolean withGradients) {
    return run(KERNEL, job(x, null, batch, instances, hidden, features, w, wDec, b, importance,
        importanceStride, relu, withGradients));
  }

  /** The same for the batch {@code draw} describes, generated inside the kernel. */
  static Result compute(SparseFeaturesDraw draw, int hidden, float[] w, float[] wDec, float[] b,
      float[] importance, int importanceStride, boolean relu, boolean withGradients) {
    return run(KERNEL, job(null, draw, draw.batchSize(), draw.nInstances(), hidden,
        draw.nFeatures(), w, wDec, b, importance, importanceStride, relu, withGradients));
  }

  static ToyLossJob job(float[] x, SparseFeaturesDraw draw, int batch, int instances, int hidden,
      int features, float[] w, float[] wDec, float[] b, float[] importance,
      int importanceStride, boolean relu, boolean withGradients) {
    boolean tied = w == wDec;
    int matrix = hidden * features;
    return new ToyLossJob(batch, instances, hidden, features, x, draw, w, wDec, b, importance,
        importanceStride, relu, withGradients, new double[instances],
        withGradients ? new float[instances * matrix] : null,
        withGradients && !tied ? new float[instances * matrix] : null,
        withGradients ? new float[instances * features] : null);
  }

  /**
   * Multiply-adds (about) below which an evaluation runs on the calling thread: handing work to
   * the pool costs a worker's wake-up, measured at about 0.1 ms on the 2-core machine of
   * BENCHMARKS.md, more than sharing out a toms-basic step (some 0.3 ms on one core) saves.
   */
  static final long PARALLEL_WORK = 1L << 25;

  /**
   * Runs every instance of {@code job} on {@code kernel}: on the calling thread when the whole
   * evaluation is small ({@link #PARALLEL_WORK}), else spread over the threads in about eight
   * chunks per thread (one instance per chunk when there are few), so that a few large
   * instances still share out evenly. Each instance runs inside one chunk, so neither choice
   * changes any result.
   */
  static Result run(ToyLossKernel kernel, ToyLossJob job) {
    int instances = job.instances();
    long work = (long) job.batch() * instances * job.features() * (job.hidden() + 2)
        * (job.withGradients() ? 3 : 1);
    int threads = Parallel.threads();
    int grain = threads == 1 || work < PARALLEL_WORK
        ? instances : Math.max(1, (instances + 8 * threads - 1) / (8 * threads));
    Parallel.forRange(instances, grain, (from, to) -> {
      ToyLossLanes lanes = new ToyLossLanes(job);
      for (int k = from; k < to; k++) {
        lanes.clearSums();
        kernel.accumulate(job, k, lanes);
        lanes.reduceInto(job, k);
      }
    });
    double total = 0;
    for (double l : job.lossOf()) {
      total += l;
    }
    return new Result(total, job.lossOf(), job.gradW(), job.gradWDec(), job.gradB());
  }

  /** The scalar twin, always available (tests hold the vector kernel against it). */
  static ToyLossKernel scalarKernel() {
    return new ToyLossScalarKernel();
  }

  /**
   * The kernel for the {@code toylens.kernels} property value ("scalar", "vector", or null/blank
   * for the best available), given whether the Vector API module is in the boot layer.
   */
  static ToyLossKernel choose(String requested, boolean vectorModulePresent) {
    String wanted = requested == null ? "" : requested.trim().toLowerCase(Locale.ROOT);
    return switch (wanted) {
      case "scalar" -> scalarKernel();
      case "", "vector" -> {
        ToyLossKernel vector = vectorModulePresent ? loadVector() : null;
        if (vector != null) {
          yield vector;
        }
        if (wanted.isEmpty()) {
          yield scalarKernel();
        }
        throw new IllegalStateException("system property toylens.kernels=vector, but module"
            + " jdk.incubator.vector is not available; run java with --add-modules"
            + " jdk.incubator.vector");
      }
      default -> throw new IllegalArgumentException("system property toylens.kernels: expected"
          + " 'scalar' or 'vector', got '" + requested + "'");
    };
  }

  /** Loaded by name so that nothing links against jdk.incubator.vector when it is absent. */
  private static ToyLossKernel loadVector() {
    try {
      return (ToyLossKernel) Class.forName(FusedReconstructionLoss.class.getPackageName()
          + ".ToyLossVectorKernel").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
