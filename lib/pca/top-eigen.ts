/**
 * The k largest eigenpairs of a symmetric n×n matrix: Householder tridiagonalisation, then
 * bisection and inverse iteration on the tridiagonal matrix, then the back-transform of the
 * k vectors. Reuses its buffers across calls: IPCA calls it once per batch with the same n.
 */
import { backTransform, tridiagonalize } from './tridiagonalize.js';
import { InverseIterationWork, largestEigenvalues, tridiagonalEigenvectors } from './tridiagonal-eigen.js';

/**
 * Solver for the largest eigenpairs of symmetric matrices of one size.
 *
 * @example
 * ```ts
 * const solver = new TopEigen(3, 1);
 * const g = new Float64Array([2, 1, 0, 1, 2, 0, 0, 0, 1]);
 * solver.solve(g); // destroys g
 * solver.values[0];  // 3
 * solver.vectors;    // row 0: ±[0.7071, 0.7071, 0]
 * ```
 */
export class TopEigen {
  readonly n: number;
  readonly k: number;
  /** The k largest eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Their unit eigenvectors, row-major k×n (signs arbitrary). */
  readonly vectors: Float64Array;
  readonly #d: Float64Array;
  readonly #e: Float64Array;
  readonly #beta: Float64Array;
  readonly #w: Float64Array;
  readonly #inv: InverseIterationWork;

  constructor(n: number, k: number) {
    if (!(k >= 1 && k <= n)) throw new RangeError(`TopEigen: k must be from 1 to n=${n}, got ${k}`);
    this.n = n;
    this.k = k;
    this.values = new Float64Array(k);
    this.vectors = new Float64Array(k * n);
    this.#d = new Float64Array(n);
    this.#e = new Float64Array(Math.max(1, n - 1));
    this.#beta = new Float64Array(n);
    this.#w = new Float64Array(2 * n);
    this.#inv = new InverseIterationWork(n);
  }

  /** Finds the k largest eigenpairs of `g` (row-major, lower triangle read; overwritten). */
  solve(g: Float64Array): void {
    const { n, k } = this;
    tridiagonalize(g, n, this.#d, this.#e, this.#beta, this.#w);
    largestEigenvalues(this.#d, this.#e, n, k, this.values);
    tridiagonalEigenvectors(this.#d, this.#e, n, this.values, k, this.vectors, this.#inv);
    for (let j = 0; j < k; j++) backTransform(g, n, this.#beta, this.vectors.subarray(j * n, (j + 1) * n));
  }
}
