import { expect } from 'chai';
import { pipe } from '../../lib/core/pipe.js';
import { mergeAll } from '../../lib/parallel/aggregator.js';
import { aggregatorOf } from '../../lib/job/mergeable.js';
import * as sinks from '../../sinks/index.js';
import { rng } from '../helpers/rng.js';

/** The sink's result on `items`, and its aggregator's on `items` cut in `parts` pieces (each encoded and decoded). */
async function both(make: () => unknown, items: unknown[], parts: number, random: () => number): Promise<[unknown, unknown]> {
  const whole = await pipe(items, make() as never);
  const agg = aggregatorOf(make());
  const cuts = [0, ...Array.from({ length: parts - 1 }, () => Math.floor(random() * (items.length + 1))).sort((a, b) => a - b), items.length];
  const states = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    let s = agg.empty();
    for (const item of items.slice(cuts[i], cuts[i + 1])) s = agg.add(s, item);
    states.push(agg.decode(agg.encode(s)));
  }
  return [whole, agg.result(mergeAll(agg, states))];
}

const words = (random: () => number, n: number): { w: string; n: number; ms: number }[] =>
  Array.from({ length: n }, (_, i) => ({
    w: ['a', 'b', 'c', 'é', '__proto__', 'constructor'][Math.floor(random() * 6)]!,
    n: Math.floor(random() * 5),
    ms: i % 7,
  }));

describe('mergeable sinks', () => {
  const cases: [string, () => unknown, (r: () => number) => unknown[]][] = [
    ['count', () => sinks.count(), (r) => words(r, 50)],
    ['sum', () => sinks.sum(), (r) => words(r, 50).map((x) => x.n)],
    ['sum of bigints', () => sinks.sum(10n), (r) => words(r, 50).map((x) => BigInt(x.n))],
    ['min by key', () => sinks.min('n'), (r) => words(r, 50)],
    ['max', () => sinks.max(), (r) => words(r, 50).map((x) => x.n)],
    ['frequencies', () => sinks.frequencies(), (r) => words(r, 80).map((x) => x.w)],
    ['frequencies by key', () => sinks.frequencies((x: { n: number }) => x.n), (r) => words(r, 80)],
    ['countBy', () => sinks.countBy('w'), (r) => words(r, 80)],
    [
      'reduceBy without init',
      () =>
        sinks.reduceBy(
          (x: number) => x % 3,
          (a: number, b: number) => a + b,
        ),
      (r) => words(r, 80).map((x) => x.n),
    ],
    [
      'reduceBy with init and combine',
      () =>
        sinks.reduceBy(
          'w',
          (acc: number[], x: { n: number }) => [...acc, x.n],
          () => [],
          { combine: (a, b) => [...a, ...b] },
        ),
      (r) => words(r, 80),
    ],
    ['topk with ties', () => sinks.topk(5, 'n'), (r) => words(r, 60)],
    ['topk(0)', () => sinks.topk(0), (r) => words(r, 10).map((x) => x.n)],
    ['histogram', () => sinks.histogram({ bins: 4 }), (r) => words(r, 60).map((x) => x.n + x.ms / 10)],
    ['histogram with a range', () => sinks.histogram({ bins: 3, range: [0, 3] }), (r) => words(r, 60).map((x) => x.n)],
  ];
  for (const [name, make, data] of cases) {
    it(`${name}: merged pieces give the sink's own result`, async () => {
      const random = rng(name.length);
      for (let trial = 0; trial < 20; trial++) {
        const [whole, merged] = await both(make, data(random), 1 + (trial % 4), random);
        expect(merged, `trial ${trial}`).to.deep.equal(whole);
      }
    });
  }

  it('countKmers: merged pieces give the counts of one pass', async () => {
    const random = rng(3);
    const reads = Array.from({ length: 40 }, () => ({ sequence: Array.from({ length: 30 }, () => 'ACGTN'[Math.floor(random() * 5)]).join('') }));
    for (const k of [3, 13, 21]) {
      const [whole, merged] = (await both(() => sinks.countKmers(k, { canonical: k === 13 }), reads, 3, random)) as {
        toMap(): Map<string, number>;
        total: number;
      }[];
      expect([...merged!.toMap()].sort()).to.deep.equal([...whole!.toMap()].sort());
      expect(merged!.total).to.equal(whole!.total);
    }
  });

  it('pca: merged pieces give the PCA of one pass (to 1e-12)', async () => {
    const random = rng(4);
    const rows = Array.from({ length: 60 }, () => {
      const x = random();
      return [x, 2 * x + random() / 10, random(), random() * 3];
    });
    const [whole, merged] = (await both(() => sinks.pca({ nComponents: 2 }), rows, 4, random)) as {
      components: Float64Array[];
      explainedVariance: Float64Array;
    }[];
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(merged!.explainedVariance[i]! - whole!.explainedVariance[i]!)).to.be.below(1e-12);
      for (let j = 0; j < 4; j++) expect(Math.abs(merged!.components[i]![j]! - whole!.components[i]![j]!)).to.be.below(1e-12);
    }
  });

  it('sample: merged pieces give a uniform sample, the same for the same seed and pieces', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const seen = new Array<number>(20).fill(0);
    const trials = 3000;
    for (let seed = 0; seed < trials; seed++) {
      const agg = aggregatorOf(sinks.sample(5, { seed }));
      const fold = (xs: number[]) => xs.reduce((s, x) => agg.add(s, x), agg.empty());
      const got = agg.result(agg.merge(fold(items.slice(0, 12)), agg.decode(agg.encode(fold(items.slice(12)))))) as number[];
      expect(new Set(got).size).to.equal(5);
      for (const x of got) seen[x]!++;
      if (seed === 0) {
        const again = agg.result(agg.merge(fold(items.slice(0, 12)), agg.decode(agg.encode(fold(items.slice(12))))));
        expect(again).to.deep.equal(got);
      }
    }
    for (const n of seen) expect(n / trials).to.be.closeTo(0.25, 0.04);
  });

  it('names the sink that cannot merge, in one line', () => {
    expect(() => aggregatorOf(sinks.collect())).to.throw(/^the sink collect cannot merge partial results: a job's sink must be one of count, sum/);
    expect(() => aggregatorOf(sinks.fitPCA({ nComponents: 2 }))).to.throw(/the sink fitPCA\(nComponents=2\) cannot merge/);
    expect(() => aggregatorOf(sinks.reduceBy('w', (a: number) => a + 1, 0))).to.throw(
      /reduceBy\("w", .*\) cannot merge partial results: with an init value it needs a combine function/,
    );
    expect(() => aggregatorOf(sinks.countKmers(5, { perLine: true }))).to.throw(/countKmers\(k=5\) cannot merge partial results: per-line/);
  });

  it('refuses a key function that returns a promise, naming it', () => {
    const agg = aggregatorOf(
      sinks.countBy(async function byPath(r: { p: string }) {
        return r.p;
      }),
    );
    expect(() => agg.add(agg.empty(), { p: 'x' })).to.throw(TypeError, /key function byPath of a job's sink returned a promise/);
  });
});
