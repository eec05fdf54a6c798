import { setImmediate as tick } from 'node:timers/promises';
import { sum } from '../../sinks/basic.js';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { reduce } from '../../sinks/reduce.js';
import { map } from '../../transforms/map.js';
import { batch } from '../../transforms/batch.js';
import { pipe } from '../../lib/core/pipe.js';
import { StageError } from '../../lib/core/errors.js';
import { expectStageError, rejection, thrown, expectStopped } from '../helpers/support.js';

describe('reduce', () => {
  const add = (a: number, x: number): number => a + x;

  it('folds with an initial value, through pipe(), Node pipeline and called directly', async () => {
    expect(
      await pipe(
        [1, 2, 3, 4],
        reduce((a: number, x: number) => a * x, 1),
      ),
    ).to.equal(24);
    expect(await pipeline(Readable.from([1, 2, 3, 4]), reduce(add, 10))).to.equal(20);
    expect(await reduce(add, 0)(Readable.from([5, 6]))).to.equal(11);
  });

  it('starts from the first item without an initial value, as functools.reduce does', async () => {
    const calls: [string, string, number][] = [];
    const joined = await pipe(
      ['a', 'b', 'c'],
      reduce((acc: string, x: string, { index }) => {
        calls.push([acc, x, index]);
        return acc + x;
      }),
    );
    expect(joined).to.equal('abc');
    // The first item is the accumulator, never passed as `item`; indices are the items' own.
    expect(calls).to.deep.equal([
      ['a', 'b', 1],
      ['ab', 'c', 2],
    ]);
    expect(await pipe([7], reduce(add))).to.equal(7);
  });

  it('passes every item with its index when there is an initial value', async () => {
    const seen: number[] = [];
    await pipe(
      ['x', 'y'],
      reduce((acc: number, _x: string, { index }) => (seen.push(index), acc + 1), 0),
    );
    expect(seen).to.deep.equal([0, 1]);
  });

  it('folds into a different type, and over batches flushed by a stage before it', async () => {
    const lengths = await pipe(
      [1, 2, 3, 4, 5],
      batch<number>(2),
      reduce((acc: number[], b: number[]) => [...acc, b.length], [] as number[]),
    );
    expect(lengths).to.deep.equal([2, 2, 1]);
  });

  it('gives the initial value for an empty input, even undefined', async () => {
    expect(await pipe([], reduce(add, 42))).to.equal(42);
    expect(
      await pipe(
        [],
        reduce((a: undefined) => a, undefined),
      ),
    ).to.equal(undefined);
  });

  it('fails with ERR_STREAMTOOLZ_NO_RESULT on an empty input without an initial value', async () => {
    for (const run of [() => pipe([], reduce(add)), () => pipeline(Readable.from([]), reduce(add))]) {
      const err = await rejection(run());
      expect(err).to.be.instanceOf(StageError);
      expect((err as StageError).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
      expect((err as StageError).stage).to.equal('reduce(add)');
      expect((err as StageError).message).to.match(/^reduce\(add\)( \(stage 2\))? failed: the input is empty and no initial value was given$/);
    }
  });

  it('names the function and the item in an error, with a stage fused before it or not', async () => {
    function noNegatives(a: number, x: number): number {
      if (x < 0) throw new RangeError(`negative: ${x}`);
      return a + x;
    }
    const items = [1, 2, -3, 4];
    let err = await rejection(pipe(items, reduce(noNegatives, 0)));
    expectStageError(err, 'reduce(noNegatives)', 2, 'negative: -3');
    expect(err.message).to.equal('reduce(noNegatives) (stage 2) failed at item 2: negative: -3');
    err = await rejection(
      pipe(
        items,
        map((x: number) => x),
        reduce(noNegatives, 0),
      ),
    );
    expectStageError(err, 'reduce(noNegatives)', 2, 'negative: -3');
    expect(err.position).to.equal(3);
    expectStageError(await rejection(pipeline(Readable.from(items), reduce(noNegatives, 0))), 'reduce(noNegatives)', 2, 'negative: -3');
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
    const err = await rejection(pipe(src, reduce(add, 0), { signal: controller.signal }));
    expect((err as Error).name).to.equal('AbortError');
    expectStopped(src);
  });

  it('throws at once for a non-function', () => {
    const err = thrown(() => reduce(null as never, 0));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "fn" argument must be a function. Received null');
  });

  it('awaits an async fn, one call after the other, with the context', async () => {
    const calls: string[] = [];
    const slowAdd = async (acc: number, x: number, { index, signal }: { index: number; signal: AbortSignal }): Promise<number> => {
      calls.push(`start ${index}`);
      await tick();
      calls.push(`end ${index} ${signal.aborted}`);
      return acc + x;
    };
    expect(await pipe([1, 2, 3], reduce(slowAdd, 0))).to.equal(6);
    expect(calls).to.deep.equal(['start 0', 'end 0 false', 'start 1', 'end 1 false', 'start 2', 'end 2 false']);
    expect(await pipeline(Readable.from([1, 2, 3]), reduce(slowAdd, 10))).to.equal(16);
    expect(
      await pipe(
        [1, 2, 3],
        map(async (x: number) => x * 2),
        sum(),
      ),
    ).to.equal(12);
  });

  it('names the item of a rejection, and keeps the accumulator for an item skipped under onError', async () => {
    const add = async (acc: number, x: number): Promise<number> => {
      if (x === 2) throw new Error('two');
      return acc + x;
    };
    expectStageError(await rejection(pipe([1, 2, 3], reduce(add, 0))), 'reduce(add)', 1, 'two');
    expect(await pipe([1, 2, 3], reduce(add, 0, { onError: 'skip' }))).to.equal(4);
  });
});
