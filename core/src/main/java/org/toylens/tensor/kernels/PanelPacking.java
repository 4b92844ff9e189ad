package org.toylens.tensor.kernels;

import static org.toylens.tensor.kernels.VectorShape.LANES;
import static org.toylens.tensor.kernels.VectorShape.MR;
import static org.toylens.tensor.kernels.VectorShape.NR;
import static org.toylens.tensor.kernels.VectorShape.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of A and B into the panel layouts {@link MicroKernel} reads with unit stride,
 * whatever the operands' transposes, padding with zeros past the matrix edge:
 * an A panel holds MR rows p-major ({@code dst[at + p*MR + r] = A(i0 + r, p0 + p)}), a B panel NR
 * columns p-major ({@code dst[at + p*NR + j] = B(p0 + p, j0 + j)}).
 */
final class PanelPacking {

  /** Floats a vector copy of one A column writes: MR rounded up to whole vectors. */
  private static final int A_COPY = (MR + LANES - 1) / LANES * LANES;
  /** Spare floats each packed A panel needs past its end for those wider copies. */
  static final int A_SLACK = A_COPY - MR;

  private PanelPacking() {}

  /**
   * Packs rows [i0, i0 + rows) × k-range [p0, p0 + kcb) of a row-major A as one MR-row panel at
   * dst[at]: each row is read contiguously and written with stride MR.
   */
  static void packRowMajorA(Product pr, int i0, int rows, int p0, int kcb, float[] dst, int at) {
    float[] a = pr.a();
    for (int r = 0; r < MR; r++) {
      int src = pr.aIndex(i0 + r, p0);
      for (int p = 0; p < kcb; p++) dst[at + p * MR + r] = r < rows ? a[src + p] : 0f;
    }
  }

  /**
   * Packs rows [i0, i1) × k-range [p0, p0 + kcb) of a transposed A (stored [k×m], so A(i, p) at
   * a[aOff + p·lda + i]) as consecutive MR-row panels, panel q at dst[at + q·panelStride].
   *
   * <p>One pass over p, copying each stored row's span [i0, i1) at once: the span is contiguous,
   * so the hardware prefetcher streams it, where copying panel by panel would touch one cache
   * line per row of a matrix whose rows are pages apart. Whole vectors are copied and the
   * {@link #A_SLACK} floats written past a panel's MR land on step p + 1, written next; the last
   * step is copied exactly, so nothing lands past step kcb - 1 of any panel, where another thread
   * may be packing the following steps.
   */
  static void packTransposedA(Product pr, int i0, int i1, int p0, int kcb, float[] dst, int at,
      int panelStride) {
    float[] a = pr.a();
    int rows = i1 - i0;
    int panels = (rows + MR - 1) / MR;
    int wholePanels = rows / MR;
    for (int p = 0; p < kcb; p++) {
      int src = pr.aIndex(i0, p0 + p);
      int d = at + p * MR;
      int q = 0;
      int vectorPanels = p < kcb - 1 ? wholePanels : 0; // the last step exactly, see above
      for (; q < vectorPanels && src + q * MR + A_COPY <= a.length; q++) {
        for (int r = 0; r < A_COPY; r += LANES) {
          FloatVector.fromArray(SPECIES, a, src + q * MR + r)
              .intoArray(dst, q * panelStride + d + r);
        }
      }
      for (; q < panels; q++) {
        int valid = Math.min(MR, rows - q * MR);
        for (int r = 0; r < MR; r++) {
          dst[q * panelStride + d + r] = r < valid ? a[src + q * MR + r] : 0f;
        }
      }
    }
  }

  /** Packs k-range [p0, p0 + kcb) × columns [j0, j0 + NR) of B as one NR-column panel. */
  static void packB(Product pr, int j0, int p0, int kcb, float[] dst, int at) {
    float[] b = pr.b();
    int cols = Math.min(NR, pr.n() - j0);
    if (!pr.transB()) {
      // B(p, j) = b[bOff + p·ldb + j]: the panel's NR floats of each p are consecutive.
      for (int p = 0; p < kcb; p++) {
        int src = pr.bIndex(p0 + p, j0);
        int d = at + p * NR;
        if (cols == NR) {
          FloatVector.fromArray(SPECIES, b, src).intoArray(dst, d);
          FloatVector.fromArray(SPECIES, b, src + LANES).intoArray(dst, d + LANES);
        } else {
          for (int j = 0; j < NR; j++) dst[d + j] = j < cols ? b[src + j] : 0f;
        }
      }
    } else {
      // B(p, j) = b[bOff + j·ldb + p]: read each column of op(B) contiguously, write stride NR.
      for (int j = 0; j < NR; j++) {
        if (j < cols) {
          int src = pr.bIndex(p0, j0 + j);
          for (int p = 0; p < kcb; p++) dst[at + p * NR + j] = b[src + p];
        } else {
          for (int p = 0; p < kcb; p++) dst[at + p * NR + j] = 0f;
        }
      }
    }
  }
}
