/**
 * scikit-learn's `svd_flip(u, v, u_based_decision=False)`, the convention its
 * IncrementalPCA uses (1.2): each row of Vᵀ is flipped so that its entry of largest
 * absolute value (the first one, on a tie, as `np.argmax`) is positive. U is not needed.
 */

/**
 * Flips the sign of each row of `vt` (row-major, `rows`×`cols`) in place.
 *
 * @example
 * ```ts
 * const vt = new Float64Array([0.6, -0.8]);
 * svdFlipRows(vt, 1, 2); // vt = [-0.6, 0.8]
 * ```
 */
export function svdFlipRows(vt: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0;
    let bestAbs = -1;
    for (let j = 0; j < cols; j++) {
      const a = Math.abs(vt[o + j]!);
      if (a > bestAbs) {
        bestAbs = a;
        best = j;
      }
    }
    if (vt[o + best]! < 0) for (let j = 0; j < cols; j++) vt[o + j] = -vt[o + j]!;
  }
}
