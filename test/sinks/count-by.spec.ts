import { setImmediate as tick } from 'node:timers/promises';
import type { PipeStats } from '../../lib/core/stats.js';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { countBy } from '../../sinks/count-by.js';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { expectStageError, rejection, thrown, expectStopped } from '../helpers/support.js';
import { fixtureKey } from '../helpers/toolz-fixtures.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('countBy', () => {
  it('matches toolz countby on the fixtures (counts and order of first occurrence), in pipe() and Node pipeline', async () => {
    for (const c of moreCases) {
      expect([...(await pipe(c.input, countBy(fixtureKey)))], c.name).to.deep.equal(c.countby);
      expect([...(await pipeline(Readable.from(c.input), countBy(fixtureKey)))], c.name).to.deep.equal(c.countby);
    }
  });

  it('takes a property name as key, as toolz takes a non-callable key', async () => {
    const rows = [{ lang: 'en' }, { lang: 'fr' }, { lang: 'en' }];
    expect([...(await pipe(rows, countBy('lang')))]).to.deep.equal([
      ['en', 2],
      ['fr', 1],
    ]);
    expect([
      ...(await pipe(
        [
          [1, 'a'],
          [2, 'a'],
        ],
        countBy(1),
      )),
    ]).to.deep.equal([['a', 2]]);
  });

  it('names the key and the item in an error', async () => {
    const items = [{ lang: 'en' }, undefined as never];
    const err = await rejection(
      pipe(
        items,
        map((x: { lang: string }) => x),
        countBy('lang'),
      ),
    );
    expectStageError(err, 'countBy("lang")', 1, 'cannot read property lang of undefined');
    expect(err.position).to.equal(3);
    function len(s: string): number {
      if (typeof s !== 'string') throw new TypeError('not a string');
      return s.length;
    }
    expectStageError(await rejection(pipe(['ab', 3 as never], countBy(len))), 'countBy(len)', 1, 'not a string');
  });

  it('is aborted by pipe({ signal })', async () => {
    const controller = new AbortController();
    let n = 0;
    const src = new Readable({
      objectMode: true,
      read() {
        this.push(n++);
        if (n === 100) controller.abort();
      },
    });
    const err = await rejection(
      pipe(
        src,
        countBy((x: number) => x % 3),
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
    expectStopped(src);
  });

  it('throws at once for a key that is neither a function nor a property name', () => {
    const err = thrown(() => countBy({} as never));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "key" argument must be a function or a property name. Received an instance of Object');
  });

  describe('with an async key function', () => {
    const words = ['apple', 'fig', 'kiwi', 'pear'];
    const len = async (w: string): Promise<number> => (await tick(), w.length);
    const want = new Map([
      [5, 1],
      [3, 1],
      [4, 2],
    ]);

    it('awaits it, fused in pipe() and alone in a pipeline', async () => {
      expect(await pipe(words, countBy(len))).to.deep.equal(want);
      expect(await pipeline(Readable.from(words), countBy(len))).to.deep.equal(want);
    });

    it('names the sink and the item when it rejects', async () => {
      const bad = async (w: string): Promise<number> => {
        if (w === 'kiwi') throw new Error('no key');
        return w.length;
      };
      expectStageError(await rejection(pipe(words, countBy(bad))), 'countBy(bad)', 2, 'no key');
    });

    it('leaves out and counts the items it fails on under onError: skip', async () => {
      let report: PipeStats | undefined;
      const bad = async (w: string): Promise<number> => {
        if (w === 'fig') throw new Error('no key');
        return w.length;
      };
      const counts = await pipe(words, countBy(bad, { onError: 'skip' }), { stats: (s: PipeStats) => (report = s) });
      expect(counts).to.deep.equal(
        new Map([
          [5, 1],
          [4, 2],
        ]),
      );
      expect(report!.stages.at(-1)!.skipped).to.equal(1);
    });
  });

  it('with a memory budget refuses onError and retry, and an async key, each with a clear error', async () => {
    const err = thrown(() => countBy((w: string) => w.length, { memory: '64KB', onError: 'skip' }));
    expect(err.code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(err.message).to.equal(
      'The "onError" option of countBy(<anonymous>, memory=65536) cannot be used with "memory": a budget works on the items as they come',
    );
    const asyncKey = async (w: string): Promise<number> => w.length;
    const failed = await rejection(pipe(['a', 'bb'], countBy(asyncKey, { memory: '64KB' })));
    expect((failed as Error).message).to.include('returned a promise: with a memory budget it must be sync');
  });
});
