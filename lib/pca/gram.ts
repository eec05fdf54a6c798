/**
 * Gram matrices AᵀA of row blocks, accumulated into the lower triangle of a row-major n×n
 * `Float64Array`. IPCA needs only the right singular vectors and the top singular values of
 * its stacked matrix A, which are the eigenvectors and square roots of the eigenvalues of
 * AᵀA: building AᵀA costs m n² flops, a third of a bidiagonal SVD's 4 m n² − 4/3 n³ before
 * it even starts on U and V. The accuracy lost by squaring is in the *small* singular values,
 * which IPCA throws away (only their sum, for the noise variance, is kept).
 */

/**
 * Adds (x − center)(x − center)ᵀ for each of the `rows` rows of `data` (row-major, n
 * columns) to the lower triangle of `g`. `tmp` is scratch of length ≥ 4n.
 *
 * @example
 * ```ts
 * const g = new Float64Array(4);
 * addCenteredGram(g, 2, new Float64Array([1, 2, 3, 4]), 2, new Float64Array([2, 3]), new Float64Array(8));
 // lower triangle of g = [2, _, 2, 2]
 * ```
 */
export function addCenteredGram(g: Float64Array, n: number, data: Float64Array, rows: number, center: Float64Array, tmp: Float64Array): void {
  const t0 = tmp.subarray(0, n);
  const t1 = tmp.subarray(n, 2 * n);
  const t2 = tmp.subarray(2 * n, 3 * n);
  const t3 = tmp.subarray(3 * n, 4 * n);
  let r = 0;
  // Four rows at a time, two rows of g per pass: each load of t·[j] serves two rows of g,
  // each load and store of g four rows of data (loads and stores dominate, not flops).
  for (; r + 4 <= rows; r += 4) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const c = center[j]!;
      t0[j] = data[o + j]! - c;
      t1[j] = data[o + n + j]! - c;
      t2[j] = data[o + 2 * n + j]! - c;
      t3[j] = data[o + 3 * n + j]! - c;
    }
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a0 = t0[i]!;
      const a1 = t1[i]!;
      const a2 = t2[i]!;
      const a3 = t3[i]!;
      const b0 = t0[i + 1]!;
      const b1 = t1[i + 1]!;
      const b2 = t2[i + 1]!;
      const b3 = t3[i + 1]!;
      const ra = i * n;
      const rb = ra + n;
      for (let j = 0; j <= i; j++) {
        const x0 = t0[j]!;
        const x1 = t1[j]!;
        const x2 = t2[j]!;
        const x3 = t3[j]!;
        g[ra + j] = g[ra + j]! + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
        g[rb + j] = g[rb + j]! + b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
      }
      g[rb + i + 1] = g[rb + i + 1]! + b0 * b0 + b1 * b1 + b2 * b2 + b3 * b3;
    }
    if (i < n) {
      const a0 = t0[i]!;
      const a1 = t1[i]!;
      const a2 = t2[i]!;
      const a3 = t3[i]!;
      const ra = i * n;
      for (let j = 0; j <= i; j++) g[ra + j] = g[ra + j]! + a0 * t0[j]! + a1 * t1[j]! + a2 * t2[j]! + a3 * t3[j]!;
    }
  }
  for (; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) t0[j] = data[o + j]! - center[j]!;
    addOuter(g, n, t0, 1);
  }
}

/**
 * Adds w · x xᵀ to the lower triangle of `g`.
 *
 * @example
 * ```ts
 * addOuter(g, 2, new Float64Array([1, 2]), 3); // lower triangle += 3 * [[1], [2, 4]]
 * ```
 */
export function addOuter(g: Float64Array, n: number, x: ArrayLike<number>, w: number): void {
  for (let i = 0; i < n; i++) {
    const a = w * x[i]!;
    const row = i * n;
    for (let j = 0; j <= i; j++) g[row + j] = g[row + j]! + a * x[j]!;
  }
}

/**
 * The trace of `g`: the squared Frobenius norm of the rows whose Gram matrix it is.
 *
 * @example
 * ```ts
 * const sumOfSquares = trace(g, n);
 * ```
 */
export function trace(g: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += g[i * n + i]!;
  return t;
}
