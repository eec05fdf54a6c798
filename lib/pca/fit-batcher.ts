/**
 * The batching of scikit-learn's `IncrementalPCA.fit`, for a stream whose length is not
 * known in advance. `fit` cuts n rows with `gen_batches(n, batch_size,
 * min_batch_size=n_components)`: batches of `batch_size`, except that a final remainder
 * smaller than `n_components` is folded into the last full batch (never dropped). Streaming,
 * a full batch is held back until `minBatch` rows of the next one have arrived (or the input
 * ended), so memory stays at two batches whatever the input length.
 */
import type { Matrix } from './matrix.js';

/**
 * Cuts rows into the batches `IncrementalPCA.fit` would use and hands each to `onBatch`
 * (a view, valid during the call only).
 *
 * @example
 * ```ts
 * const sizes: number[] = [];
 * const b = new FitBatcher(2, 10, 3, (m) => sizes.push(m.rows));
 * for (let i = 0; i < 22; i++) b.push([i, -i]);
 * b.finish(); // sizes = [10, 12]
 * ```
 */
export class FitBatcher {
  readonly cols: number;
  readonly batchSize: number;
  readonly minBatch: number;
  #onBatch: (batch: Matrix) => void;
  #pending: Float64Array;
  #pendingRows = 0;
  #current: Float64Array;
  #currentRows = 0;

  constructor(cols: number, batchSize: number, minBatch: number, onBatch: (batch: Matrix) => void) {
    if (!(minBatch >= 1 && batchSize >= minBatch)) throw new RangeError(`FitBatcher: need 1 <= minBatch <= batchSize, got ${minBatch} and ${batchSize}`);
    this.cols = cols;
    this.batchSize = batchSize;
    this.minBatch = minBatch;
    this.#onBatch = onBatch;
    // Room for a full batch plus a folded remainder (< minBatch rows).
    const capacity = (batchSize + minBatch) * cols;
    this.#pending = new Float64Array(capacity);
    this.#current = new Float64Array(capacity);
  }

  /** Adds one row of `cols` numbers (checked by the caller). */
  push(row: ArrayLike<number>): void {
    const n = this.cols;
    const cur = this.#current;
    const o = this.#currentRows * n;
    for (let j = 0; j < n; j++) cur[o + j] = row[j]!;
    this.#added();
  }

  /** Adds `rows` rows stored row-major in `data` (checked by the caller). */
  pushRows(data: Float64Array, rows: number): void {
    const n = this.cols;
    let r = 0;
    while (r < rows) {
      // Copy as many rows at once as can go before the next decision point: the batch
      // filling up, or (with a batch held back) the next one reaching minBatch rows.
      let take = Math.min(rows - r, this.batchSize - this.#currentRows);
      if (this.#pendingRows > 0) take = Math.min(take, Math.max(this.minBatch - this.#currentRows, 1));
      this.#current.set(data.subarray(r * n, (r + take) * n), this.#currentRows * n);
      this.#currentRows += take - 1;
      r += take;
      this.#added();
    }
  }

  /** Emits what is left: the held batch (with a short remainder folded in) and the rest. */
  finish(): void {
    const n = this.cols;
    if (this.#pendingRows > 0) {
      // A held batch means fewer than minBatch rows followed it: fold them in.
      this.#pending.set(this.#current.subarray(0, this.#currentRows * n), this.#pendingRows * n);
      this.#emit(this.#pending, this.#pendingRows + this.#currentRows);
      this.#pendingRows = 0;
    } else if (this.#currentRows > 0) {
      this.#emit(this.#current, this.#currentRows);
    }
    this.#currentRows = 0;
  }

  #added(): void {
    this.#currentRows++;
    if (this.#pendingRows > 0 && this.#currentRows >= this.minBatch) {
      this.#emit(this.#pending, this.#pendingRows);
      this.#pendingRows = 0;
    }
    if (this.#currentRows === this.batchSize) {
      const full = this.#current;
      this.#current = this.#pending;
      this.#pending = full;
      this.#pendingRows = this.batchSize;
      this.#currentRows = 0;
    }
  }

  #emit(data: Float64Array, rows: number): void {
    this.#onBatch({ data, rows, cols: this.cols });
  }
}
