import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sample } from '../../sinks/sample.js';
import { pipe } from '../../lib/core/pipe.js';
import { rejection, thrown } from '../helpers/support.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('sample', () => {
  it('gives min(n, length) distinct items of the input (toolz has no reservoir: properties on the fixtures)', async () => {
    for (const c of moreCases) {
      const indexed = c.input.map((x, i) => [i, x] as const);
      for (const n of [0, 1, 5, 100]) {
        const s = await pipe(indexed, sample<readonly [number, number | string]>(n, { seed: 9 }));
        expect(s, `${c.name} n=${n}`).to.have.length(Math.min(n, c.input.length));
        expect(new Set(s.map(([i]) => i)).size).to.equal(s.length);
        for (const [i, x] of s) expect(c.input[i]).to.equal(x);
      }
    }
  });

  it('is uniform: every position is picked about n/N of the time (Algorithm L, chi-square)', async () => {
    const N = 50;
    const n = 5;
    const runs = 2000;
    const hits = new Array<number>(N).fill(0);
    const items = Array.from({ length: N }, (_, i) => i);
    const sink = sample<number>(n, { seed: 1 });
    // One seeded sink gives the same sample each run: vary the seed instead.
    expect(await pipe(items, sink)).to.deep.equal(await pipe(items, sink));
    for (let r = 0; r < runs; r++) for (const i of await sample<number>(n, { seed: r })(Readable.from(items))) hits[i]!++;
    const expected = (runs * n) / N;
    const chi2 = hits.reduce((s, h) => s + (h - expected) ** 2 / expected, 0);
    // 49 degrees of freedom: 85.4 is the 0.1% critical value.
    expect(chi2).to.be.below(85.4);
  });

  it('keeps n items whatever the input length, through Node pipeline too', async () => {
    function* many(): Generator<number> {
      for (let i = 0; i < 100_000; i++) yield i;
    }
    const s = await pipeline(Readable.from(many()), sample<number>(10, { seed: 3 }));
    expect(s).to.have.length(10);
    // Items from the late part of the input do get in (the skips are not stuck at the start).
    expect(s.some((x) => x > 50_000)).to.equal(true);
  });

  it('is aborted by pipe({ signal })', async () => {
    const controller = new AbortController();
    let i = 0;
    const src = new Readable({
      objectMode: true,
      read() {
        this.push(i++);
        if (i === 100) controller.abort();
      },
    });
    expect(((await rejection(pipe(src, sample(3), { signal: controller.signal }))) as Error).name).to.equal('AbortError');
  });

  it('throws at once for a bad n or seed, and leaves a frozen options object alone', () => {
    expect(thrown(() => sample(-1)).message).to.equal('The "n" option must be a non-negative integer. Received -1');
    expect(thrown(() => sample(2, { seed: 'x' as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
    const opts = Object.freeze({ seed: 1 });
    sample(2, opts);
    expect(opts).to.deep.equal({ seed: 1 });
  });
});
