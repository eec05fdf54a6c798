/**
 * The exact PCA of a {@link PcaState}: the top eigenpairs of the covariance M / (n − 1),
 * with the attributes of scikit-learn's `PCA(n_components).fit(X)`. The eigenvectors of
 * XᵀX (centred) are the right singular vectors of X and its eigenvalues the squared
 * singular values, so this is the SVD scikit-learn takes, without the n×p left factor.
 *
 * Signs follow `svd_flip(u_based_decision=False)`: each component's entry of largest
 * absolute value is positive. That is scikit-learn's convention for PCA from 1.5 on (and
 * for IncrementalPCA); scikit-learn 1.2's PCA decided signs from U, which needs every row
 * again, and is therefore not a property of a mergeable state.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { IncrementalPCAState } from './model-json.js';
import { svdFlipRows } from './svd-flip.js';
import { TopEigen } from './top-eigen.js';
import type { PcaState } from './pca-state.js';

/**
 * The fitted attributes, named as `IncrementalPCA`'s (scikit-learn's, camel-cased).
 *
 * @example
 * ```ts
 * const pca: PcaResult = await pcaParallel('data.csv', { threads: 2, nComponents: 2 });
 * console.log(pca.explainedVarianceRatio, pca.nSamples);
 * ```
 */
export interface PcaResult {
  nComponents: number;
  nFeatures: number;
  nSamples: number;
  /** Principal axes, one row per component, by decreasing explained variance. */
  components: Float64Array[];
  mean: Float64Array;
  /** Each feature's variance over the rows (population, as IncrementalPCA's `var_`). */
  var: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  /** Mean of the discarded eigenvalues of the covariance (0 when none are discarded). */
  noiseVariance: number;
}

/**
 * The PCA with `nComponents` components of the rows summarised by `state`.
 *
 * @example
 * ```ts
 * const s = new PcaState();
 * for (const row of rows) s.addRow(row);
 * const pca = pcaResult(s, 2);
 * pca.components[0]; pca.explainedVarianceRatio;
 * ```
 */
export function pcaResult(state: PcaState, nComponents: number): PcaResult {
  const { n, p } = state;
  const k = nComponents;
  if (!Number.isInteger(k) || k < 1) throw new StreamtoolzError(codes.NO_RESULT, `nComponents=${k} must be an integer of at least 1`);
  // Said as the one-thread command says it (IncrementalPCA's limits are the same): the
  // features first, then the rows; the exact PCA also needs 2 rows for a variance.
  if (p > 0 && k > p) throw new StreamtoolzError(codes.NO_RESULT, `${plural(p, 'feature')} for ${plural(k, 'component')}: PCA needs at least as many`);
  if (k > n) throw new StreamtoolzError(codes.NO_RESULT, `${plural(n, 'row')} for ${plural(k, 'component')}: PCA needs at least as many`);
  if (n < 2) throw new StreamtoolzError(codes.NO_RESULT, `${plural(n, 'row')}: the exact PCA needs at least 2`);
  const limit = Math.min(n, p);
  const solver = new TopEigen(p, k);
  const g = state.scatter.slice(); // the solver overwrites its input
  let traceM = 0;
  for (let i = 0; i < p; i++) traceM += g[i * p + i]!;
  solver.solve(g);
  const vt = solver.vectors.slice();
  svdFlipRows(vt, k, p);
  const dof = n - 1;
  const explainedVariance = new Float64Array(k);
  const singularValues = new Float64Array(k);
  let kept = 0;
  for (let i = 0; i < k; i++) {
    const lambda = Math.max(solver.values[i]!, 0); // rounding can make a zero eigenvalue negative
    explainedVariance[i] = lambda / dof;
    singularValues[i] = Math.sqrt(lambda);
    kept += lambda / dof;
  }
  // The eigenvalues of the covariance sum to its trace: the total variance.
  const totalVar = traceM / dof;
  const explainedVarianceRatio = explainedVariance.map((v) => v / totalVar);
  const noiseVariance = k < limit ? Math.max(totalVar - kept, 0) / (limit - k) : 0;
  const components = Array.from({ length: k }, (_, i) => vt.slice(i * p, (i + 1) * p));
  const variance = new Float64Array(p);
  for (let i = 0; i < p; i++) variance[i] = state.scatter[i * p + i]! / n;
  return {
    nComponents: k,
    nFeatures: p,
    nSamples: n,
    components,
    mean: state.mean.slice(),
    var: variance,
    explainedVariance,
    explainedVarianceRatio,
    singularValues,
    noiseVariance,
  };
}

/**
 * The JSON form of an exact PCA: the fields of an IncrementalPCA model (`model-json.ts`)
 * under its own format name, so that `modelFromJSON` loads it for projecting (the transform
 * is the same: centre, then project on the components, whitened if asked).
 *
 * @example
 * ```ts
 * const json = JSON.stringify(pcaModelJSON(await pcaParallel('x.csv', { nComponents: 2 }), false));
 * modelFromJSON(json).transformRow([1, 2, 3]);
 * ```
 */
export function pcaModelJSON(result: PcaResult, whiten: boolean): Omit<IncrementalPCAState, 'format'> & { format: 'streamtoolz.PCA' } {
  return {
    format: 'streamtoolz.PCA',
    version: 1,
    nComponents: result.nComponents,
    whiten,
    batchSize: null,
    nFeatures: result.nFeatures,
    nSamplesSeen: result.nSamples,
    components: result.components.map((row) => Array.from(row)),
    mean: Array.from(result.mean),
    var: Array.from(result.var),
    explainedVariance: Array.from(result.explainedVariance),
    explainedVarianceRatio: Array.from(result.explainedVarianceRatio),
    singularValues: Array.from(result.singularValues),
    noiseVariance: result.noiseVariance,
  };
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
