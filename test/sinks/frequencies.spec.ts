import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { frequencies } from '../../sinks/frequencies.js';
import { map } from '../../transforms/map.js';
import { flatMap } from '../../transforms/flat-map.js';
import { pipe } from '../../lib/core/pipe.js';
import { expectStageError, rejection, thrown, expectStopped } from '../helpers/support.js';
import { toolzCases } from '../helpers/toolz-fixtures.js';

describe('frequencies', () => {
  it('matches toolz frequencies on the fixtures, counts and order of first occurrence', async () => {
    for (const c of toolzCases) {
      expect([...(await pipe(c.input, frequencies()))], c.name).to.deep.equal(c.frequencies);
      expect([...(await pipeline(Readable.from(c.input), frequencies()))], c.name).to.deep.equal(c.frequencies);
    }
  });

  it('counts the letters of lines split by a flatMap before it (the seed word count)', async () => {
    const counts = await pipe(
      ['ACGT', '', 'AAC'],
      flatMap((s: string) => s),
      frequencies(),
    );
    expect([...counts]).to.deep.equal([
      ['A', 3],
      ['C', 2],
      ['G', 1],
      ['T', 1],
    ]);
  });

  it('counts by key', async () => {
    const words = ['apple', 'fig', 'kiwi', 'pear', 'plum', 'banana'];
    const byLength = (w: string): number => w.length;
    expect([...(await pipe(words, frequencies(byLength)))]).to.deep.equal([
      [5, 1],
      [3, 1],
      [4, 3],
      [6, 1],
    ]);
  });

  it('keys with SameValueZero, like a Map: NaN once, 1 and "1" apart', async () => {
    const counts = await pipe([NaN, NaN, 1, '1', 0, -0], frequencies());
    expect(counts.get(NaN)).to.equal(2);
    expect(counts.get(1)).to.equal(1);
    expect(counts.get('1')).to.equal(1);
    expect(counts.get(0)).to.equal(2);
  });

  it('gives an empty Map for an empty input, and a new Map on every run', async () => {
    const sink = frequencies<string>();
    expect((await pipe([], sink)).size).to.equal(0);
    const a = await pipe(['x'], sink);
    const b = await pipe(['x'], sink);
    expect(a).to.not.equal(b);
    expect(b.get('x')).to.equal(1);
  });

  it('names the key function and the item in an error', async () => {
    const lower = (s: string): string => s.toLowerCase();
    const items = ['A', 'b', 3 as unknown as string, 'c'];
    let err = await rejection(pipe(items, frequencies(lower)));
    expectStageError(err, 'frequencies(lower)', 2);
    expect(err.position).to.equal(2);
    err = await rejection(
      pipe(
        items,
        map((s: string) => s),
        frequencies(lower),
      ),
    );
    expectStageError(err, 'frequencies(lower)', 2);
    expect(err.position).to.equal(3);
  });

  it('is aborted by pipe({ signal })', async () => {
    const controller = new AbortController();
    let n = 0;
    const src = new Readable({
      objectMode: true,
      read() {
        this.push(n++ % 7);
        if (n === 100) controller.abort();
      },
    });
    const err = await rejection(pipe(src, frequencies(), { signal: controller.signal }));
    expect((err as Error).name).to.equal('AbortError');
    expectStopped(src);
  });

  it('throws at once for a key that is not a function', () => {
    const err = thrown(() => frequencies(1 as never));
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "key" argument must be a function. Received type number (1)');
  });

  it('awaits an async key function, and skips what it fails on under onError: skip', async () => {
    const lower = async (s: string): Promise<string> => (await tick(), s.toLowerCase());
    expect(await pipe(['A', 'a', 'B'], frequencies(lower))).to.deep.equal(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    const bad = (s: string): string => {
      if (s === 'B') throw new Error('no B');
      return s;
    };
    expect(await pipe(['A', 'a', 'B'], frequencies(bad, { onError: 'skip' }))).to.deep.equal(
      new Map([
        ['A', 1],
        ['a', 1],
      ]),
    );
  });
});
