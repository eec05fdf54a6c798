/**
 * Shared by the PCA specs: the scikit-learn fixtures (made by
 * test/fixtures/pca/make-fixtures.py) and a relative comparison.
 */
import { IncrementalPCA } from '../../lib/pca/incremental-pca.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

export const fixtureDir = fileURLToPath(new URL('../fixtures/pca/', import.meta.url));

export interface PcaCase {
  name: string;
  file: string;
  rows: number;
  features: number;
  nComponents: number;
  batchSize: number | null;
  whiten: boolean;
  components: number[][];
  mean: number[];
  var: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  nSamplesSeen: number;
  noiseVariance: number;
  transform: number[][];
}

/** Batch sizes of scikit-learn's `gen_batches(n, batchSize, min_batch_size=nComponents)`. */
export interface BatchCase {
  n: number;
  batchSize: number;
  nComponents: number;
  sizes: number[];
}

const expected = JSON.parse(readFileSync(`${fixtureDir}expected.json`, 'utf8')) as { cases: PcaCase[]; batches: BatchCase[] };
export const cases: PcaCase[] = expected.cases;
export const batchCases: BatchCase[] = expected.batches;

/** The rows of a fixture CSV (plain numbers, no header). */
export function readRows(file: string): number[][] {
  return readFileSync(`${fixtureDir}${file}`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

/**
 * Every value equal to 1e-9 relative. Entries that are zero up to rounding (below 1e-12 of
 * the largest in the array) are compared at that absolute level instead.
 */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], label: string, rel = 1e-9): void {
  expect(actual.length, `${label} length`).to.equal(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const tol = rel * Math.max(Math.abs(e), 1e-3 * scale);
    if (!(Math.abs(a - e) <= tol)) expect.fail(`${label}[${i}]: ${a} != ${e} (tolerance ${tol})`);
  }
}

/** Every fitted attribute of `model` equals scikit-learn's, as the fixture `c` records them. */
export function expectMatchesSklearn(model: IncrementalPCA, c: PcaCase): void {
  expect(model).to.be.instanceOf(IncrementalPCA);
  expect(model.nSamplesSeen).to.equal(c.nSamplesSeen);
  expect(model.components).to.have.length(c.nComponents);
  c.components.forEach((row, i) => expectClose(model.components[i]!, row, `components[${i}]`));
  expectClose(model.mean, c.mean, 'mean');
  expectClose(model.var, c.var, 'var');
  expectClose(model.explainedVariance, c.explainedVariance, 'explainedVariance');
  expectClose(model.explainedVarianceRatio, c.explainedVarianceRatio, 'explainedVarianceRatio');
  expectClose(model.singularValues, c.singularValues, 'singularValues');
  expectClose([model.noiseVariance], [c.noiseVariance], 'noiseVariance');
}
