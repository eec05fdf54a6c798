/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ (Golub and
 * Van Loan, Matrix Computations, algorithm 8.3.1), keeping the reflectors so that an
 * eigenvector y of T maps back to the eigenvector Q y of A. Row-major `Float64Array`,
 * no streams. This is the O(n³) part of {@link topEigen}: 4/3 n³ flops against the 8/3 n³
 * (plus the vectors) of a bidiagonal SVD of the same size.
 */

/**
 * Reduces the symmetric `n`×`n` matrix `a` (row-major; only the lower triangle is read) in place.
 * On return `d` holds the diagonal of T, `e[i]` its off-diagonal T[i][i+1] (i < n-1), and
 * column i of `a` below row i+1 (rows i+1..n-1) holds the reflector vᵢ with `beta[i]`, so
 * that Hᵢ = I − βᵢ vᵢ vᵢᵀ. `w` is scratch of length ≥ n.
 *
 * @example
 * ```ts
 * const a = new Float64Array([4, 1, 2, 1, 3, 0, 2, 0, 1]);
 * const d = new Float64Array(3), e = new Float64Array(2), beta = new Float64Array(3);
 * tridiagonalize(a, 3, d, e, beta, new Float64Array(6));
 * ```
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, beta: Float64Array, w: Float64Array): void {
  const p = w; // p = β A v, then w = p − (β/2)(pᵀv) v, reusing one buffer
  const v = w.length >= 2 * n ? w.subarray(n, 2 * n) : new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const s = k + 1;
    let sigma = 0;
    for (let i = s; i < n; i++) {
      const x = a[i * n + k]!;
      sigma += x * x;
    }
    const x0 = a[s * n + k]!;
    const tail = sigma - x0 * x0;
    if (tail === 0) {
      // Column already reduced: no reflection (H = I).
      beta[k] = 0;
      e[k] = x0;
      continue;
    }
    const norm = Math.sqrt(sigma);
    const alpha = x0 >= 0 ? -norm : norm;
    const b = 1 / (sigma - alpha * x0);
    beta[k] = b;
    e[k] = alpha;
    v[s] = x0 - alpha;
    for (let i = s + 1; i < n; i++) v[i] = a[i * n + k]!;
    // p = β A[s:, s:] v, reading the lower triangle only: each stored a_ij (j < i) serves
    // row i and, transposed, row j.
    for (let i = s; i < n; i++) p[i] = 0;
    let i = s;
    // Two rows per pass: v[j] and p[j] are loaded and stored once for both.
    for (; i + 1 < n; i += 2) {
      const r0 = i * n;
      const r1 = r0 + n;
      const v0 = v[i]!;
      const v1 = v[i + 1]!;
      let acc0 = 0;
      let acc1 = 0;
      for (let j = s; j < i; j++) {
        const a0 = a[r0 + j]!;
        const a1 = a[r1 + j]!;
        const vj = v[j]!;
        acc0 += a0 * vj;
        acc1 += a1 * vj;
        p[j] = p[j]! + a0 * v0 + a1 * v1;
      }
      const a10 = a[r1 + i]!;
      p[i] = p[i]! + acc0 + a[r0 + i]! * v0 + a10 * v1;
      p[i + 1] = p[i + 1]! + acc1 + a10 * v0 + a[r1 + i + 1]! * v1;
    }
    if (i < n) {
      const row = i * n;
      const vi = v[i]!;
      let acc = a[row + i]! * vi;
      for (let j = s; j < i; j++) {
        const aij = a[row + j]!;
        acc += aij * v[j]!;
        p[j] = p[j]! + aij * vi;
      }
      p[i] = p[i]! + acc;
    }
    let pv = 0;
    for (let i = s; i < n; i++) {
      p[i] = p[i]! * b;
      pv += p[i]! * v[i]!;
    }
    const half = 0.5 * b * pv;
    for (let i = s; i < n; i++) p[i] = p[i]! - half * v[i]!;
    // A[s:, s:] −= v wᵀ + w vᵀ, lower triangle only (half the work of the full update).
    i = s;
    for (; i + 1 < n; i += 2) {
      const r0 = i * n;
      const r1 = r0 + n;
      const v0 = v[i]!;
      const w0 = p[i]!;
      const v1 = v[i + 1]!;
      const w1 = p[i + 1]!;
      for (let j = s; j <= i; j++) {
        const wj = p[j]!;
        const vj = v[j]!;
        a[r0 + j] = a[r0 + j]! - v0 * wj - w0 * vj;
        a[r1 + j] = a[r1 + j]! - v1 * wj - w1 * vj;
      }
      a[r1 + i + 1] = a[r1 + i + 1]! - 2 * v1 * w1;
    }
    if (i < n) {
      const row = i * n;
      const vi = v[i]!;
      const wi = p[i]!;
      for (let j = s; j <= i; j++) a[row + j] = a[row + j]! - vi * p[j]! - wi * v[j]!;
    }
    // Keep vᵢ in the zeroed column (rows s..n-1) for the back-transform.
    for (let i = s; i < n; i++) a[i * n + k] = v[i]!;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  if (n >= 2) e[n - 2] = a[(n - 1) * n + (n - 2)]!;
  if (n >= 2) beta[n - 2] = 0;
}

/**
 * Maps an eigenvector `x` of T (length n) to the eigenvector Q x of the original matrix, in
 * place, using the reflectors {@link tridiagonalize} left in `a` and `beta`.
 *
 * @example
 * ```ts
 * backTransform(a, n, beta, y); // y now an eigenvector of the original matrix
 * ```
 */
export function backTransform(a: Float64Array, n: number, beta: Float64Array, x: Float64Array): void {
  // Q = H₀ H₁ … H_{n-3}: apply the last reflector first.
  for (let k = n - 3; k >= 0; k--) {
    const b = beta[k]!;
    if (b === 0) continue;
    let dot = 0;
    for (let i = k + 1; i < n; i++) dot += a[i * n + k]! * x[i]!;
    dot *= b;
    for (let i = k + 1; i < n; i++) x[i] = x[i]! - dot * a[i * n + k]!;
  }
}
