/**
 * Per-column running mean and variance over batches of rows: the update of scikit-learn's
 * `utils.extmath._incremental_mean_and_var` (Chan, Golub and LeVeque, "Algorithms for
 * computing the sample variance"), with the same corrected two-pass step per batch, so that
 * `IncrementalPCA` sees the same `mean_` and `var_` as scikit-learn. No NaN handling: the
 * callers reject non-finite input before it gets here.
 */

/**
 * Running per-column mean and (population) variance.
 *
 * @example
 * ```ts
 * const mv = new IncrementalMeanVar(2);
 * mv.update(new Float64Array([1, 10, 3, 30]), 2); // two rows of two columns
 * mv.mean; // Float64Array [2, 20]
 * mv.var;  // Float64Array [1, 100]
 * ```
 */
export class IncrementalMeanVar {
  /** Number of columns. */
  readonly cols: number;
  /** Rows seen so far. */
  count = 0;
  /** Per-column mean of all rows seen. */
  mean: Float64Array;
  /** Per-column population variance (divided by `count`) of all rows seen. */
  var: Float64Array;
  /** Per-column mean of the last batch, which IPCA needs to centre that batch. */
  readonly batchMean: Float64Array;
  // Scratch for the batch sums, reused so that an update allocates nothing.
  readonly #sum: Float64Array;
  readonly #corr: Float64Array;
  readonly #sq: Float64Array;

  constructor(cols: number) {
    this.cols = cols;
    this.mean = new Float64Array(cols);
    this.var = new Float64Array(cols);
    this.batchMean = new Float64Array(cols);
    this.#sum = new Float64Array(cols);
    this.#corr = new Float64Array(cols);
    this.#sq = new Float64Array(cols);
  }

  /**
   * Adds `rows` rows stored row-major in `data` (its first `rows * cols` values). Replaces
   * `mean` and `var` with new arrays, so that a caller may keep the previous ones.
   */
  update(data: Float64Array, rows: number): void {
    const n = this.cols;
    const sum = this.#sum;
    const corr = this.#corr;
    const sq = this.#sq;
    sum.fill(0);
    corr.fill(0);
    sq.fill(0);
    for (let r = 0, o = 0; r < rows; r++, o += n) {
      for (let j = 0; j < n; j++) sum[j]! += data[o + j]!;
    }
    const t = this.batchMean;
    for (let j = 0; j < n; j++) t[j] = sum[j]! / rows;
    // Corrected two-pass: sum of (x - T)^2 minus (sum of (x - T))^2 / n, as scikit-learn does.
    for (let r = 0, o = 0; r < rows; r++, o += n) {
      for (let j = 0; j < n; j++) {
        const d = data[o + j]! - t[j]!;
        corr[j]! += d;
        sq[j]! += d * d;
      }
    }
    const last = this.count;
    const total = last + rows;
    const mean = new Float64Array(n);
    const variance = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const lastSum = this.mean[j]! * last;
      mean[j] = (lastSum + sum[j]!) / total;
      const newUnnorm = sq[j]! - (corr[j]! * corr[j]!) / rows;
      if (last === 0) {
        variance[j] = newUnnorm / total;
      } else {
        const lastOverNew = last / rows;
        const diff = lastSum / lastOverNew - sum[j]!;
        variance[j] = (this.var[j]! * last + newUnnorm + (lastOverNew / total) * diff * diff) / total;
      }
    }
    this.mean = mean;
    this.var = variance;
    this.count = total;
  }
}
