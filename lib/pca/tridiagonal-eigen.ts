/**
 * The few largest eigenpairs of a symmetric tridiagonal matrix T (diagonal `d`, off-diagonal
 * `e`): eigenvalues by Sturm-sequence bisection (as LAPACK's dstebz: each one to full
 * precision, O(n) per step, however close the others are), eigenvectors by inverse
 * iteration with partial pivoting (as LAPACK's dstein: reorthogonalised within a cluster of
 * close eigenvalues). IPCA needs only k ≪ n of them, so this costs O(k n), not the O(n²)
 * of a full QL sweep.
 */

const EPS = Number.EPSILON;

/**
 * max |T| row sum: the scale against which eigenvalues are accurate.
 *
 * @example
 * ```ts
 * tridiagonalNorm(new Float64Array([2, 2]), new Float64Array([1]), 2); // 3
 * ```
 */
export function tridiagonalNorm(d: Float64Array, e: Float64Array, n: number): number {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(d[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0);
    if (r > norm) norm = r;
  }
  return norm;
}

/** Number of eigenvalues of T smaller than `x` (signs of the LDLᵀ pivots of T − xI). */
function countBelow(d: Float64Array, e: Float64Array, n: number, x: number, pivmin: number): number {
  let count = 0;
  let q = d[0]! - x;
  if (Math.abs(q) < pivmin) q = -pivmin;
  if (q < 0) count++;
  for (let i = 1; i < n; i++) {
    const ei = e[i - 1]!;
    q = d[i]! - x - (ei * ei) / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/**
 * Writes the `k` largest eigenvalues of T, largest first, into `out`.
 *
 * @example
 * ```ts
 * const out = new Float64Array(1);
 * largestEigenvalues(new Float64Array([2, 2]), new Float64Array([1]), 2, 1, out); // out[0] === 3
 * ```
 */
export function largestEigenvalues(d: Float64Array, e: Float64Array, n: number, k: number, out: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  let maxE2 = 0;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0);
    lo = Math.min(lo, d[i]! - r);
    hi = Math.max(hi, d[i]! + r);
    if (i < n - 1) maxE2 = Math.max(maxE2, e[i]! * e[i]!);
  }
  const norm = Math.max(Math.abs(lo), Math.abs(hi));
  const pivmin = Math.max(Number.MIN_VALUE * 4, EPS * EPS * maxE2, Number.MIN_VALUE / EPS);
  // Widen the Gershgorin interval a little so that its ends strictly bracket.
  lo -= 2 * EPS * norm + pivmin;
  hi += 2 * EPS * norm + pivmin;
  let upper = hi; // each eigenvalue is at most the one before it
  for (let j = 0; j < k; j++) {
    const target = n - 1 - j; // ascending index: count(x) > target ⇔ x above λ_target
    let a = lo;
    let b = upper;
    for (let iter = 0; iter < 200; iter++) {
      const mid = 0.5 * (a + b);
      if (mid <= a || mid >= b) break;
      if (b - a <= 2 * EPS * Math.max(Math.abs(a), Math.abs(b)) + pivmin) break;
      if (countBelow(d, e, n, mid, pivmin) > target) b = mid;
      else a = mid;
    }
    const lambda = 0.5 * (a + b);
    out[j] = lambda;
    upper = b;
  }
}

/**
 * Scratch for {@link tridiagonalEigenvectors}, reused across calls.
 *
 * @example
 * ```ts
 * const work = new InverseIterationWork(n); // once per size
 * ```
 */
export class InverseIterationWork {
  readonly u0: Float64Array;
  readonly u1: Float64Array;
  readonly u2: Float64Array;
  readonly mult: Float64Array;
  readonly swap: Uint8Array;
  constructor(n: number) {
    this.u0 = new Float64Array(n);
    this.u1 = new Float64Array(n);
    this.u2 = new Float64Array(n);
    this.mult = new Float64Array(n);
    this.swap = new Uint8Array(n);
  }
}

/**
 * For each eigenvalue `values[j]` (j < k, largest first), writes a unit eigenvector of T
 * into `vectors` row j (row-major, k×n). Vectors of eigenvalues closer than 1e-3 ‖T‖ are
 * kept orthogonal to each other, as dstein does.
 *
 * @example
 * ```ts
 * const vec = new Float64Array(2);
 * tridiagonalEigenvectors(d, e, 2, new Float64Array([3]), 1, vec, new InverseIterationWork(2));
 * ```
 */
