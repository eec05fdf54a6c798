import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { pipe } from '../../lib/core/pipe.js';
import { kSpill } from '../../lib/core/symbols.js';
import type { SpillStats } from '../../lib/spill/spill-stats.js';
import { collect } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { sort } from '../../transforms/sort.js';
import { rng } from '../helpers/rng.js';
import { expectEmptyAndRemove, freshTmpdir, gnuSort, openFds, randomNumbers, randomStrings } from '../helpers/spill.js';
import { expectStageError, rejection, stageContract, thrown } from '../helpers/support.js';

const spillOf = (stage: unknown): SpillStats => (stage as { [kSpill]: SpillStats })[kSpill];

describe('sort', () => {
  let dir: string;
  beforeEach(() => {
    dir = freshTmpdir();
  });
  afterEach(() => expectEmptyAndRemove(dir));

  describe('as a stage', () => {
    stageContract(() => sort({ memory: '16KB', tmpdir: dir }), [5, 3, 9, 1, 1, 4], [1, 1, 3, 4, 5, 9]);
  });

  it('sorts numbers as GNU sort -g does, spilling runs of 64 KB', async () => {
    const numbers = randomNumbers(40_000, 1);
    const expected = gnuSort(numbers.map(String), ['-g', '-s']);
    const stage = sort<number>({ memory: '64KB', tmpdir: dir });
    const out = await pipe(numbers, stage, map(String), collect());
    expect(out).to.deep.equal(expected);
    expect(spillOf(stage).runsWritten).to.be.above(4);
    expect(spillOf(stage).runsMerged).to.equal(spillOf(stage).runsWritten);
    expect(await pipe(numbers, sort<number>(), map(String), collect())).to.deep.equal(expected);
  });

  it('merges in more than one pass when there are more runs than the fan-in', async () => {
    const numbers = randomNumbers(100_000, 2);
    const stage = sort<number>({ memory: '16KB', tmpdir: dir });
    const out = await pipe(numbers, stage, map(String), collect());
    expect(out).to.deep.equal(gnuSort(numbers.map(String), ['-g', '-s']));
    // 16 KB holds 1024 numbers: ~98 runs, merged 16 at a time, then the rest.
    expect(spillOf(stage).runsWritten).to.be.above(100);
    expect(spillOf(stage).runsMerged).to.equal(spillOf(stage).runsWritten);
  });

  it('sorts strings by code point, as LC_ALL=C sort does, spilled or not', async () => {
    const strings = randomStrings(30_000, 3);
    const expected = gnuSort(strings, []);
    const stage = sort<string>({ memory: '64KB', tmpdir: dir });
    expect(await pipe(strings, stage, collect())).to.deep.equal(expected);
    expect(spillOf(stage).runsWritten).to.be.above(4);
    expect(await pipe(strings, sort<string>(), collect())).to.deep.equal(expected);
  });

  it('gives back strings with lone surrogates and newlines unchanged, in the same order spilled or not', async () => {
    const odd = ['\uD800', 'a\nb', '\uDFFFz', '\uE000', '\u{1F600}', '', 'a\n'];
    const strings = [...randomStrings(5_000, 12), ...odd, ...odd];
    const spilled = await pipe(strings, sort<string>({ memory: '16KB', tmpdir: dir }), collect());
    const inMemory = await pipe(strings, sort<string>(), collect());
    expect(spilled).to.deep.equal(inMemory);
    expect(spilled.slice().sort()).to.deep.equal(strings.slice().sort());
    expect(spilled.indexOf('\uDFFFz')).to.be.below(spilled.indexOf('\uE000'));
  });

  it('is stable: equal keys keep their input order, as GNU sort -s does', async () => {
    const r = rng(4);
    const records = Array.from({ length: 20_000 }, (_, i) => ({ k: Math.floor(r() * 50) / 4, i }));
    const expected = gnuSort(
      records.map((x) => `${x.k}\t${x.i}`),
      ['-s', '-t', '\t', '-k1,1g'],
    );
    const stage = sort<{ k: number; i: number }>({ key: 'k', memory: '64KB', tmpdir: dir });
    const out = await pipe(
      records,
      stage,
      map((x: { k: number; i: number }) => `${x.k}\t${x.i}`),
      collect(),
    );
    expect(out).to.deep.equal(expected);
    expect(spillOf(stage).runsWritten).to.be.above(4);
  });

  it('takes a key function and a compare function', async () => {
    const words = randomStrings(5_000, 5);
    const byLengthDesc = await pipe(
      words,
      sort<string>({ key: (w: string) => w.length, compare: (a: number, b: number) => b - a, memory: '16KB', tmpdir: dir }),
      collect(),
    );
    expect(byLengthDesc).to.deep.equal(words.slice().sort((a, b) => b.length - a.length));
  });

  it('sorts records by composite keys (arrays) through JSON runs', async () => {
    const r = rng(6);
    const rows = Array.from({ length: 8_000 }, (_, i) => ({ name: ['ann', 'bob', 'cy'][i % 3]!, n: Math.floor(r() * 20), tags: [i % 2 === 0], i }));
    const out = await pipe(rows, sort<(typeof rows)[number]>({ key: (x) => [x.name, x.n], memory: '32KB', tmpdir: dir }), collect());
    const expected = rows.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.n - b.n));
    expect(out).to.deep.equal(expected);
  });

  it('fails naming the item that JSON cannot carry, and leaves no file', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ i, when: i === 2_500 ? new Date(0) : 'x' }));
    const err = await rejection(pipe(rows, sort({ key: 'i', memory: '16KB', tmpdir: dir }), collect()));
    expectStageError(err, 'sort("i", memory=16384)', 2_500);
    expect((err as Error).message).to.include('.when is a Date');
  });

  it('fails on mixed numbers and strings without a key, naming the item', async () => {
    const err = await rejection(pipe([3, 1, 'x', 2], sort(), collect()));
    expectStageError(err, 'sort()', 2);
    expect((err as Error).message).to.include('got a string after numbers');
  });

  it('names the item whose key fails', async () => {
    const key = (x: { a: number }): number => {
      if (x.a === 2) throw new Error('no key');
      return x.a;
    };
    expectStageError(await rejection(pipe([{ a: 1 }, { a: 2 }], sort({ key }), collect())), 'sort(key)', 1, 'no key');
  });

  it('removes its files and closes them when the pipe fails mid-merge', async () => {
    const fds = openFds();
    const numbers = randomNumbers(50_000, 7);
    let n = 0;
    const failing = map((x: number) => {
      if (++n === 10_000) throw new Error('downstream boom');
      return x;
    });
    const err = await rejection(pipe(numbers, sort<number>({ memory: '16KB', tmpdir: dir }), failing, collect()));
    expect((err as Error).message).to.include('downstream boom');
    expect(openFds()).to.equal(fds);
  });

  it('removes its files when aborted mid-merge, and they were under tmpdir while it ran', async () => {
    const fds = openFds();
    const controller = new AbortController();
    const stage = sort<number>({ memory: '16KB', tmpdir: dir });
    let seenSpillDir = false;
    const err = await rejection(
      pipeline(
        Readable.from(randomNumbers(30_000, 8)),
        stage,
        async (source: AsyncIterable<number>) => {
          let i = 0;
          for await (const _ of source) {
            if (++i === 1_000) {
              const { readdirSync } = await import('node:fs');
              seenSpillDir = readdirSync(dir).some((f) => f.startsWith('streamtoolz-spill-'));
              controller.abort();
            }
          }
        },
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
    expect(seenSpillDir).to.equal(true);
    expect(stage.destroyed).to.equal(true);
    expect(openFds()).to.equal(fds);
  });

  it('honours backpressure on its output: a slow reader never finds more than a highWaterMark buffered', async () => {
    const stage = sort<number>({ memory: '16KB', tmpdir: dir, highWaterMark: 8 });
    let most = 0;
    await pipeline(Readable.from(randomNumbers(20_000, 9)), stage, async (source: AsyncIterable<number>) => {
      let i = 0;
      for await (const _ of source) {
        most = Math.max(most, stage.readableLength);
        if (++i % 500 === 0) await tick();
      }
    });
    expect(most).to.be.at.most(8);
  });

  it('checks its options at once and does not change them', () => {
    const options = { memory: '64KB', key: 'a' };
    sort(options);
    expect(options).to.deep.equal({ memory: '64KB', key: 'a' });
    expect(thrown(() => sort({ memory: 100 })).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => sort({ memory: 'lots' })).code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => sort({ compare: 3 as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => sort({ key: {} as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => sort({ tmpdir: '' })).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
