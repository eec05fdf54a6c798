import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { topk } from '../../sinks/topk.js';
import { pipe } from '../../lib/core/pipe.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { bySize, fixtureKey } from '../helpers/toolz-fixtures.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('topk', () => {
  it('matches toolz topk on the fixtures, largest first, ties in input order, with and without key', async () => {
    for (const c of moreCases) {
      for (const [k, expected] of bySize(c.topk)) {
        expect(await pipe(c.input, topk(k)), `${c.name} topk(${k})`).to.deep.equal(expected);
        expect(await pipeline(Readable.from(c.input), topk(k)), `${c.name} topk(${k})`).to.deep.equal(expected);
      }
      for (const [k, expected] of bySize(c.topk_key)) {
        expect(await pipe(c.input, topk(k, fixtureKey)), `${c.name} topk(${k}, key)`).to.deep.equal(expected);
      }
    }
  });

  it('equals a full sort on a long random input, with a property name as key', async () => {
    let s = 7;
    const rows = Array.from({ length: 5000 }, (_, id) => ({ id, score: (s = (s * 1103515245 + 12345) % 2 ** 31) % 1000 }));
    const sorted = rows.slice().sort((a, b) => b.score - a.score || a.id - b.id);
    expect(await pipe(rows, topk(25, 'score'))).to.deep.equal(sorted.slice(0, 25));
    expect(await pipe(rows, topk(0, 'score'))).to.deep.equal([]);
  });

  it('names itself and the item in an error', async () => {
    function score(r: { score: number }): number {
      return r.score.valueOf();
    }
    const err = await rejection(pipe([{ score: 1 }, {} as never], topk(2, score)));
    expectStageError(err, 'topk(2, score)', 1);
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
    expect(((await rejection(pipe(src, topk(3), { signal: controller.signal }))) as Error).name).to.equal('AbortError');
  });

  it('throws at once for a bad k or key', () => {
    const neg = thrown(() => topk(-1));
    expect(neg).to.be.instanceOf(RangeError);
    expect(neg.message).to.equal('The "k" option must be a non-negative integer. Received -1');
    expect(thrown(() => topk(2, [] as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });

  it('awaits an async key function, equal keys in input order', async () => {
    const len = async (w: string): Promise<number> => (await tick(), w.length);
    expect(await pipe(['bb', 'a', 'ccc', 'dd', 'e'], topk(3, len))).to.deep.equal(['ccc', 'bb', 'dd']);
    const bad = async (w: string): Promise<number> => {
      if (w === 'a') throw new Error('no a');
      return w.length;
    };
    expectStageError(await rejection(pipe(['bb', 'a'], topk(1, bad))), 'topk(1, bad)', 1, 'no a');
    expect(await pipe(['bb', 'a', 'c'], topk(2, bad, { onError: 'skip' }))).to.deep.equal(['bb', 'c']);
  });
});
