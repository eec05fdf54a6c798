import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { reduceBy } from '../../sinks/reduce-by.js';
import { pipe } from '../../lib/core/pipe.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { fixtureKey } from '../helpers/toolz-fixtures.js';
import { moreCases, plus, zeroOf } from '../helpers/toolz-more-fixtures.js';

describe('reduceBy', () => {
  it('matches toolz reduceby on the fixtures, with and without init, in pipe() and Node pipeline', async () => {
    for (const c of moreCases) {
      expect([...(await pipe(c.input, reduceBy(fixtureKey, plus)))], c.name).to.deep.equal(c.reduceby);
      expect([...(await pipeline(Readable.from(c.input), reduceBy(fixtureKey, plus)))], c.name).to.deep.equal(c.reduceby);
      expect([...(await pipe(c.input, reduceBy(fixtureKey, plus, zeroOf(c))))], c.name).to.deep.equal(c.reduceby_init);
    }
  });

  it('calls a function init once per key, so that accumulators are not shared', async () => {
    const byParity = await pipe(
      [1, 2, 3, 4],
      reduceBy(
        (x: number) => x % 2,
        (acc: number[], x: number) => (acc.push(x), acc),
        () => [] as number[],
      ),
    );
    expect([...byParity]).to.deep.equal([
      [1, [1, 3]],
      [0, [2, 4]],
    ]);
  });

  it('keeps an accumulator that is undefined', async () => {
    const r = await pipe(
      ['a', 'b'],
      reduceBy(
        () => 'k',
        (acc: undefined) => acc,
        undefined,
      ),
    );
    expect(r.has('k')).to.equal(true);
    expect(r.get('k')).to.equal(undefined);
  });

  it('names the key, the binop and the item in an error', async () => {
    function noNegatives(a: number, x: number): number {
      if (x < 0) throw new Error('negative');
      return a + x;
    }
    const err = await rejection(
      pipe(
        [1, 2, -3],
        reduceBy(() => 0, noNegatives),
      ),
    );
    expectStageError(err, 'reduceBy(<anonymous>, noNegatives)', 2, 'negative');
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
        reduceBy(
          (x: number) => x % 3,
          (a: number, b: number) => a + b,
        ),
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
  });

  it('throws at once for a bad key or binop', () => {
    expect(thrown(() => reduceBy(null as never, plus)).code).to.equal('ERR_INVALID_ARG_TYPE');
    const err = thrown(() => reduceBy('k', 'add' as never));
    expect(err.message).to.equal('The "binop" argument must be a function. Received type string (\'add\')');
  });

  it('awaits an async key and an async binop, in item order', async () => {
    const parity = async (x: number): Promise<boolean> => (await tick(), x % 2 === 0);
    const add = async (a: number, b: number): Promise<number> => (await tick(), a + b);
    const want = new Map([
      [false, 9],
      [true, 6],
    ]);
    expect(await pipe([1, 2, 3, 4, 5], reduceBy(parity, add))).to.deep.equal(want);
    const trail = async (acc: number[], x: number): Promise<number[]> => (await tick(), [...acc, x]);
    expect(
      await pipeline(
        Readable.from([3, 1, 4, 1, 5]),
        reduceBy(parity, trail, () => [] as number[]),
      ),
    ).to.deep.equal(
      new Map([
        [false, [3, 1, 1, 5]],
        [true, [4]],
      ]),
    );
  });

  it('names the item a rejecting binop failed on, and skips it under onError: skip', async () => {
    const add = async (a: number, b: number): Promise<number> => {
      if (b === 4) throw new Error('four');
      return a + b;
    };
    const parity = (x: number): boolean => x % 2 === 0;
    expectStageError(await rejection(pipe([1, 2, 3, 4, 5], reduceBy(parity, add, 0))), 'reduceBy(parity, add)', 3, 'four');
    expect(await pipe([1, 2, 3, 4, 5], reduceBy(parity, add, 0, { onError: 'skip' }))).to.deep.equal(
      new Map([
        [false, 9],
        [true, 2],
      ]),
    );
  });
});
