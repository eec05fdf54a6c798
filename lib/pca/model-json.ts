/**
 * IncrementalPCA models as JSON: `JSON.stringify(model)` writes them (via `toJSON`), and
 * {@link modelFromJSON} reads them back (and the exact PCA's, `streamtoolz.PCA`, which has
 * the same fields: `pcaModelJSON` in `lib/pca/pca-result.ts`), checking every field, so that a fitted model can be
 * saved after the first pass (`streamtoolz pca --model`) and used to project later. JSON
 * numbers round-trip float64 exactly (shortest repr), so a loaded model projects the same.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { IncrementalPCA } from './incremental-pca.js';

/**
 * The JSON form of a fitted {@link IncrementalPCA}.
 *
 * @example
 * ```ts
 * writeFileSync('model.json', JSON.stringify(model)); // an IncrementalPCAState
 * const again = modelFromJSON(readFileSync('model.json', 'utf8'));
 * ```
 */
export interface IncrementalPCAState {
  format: 'streamtoolz.IncrementalPCA';
  version: 1;
  nComponents: number;
  whiten: boolean;
  batchSize: number | null;
  nFeatures: number;
  nSamplesSeen: number;
  components: number[][];
  mean: number[];
  var: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  noiseVariance: number;
}

function bad(what: string): StreamtoolzError {
  return new StreamtoolzError(codes.INVALID_ARG_VALUE, `not an IncrementalPCA model: ${what}`);
}

function numbers(value: unknown, name: string, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length) throw bad(`"${name}" must be an array of ${length} numbers`);
  for (const v of value) if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`"${name}" must hold finite numbers`);
  return value as number[];
}

function integer(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw bad(`"${name}" must be an integer >= ${min}`);
  return value;
}

/**
 * Parses a model saved with `JSON.stringify(model)` (a string or the parsed object).
 *
 * @example
 * ```ts
 * const text = JSON.stringify(await pipe(sources.csv('x.csv'), sinks.fitPCA({ nComponents: 2 })));
 * const model = modelFromJSON(text);
 * model.transform([[1, 2, 3]]);
 * ```
 */
export function modelFromJSON(json: string | unknown): IncrementalPCA {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw bad(`invalid JSON (${(err as Error).message})`);
    }
  }
  if (value === null || typeof value !== 'object') throw bad('expected an object');
  const o = value as Record<string, unknown>;
  // "streamtoolz.PCA" (the exact PCA of `pca --threads`) has the same fields and transform.
  if (o.format !== 'streamtoolz.IncrementalPCA' && o.format !== 'streamtoolz.PCA')
    throw bad('"format" must be "streamtoolz.IncrementalPCA" or "streamtoolz.PCA"');
  if (o.version !== 1) throw bad(`unsupported "version" ${String(o.version)}`);
  const k = integer(o.nComponents, 'nComponents', 1);
  const n = integer(o.nFeatures, 'nFeatures', k);
  const seen = integer(o.nSamplesSeen, 'nSamplesSeen', 1);
  if (typeof o.whiten !== 'boolean') throw bad('"whiten" must be a boolean');
  const batchSize = o.batchSize === null || o.batchSize === undefined ? null : integer(o.batchSize, 'batchSize', k);
  if (!Array.isArray(o.components) || o.components.length !== k) throw bad(`"components" must have ${k} rows`);
  const components = o.components.map((row: unknown, i: number) => numbers(row, `components[${i}]`, n));
  if (typeof o.noiseVariance !== 'number' || !Number.isFinite(o.noiseVariance)) throw bad('"noiseVariance" must be a finite number');
  return IncrementalPCA.fromState({
    format: 'streamtoolz.IncrementalPCA',
    version: 1,
    nComponents: k,
    whiten: o.whiten,
    batchSize,
    nFeatures: n,
    nSamplesSeen: seen,
    components,
    mean: numbers(o.mean, 'mean', n),
    var: numbers(o.var, 'var', n),
    explainedVariance: numbers(o.explainedVariance, 'explainedVariance', k),
    explainedVarianceRatio: numbers(o.explainedVarianceRatio, 'explainedVarianceRatio', k),
    singularValues: numbers(o.singularValues, 'singularValues', k),
    noiseVariance: o.noiseVariance,
  });
}
