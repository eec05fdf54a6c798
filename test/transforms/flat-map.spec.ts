import { expect } from 'chai';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { concat, flatMap } from '../../transforms/flat-map.js';
import { pipe } from '../../lib/core/pipe.js';
import { take } from '../../transforms/take.js';
import { collect, first } from '../../sinks/basic.js';
import { asyncContract, expectStageError, readSlowly, rejection, runStage, stageContract, thrown } from '../helpers/support.js';

describe('flatMap', () => {
  stageContract(() => flatMap((s: string) => s), ['ab', '', 'c'], ['a', 'b', 'c']);
  asyncContract(
    (fn) => flatMap(fn as (x: string) => Iterable<string>),
    ['ab', '', 'c'],
    ['a', 'b', 'c'],
    (s: string) => s,
  );

  it('drives a generator lazily: it never runs ahead of the consumer', async () => {
    let produced = 0;
    function* many(n: number): Generator<number> {
      for (let i = 0; i < n; i++) {
        produced++;
        yield i;
      }
    }
    const stage = flatMap(many);
    let consumed = 0;
    let maxAhead = 0;
    await pipeline(
      Readable.from([100_000]),
      stage,
      new Writable({
        objectMode: true,
        highWaterMark: 4,
        write(_chunk, _enc, cb) {
          consumed++;
          maxAhead = Math.max(maxAhead, produced - consumed);
          setImmediate(cb);
        },
      }),
    );
    expect(consumed).to.equal(100_000);
    // Readable buffer (16) + writable buffer (4) + the item in hand.
    expect(maxAhead).to.be.at.most(16 + 4 + 2);
  });

  it('keeps the heap bounded when a 4 MB string expands into 4 M items for a slow consumer', async function () {
    this.timeout(60_000);
    const text = 'ACGT'.repeat(1 << 20);
    const stage = flatMap((s: string) => s);
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const n = await readSlowly(Readable.from([text]).pipe(stage), 50_000, () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    });
    expect(n).to.equal(4 << 20);
    // Unbounded, 4 M buffered one-char chunks take several hundred MB.
    expect(peak).to.be.below(48 * 1024 * 1024);
  });

  it("runs a generator's finally when the pipe stops before it is done, fused, as a stage and concurrent", async () => {
    let closed = 0;
    function* endless(x: number): Generator<number> {
      try {
        for (;;) yield x;
      } finally {
        closed++;
      }
    }
    async function* endlessAsync(x: number): AsyncGenerator<number> {
      try {
        for (;;) yield x;
      } finally {
        closed++;
      }
    }
    expect(await pipe([1, 2], flatMap(endless), first())).to.equal(1);
    expect(await pipe([1, 2], flatMap(endless), take<number>(3), collect())).to.deep.equal([1, 1, 1]);
    expect(await pipe([1, 2], flatMap(endlessAsync), take<number>(2), new PassThrough({ objectMode: true }), collect())).to.deep.equal([1, 1]);
    expect(await pipe([1, 2], flatMap(endlessAsync, { concurrency: 2 }), take<number>(2), collect())).to.deep.equal([1, 1]);
    await new Promise((r) => setImmediate(r));
    expect(closed).to.equal(4);
  });

  it('names the function and the input item when the expansion fails mid-way', async () => {
    function* explode(n: number): Generator<number> {
      yield n;
      throw new Error(`no more after ${n}`);
    }
    expectStageError(await rejection(runStage(flatMap(explode), [5])), 'flatMap(explode)', 0, 'no more after 5');
  });

  it('says so when the function does not return an iterable', async () => {
    const notIterable = (x: number): Iterable<number> => x as never;
    const err = await rejection(runStage(flatMap(notIterable), [1]));
    expectStageError(err, 'flatMap(notIterable)', 0, 'expected an iterable, got number');
  });

  it('throws at once for a non-function', () => {
    expect(thrown(() => flatMap('x' as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});

describe('concat', () => {
  stageContract(() => concat<number>(), [[1, 2], [], [3]], [1, 2, 3]);
});
