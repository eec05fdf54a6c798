import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fold } from '../../lib/parallel/aggregator.js';
import { pcaAggregator } from '../../lib/pca/pca-aggregator.js';
import { PcaState } from '../../lib/pca/pca-state.js';
import { pcaResult, type PcaResult } from '../../lib/pca/pca-result.js';
import { rng } from '../helpers/rng.js';

const dir = new URL('../fixtures/parallel/', import.meta.url);

interface Fixture {
  n_components: number;
  n_samples: number;
  components: number[][];
  components_vflip: number[][];
  mean: number[];
  explained_variance: number[];
  explained_variance_ratio: number[];
  singular_values: number[];
  noise_variance: number;
}

function load(name: string): { rows: number[][]; want: Fixture } {
  const rows = readFileSync(new URL(`pca-${name}.csv`, dir), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map(Number));
  return { rows, want: JSON.parse(readFileSync(new URL(`pca-${name}.json`, dir), 'utf8')) as Fixture };
}

/** |a − b| ≤ tol · max(1, |b|) element by element. */
function close(actual: ArrayLike<number>, expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e));
    expect(err, `${what}[${i}]: ${actual[i]} vs ${e}`).to.be.at.most(tol);
  }
}

function matches(got: PcaResult, want: Fixture, tol = 1e-9): void {
  expect(got.nSamples).to.equal(want.n_samples);
  close(got.mean, want.mean, tol, 'mean');
  close(got.explainedVariance, want.explained_variance, tol, 'explainedVariance');
  close(got.explainedVarianceRatio, want.explained_variance_ratio, tol, 'explainedVarianceRatio');
  close(got.singularValues, want.singular_values, tol, 'singularValues');
  close([got.noiseVariance], [want.noise_variance], tol, 'noiseVariance');
  got.components.forEach((row, i) => {
    close(row, want.components_vflip[i]!, tol, `components[${i}]`);
    // scikit-learn 1.2's own signs (from U) differ at most by a sign per row.
    const raw = want.components[i]!;
    const sign = Math.sign(raw.reduce((s, v, j) => s + v * row[j]!, 0));
    close(
      row.map((v) => v * sign),
      raw,
      tol,
      `components[${i}] (sklearn signs)`,
    );
  });
}

describe('pcaAggregator', () => {
  for (const name of ['small', 'wide', 'all']) {
    it(`equals scikit-learn's PCA to 1e-9 (${name})`, () => {
      const { rows, want } = load(name);
      const agg = pcaAggregator({ nComponents: want.n_components });
      matches(agg.result(fold(agg, rows)), want);
    });
  }

  it('equals scikit-learn after merging encoded parts over random splits', () => {
    const { rows, want } = load('small');
    const agg = pcaAggregator({ nComponents: want.n_components });
    const rand = rng(42);
    for (let trial = 0; trial < 30; trial++) {
      const cuts = [0, ...Array.from({ length: 3 }, () => Math.floor(rand() * (rows.length + 1))).sort((a, b) => a - b), rows.length];
      const parts = cuts.slice(1).map((end, i) => agg.decode(agg.encode(fold(agg, rows.slice(cuts[i], end)))));
      const order = parts.sort(() => rand() - 0.5);
      matches(agg.result(order.reduce((a, b) => agg.merge(a, b), agg.empty())), want);
    }
  });

  it('merge is associative and commutative, to rounding', () => {
    const { rows } = load('wide');
    const agg = pcaAggregator({ nComponents: 2 });
    const rand = rng(3);
    for (let trial = 0; trial < 30; trial++) {
      const i = Math.floor(rand() * rows.length);
      const j = i + Math.floor(rand() * (rows.length - i));
      const enc = [rows.slice(0, i), rows.slice(i, j), rows.slice(j)].map((part) => agg.encode(fold(agg, part)));
      const d = (n: number): PcaState => agg.decode(enc[n]!);
      const left = agg.merge(agg.merge(d(0), d(1)), d(2));
      const right = agg.merge(d(2), agg.merge(d(1), d(0)));
      expect(left.n).to.equal(right.n);
      close(left.mean, [...right.mean], 1e-12, 'mean');
      close(left.packedScatter(), [...right.packedScatter()], 1e-12, 'scatter');
    }
  });

  it('takes blocks of rows (numeric CSV blocks) as well as rows', () => {
    const { rows, want } = load('small');
    const agg = pcaAggregator({ nComponents: want.n_components });
    let state = agg.empty();
    for (let r = 0; r < rows.length; r += 37) {
      const part = rows.slice(r, r + 37);
      state = agg.add(state, { data: Float64Array.from(part.flat()), rows: part.length, columns: 5 });
    }
    matches(agg.result(state), want);
  });

  it('encodes to (p² + 3p)/2 numbers whatever the row count', () => {
    const { rows } = load('small');
    const agg = pcaAggregator({ nComponents: 1 });
    expect(agg.encode(fold(agg, rows)).length).to.equal(agg.encode(fold(agg, rows.slice(0, 3))).length);
    expect(agg.decode(agg.encode(agg.empty())).n).to.equal(0);
  });

  it('names the bad row', () => {
    const agg = pcaAggregator({ nComponents: 1 });
    expect(() =>
      fold(agg, [
        [1, 2],
        [3, 4],
        [5, NaN],
      ]),
    ).to.throw(/row 2 column 2 is NaN/);
    expect(() => fold(agg, [[1, 2], [3]])).to.throw(/row 1 has 1 value, expected 2/);
    expect(() => agg.merge(fold(agg, [[1, 2]]), fold(agg, [[1, 2, 3]]))).to.throw(/cannot merge PCA states of 3 and 2 features/);
  });

  it('has no result for too few rows or too many components', () => {
    expect(() => pcaResult(new PcaState().addRow([1, 2]), 1)).to.throw('1 row: the exact PCA needs at least 2');
    expect(() => pcaResult(new PcaState().addRow([1, 2]).addRow([2, 1]), 3)).to.throw('2 features for 3 components: PCA needs at least as many');
    expect(() => pcaResult(new PcaState().addRow([1, 2, 3]).addRow([2, 1, 0]), 3)).to.throw('2 rows for 3 components: PCA needs at least as many');
    expect(() => pcaAggregator({ nComponents: 0 })).to.throw(RangeError, /"nComponents"/);
  });
});
