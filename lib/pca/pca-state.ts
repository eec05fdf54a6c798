/**
 * The sufficient statistics of an exact PCA, mergeable: the row count n, the mean and the
 * scatter matrix M = Σ (x − x̄)(x − x̄)ᵀ. Rows are folded in with Welford's update, blocks of
 * rows with their own two-pass mean and Gram matrix, and two states are merged with the
 * pairwise update of Chan, Golub and LeVeque (1979):
 *
 *   δ = x̄_b − x̄_a,  x̄ = x̄_a + δ n_b / n,  M = M_a + M_b + δδᵀ n_a n_b / n.
 *
 * Only the lower triangle of M is kept up to date (row-major p×p, as `lib/pca/gram.ts`).
 * A plain class over Float64Array: no streams.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { addCenteredGram, addOuter } from './gram.js';
import { checkRow, type Matrix } from './matrix.js';

/**
 * Count, mean and scatter of the rows seen; the width is fixed by the first row.
 *
 * @example
 * ```ts
 * const s = new PcaState();
 * s.addRow([1, 2]).addRow([3, 4]);
 * s.mean;    // Float64Array [2, 3]
 * s.scatter; // lower triangle [2, _, 2, 2]
 * ```
 */
export class PcaState {
  /** Number of features (0 until the first row). */
  p = 0;
  /** Number of rows. */
  n = 0;
  mean = new Float64Array(0);
  /** Σ (x − x̄)(x − x̄)ᵀ, lower triangle valid, row-major p×p. */
  scatter = new Float64Array(0);
  #delta = new Float64Array(0);

  constructor(p = 0) {
    if (p > 0) this.#shape(p);
  }

  /** Folds in one row of p finite numbers (Welford's update). */
  addRow(row: ArrayLike<number>): this {
    if (this.p === 0) this.#shape(row.length);
    checkRow(row, this.p, this.n);
    const { p, mean } = this;
    const d = this.#delta;
    const n = ++this.n;
    for (let j = 0; j < p; j++) {
      d[j] = row[j]! - mean[j]!;
      mean[j] = mean[j]! + d[j]! / n;
    }
    // (x − x̄_new) = δ (n − 1) / n, so the update is δδᵀ (n − 1) / n.
    addOuter(this.scatter, p, d, (n - 1) / n);
    return this;
  }

  /** Folds in a block of rows: its mean and centred Gram matrix, then one merge. */
  addBlock(block: Matrix): this {
    if (block.rows === 0) return this;
    if (this.p === 0) this.#shape(block.cols);
    if (block.cols !== this.p) throw new StreamtoolzError(codes.BAD_RECORD, `row ${this.n} has ${block.cols} values, expected ${this.p}`);
    const { data, rows, cols } = block;
    for (let i = 0; i < rows * cols; i++) {
      if (!Number.isFinite(data[i]!))
        throw new StreamtoolzError(codes.BAD_RECORD, `row ${this.n + Math.floor(i / cols)} column ${(i % cols) + 1} is ${data[i]}, not a finite number`);
    }
    const part = new PcaState(cols);
    const m = part.mean;
    for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) m[j] = m[j]! + data[r * cols + j]!;
    for (let j = 0; j < cols; j++) m[j] = m[j]! / rows;
    addCenteredGram(part.scatter, cols, data, rows, m, new Float64Array(4 * cols));
    part.n = rows;
    return this.merge(part);
  }

  /** Merges `other` into this state (Chan et al.); `other` is not changed. */
  merge(other: PcaState): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.p = other.p;
      this.n = other.n;
      this.mean = other.mean.slice();
      this.scatter = other.scatter.slice();
      this.#delta = new Float64Array(other.p);
      return this;
    }
    if (other.p !== this.p) throw new StreamtoolzError(codes.INVALID_ARG_VALUE, `cannot merge PCA states of ${other.p} and ${this.p} features`);
    const { p, mean } = this;
    const na = this.n;
    const nb = other.n;
    const n = na + nb;
    const d = this.#delta;
    for (let j = 0; j < p; j++) {
      d[j] = other.mean[j]! - mean[j]!;
      mean[j] = mean[j]! + (d[j]! * nb) / n;
    }
    const s = this.scatter;
    const t = other.scatter;
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) s[i * p + j] = s[i * p + j]! + t[i * p + j]!;
    addOuter(s, p, d, (na * nb) / n);
    this.n = n;
    return this;
  }

  /** The lower triangle of the scatter matrix, packed row by row (p(p+1)/2 values). */
  packedScatter(): Float64Array {
    const { p } = this;
    const out = new Float64Array((p * (p + 1)) / 2);
    let k = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) out[k++] = this.scatter[i * p + j]!;
    return out;
  }

  /** A state from its parts (the inverse of `n`, `mean` and {@link packedScatter}). */
  static fromParts(n: number, mean: Float64Array, packed: Float64Array): PcaState {
    const p = mean.length;
    if (packed.length !== (p * (p + 1)) / 2) throw new RangeError(`packed scatter of ${packed.length} values does not fit ${p} features`);
    const s = new PcaState(p);
    s.n = n;
    s.mean.set(mean);
    let k = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) s.scatter[i * p + j] = packed[k++]!;
    return s;
  }

  #shape(p: number): void {
    if (!Number.isInteger(p) || p < 1) throw new StreamtoolzError(codes.BAD_RECORD, `row 0 has ${p} values, expected at least 1`);
    this.p = p;
    this.mean = new Float64Array(p);
    this.scatter = new Float64Array(p * p);
    this.#delta = new Float64Array(p);
  }
}
