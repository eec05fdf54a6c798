import { expect } from 'chai';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { TopEigen } from '../../lib/pca/top-eigen.js';

/** A deterministic symmetric matrix with the given eigenvalues and random eigenvectors. */
function symmetric(values: number[], seed: number): Float64Array {
  const n = values.length;
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const q = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q.set(i, j, rnd());
  // Orthonormal columns by Gram-Schmidt.
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q.get(i, j) * q.get(i, p);
      for (let i = 0; i < n; i++) q.set(i, j, q.get(i, j) - dot * q.get(i, p));
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q.get(i, j) ** 2;
    for (let i = 0; i < n; i++) q.set(i, j, q.get(i, j) / Math.sqrt(norm));
  }
  const a = q.mmul(Matrix.diag(values)).mmul(q.transpose());
  return Float64Array.from(a.to1DArray());
}

function check(g: Float64Array, n: number, k: number): void {
  const reference = new EigenvalueDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(g.subarray(i * n, (i + 1) * n)))));
  const expected = [...reference.realEigenvalues].sort((a, b) => b - a).slice(0, k);
  const scale = Math.max(...reference.realEigenvalues.map(Math.abs), 1e-200);
  const copy = g.slice();
  const solver = new TopEigen(n, k);
  solver.solve(copy);
  for (let j = 0; j < k; j++) {
    expect(Math.abs(solver.values[j]! - expected[j]!)).to.be.below(1e-12 * scale * n, `eigenvalue ${j}`);
    // Residual ‖G v − λ v‖ small and ‖v‖ = 1.
    const v = solver.vectors.subarray(j * n, (j + 1) * n);
    let residual = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let gv = 0;
      for (let c = 0; c < n; c++) gv += g[i * n + c]! * v[c]!;
      residual += (gv - solver.values[j]! * v[i]!) ** 2;
      norm += v[i]! ** 2;
    }
    expect(Math.sqrt(residual)).to.be.below(1e-12 * scale * n, `residual ${j}`);
    expect(norm).to.be.closeTo(1, 1e-12);
  }
  // Orthogonal to each other, even for equal eigenvalues.
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += solver.vectors[a * n + i]! * solver.vectors[b * n + i]!;
      expect(Math.abs(dot)).to.be.below(1e-10, `vectors ${a} and ${b}`);
    }
  }
}

describe('TopEigen', () => {
  it('finds the largest eigenpairs of random symmetric matrices (n = 1..60)', () => {
    for (const n of [1, 2, 3, 5, 10, 31, 60]) {
      const values = Array.from({ length: n }, (_, i) => 100 / (i + 1) ** 1.5);
      check(symmetric(values, n), n, Math.min(n, 4));
    }
  });

  it('handles repeated, zero and negative eigenvalues', () => {
    check(symmetric([5, 5, 5, 1, 0, 0], 7), 6, 4);
    check(symmetric([3, 2, 0, -1, -4], 9), 5, 5);
    check(new Float64Array(9), 3, 2);
  });

  it('handles an already diagonal (reducible) matrix', () => {
    const g = new Float64Array(16);
    [1, 4, 2, 3].forEach((v, i) => (g[i * 4 + i] = v));
    check(g, 4, 3);
  });

  it('rejects k outside 1..n', () => {
    expect(() => new TopEigen(3, 0)).to.throw(RangeError);
    expect(() => new TopEigen(3, 4)).to.throw(RangeError);
  });
});