export function tridiagonalEigenvectors(
  d: Float64Array,
  e: Float64Array,
  n: number,
  values: Float64Array,
  k: number,
  vectors: Float64Array,
  work: InverseIterationWork,
): void {
  const norm = tridiagonalNorm(d, e, n);
  if (norm === 0) {
    // T = 0: every vector is an eigenvector; take the unit vectors, as LAPACK does.
    vectors.fill(0, 0, k * n);
    for (let j = 0; j < k; j++) vectors[j * n + j] = 1;
    return;
  }
  // Work on T / ‖T‖ so that the solves neither overflow nor underflow, whatever the scale.
  const s = 1 / norm;
  const small = EPS;
  const cluster = 1e-3;
  const { u0, u1, u2, mult, swap } = work;
  for (let j = 0; j < k; j++) {
    const lambda = values[j]!;
    // LU of (T − λI)/‖T‖ with partial pivoting: U has three diagonals (u0, u1, u2).
    let p0 = (d[0]! - lambda) * s;
    let p1 = n > 1 ? e[0]! * s : 0;
    let p2 = 0;
    for (let i = 0; i < n - 1; i++) {
      const q0 = e[i]! * s;
      const q1 = (d[i + 1]! - lambda) * s;
      const q2 = i + 1 < n - 1 ? e[i + 1]! * s : 0;
      if (Math.abs(q0) > Math.abs(p0)) {
        swap[i] = 1;
        const m = p0 / q0;
        mult[i] = m;
        u0[i] = q0;
        u1[i] = q1;
        u2[i] = q2;
        p0 = p1 - m * q1;
        p1 = p2 - m * q2;
      } else {
        swap[i] = 0;
        if (p0 === 0) p0 = small;
        const m = q0 / p0;
        mult[i] = m;
        u0[i] = p0;
        u1[i] = p1;
        u2[i] = p2;
        p0 = q1 - m * p1;
        p1 = q2 - m * p2;
      }
      p2 = 0;
    }
    u0[n - 1] = p0;
    // Tiny pivots: T − λI is singular to working precision, as it should be. Perturb them,
    // which only makes the solve amplify the wanted eigenvector more.
    for (let i = 0; i < n; i++) if (Math.abs(u0[i]!) < small) u0[i] = u0[i]! < 0 ? -small : small;

    const x = vectors.subarray(j * n, (j + 1) * n);
    // A fixed, well-spread start (not all ones, which can be orthogonal to an eigenvector).
    let seed = 0x9e3779b9 ^ (j * 7919);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      x[i] = seed / 4294967296 - 0.5 + 1;
    }
    for (let iter = 0; iter < 4; iter++) {
      // Forward: apply the row swaps and multipliers.
      for (let i = 0; i < n - 1; i++) {
        if (swap[i] === 1) {
          const t = x[i]!;
          x[i] = x[i + 1]!;
          x[i + 1] = t;
        }
        x[i + 1] = x[i + 1]! - mult[i]! * x[i]!;
      }
      // Back substitution with U.
      x[n - 1] = x[n - 1]! / u0[n - 1]!;
      if (n > 1) x[n - 2] = (x[n - 2]! - u1[n - 2]! * x[n - 1]!) / u0[n - 2]!;
      for (let i = n - 3; i >= 0; i--) x[i] = (x[i]! - u1[i]! * x[i + 1]! - u2[i]! * x[i + 2]!) / u0[i]!;
      // Keep orthogonal to the vectors of close eigenvalues already found.
      for (let c = 0; c < j; c++) {
        if (Math.abs(values[c]! - lambda) * s > cluster) continue;
        const y = vectors.subarray(c * n, (c + 1) * n);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += x[i]! * y[i]!;
        for (let i = 0; i < n; i++) x[i] = x[i]! - dot * y[i]!;
      }
      let ss = 0;
      for (let i = 0; i < n; i++) ss += x[i]! * x[i]!;
      const scale = 1 / Math.sqrt(ss);
      for (let i = 0; i < n; i++) x[i] = x[i]! * scale;
    }
  }
}
