import { expect } from 'chai';
import { setImmediate as tick } from 'node:timers/promises';
import { pipe } from '../../lib/core/pipe.js';
import { collect, first, sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { expectStageError, rejection } from '../helpers/support.js';

/** A ReadableStream of the numbers 0..n-1, counting what it was asked for. */
function numbers(n: number): ReadableStream<number> & { pulled: () => number; cancelled: () => boolean } {
  let i = 0;
  let cancelled = false;
  const stream = new ReadableStream<number>(
    {
      pull(controller) {
        if (i === n) controller.close();
        else controller.enqueue(i++);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 4 },
  );
  return Object.assign(stream, { pulled: () => i, cancelled: () => cancelled });
}

describe('pipe() and Web streams', () => {
  it('reads a ReadableStream of items as its source, fused and not', async () => {
    expect(
      await pipe(
        numbers(1000),
        map((x: number) => x * 2),
        sum(),
      ),
    ).to.equal(999 * 1000);
    expect(await pipe(numbers(5), collect())).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it("lets the caller's ReadableStream go, uncancelled, on an error or an early end", async () => {
    const source = numbers(1000);
    const boom = (x: number): number => {
      if (x === 7) throw new Error('seven');
      return x;
    };
    expectStageError(await rejection(pipe(source, map(boom), sum())), 'map(boom)', 7, 'seven');
    expect(source.locked).to.equal(false);
    expect(source.cancelled()).to.equal(false);
    // Still readable by its owner.
    const reader = source.getReader();
    expect((await reader.read()).done).to.equal(false);
    reader.releaseLock();
    const other = numbers(1000);
    expect(await pipe(other, first())).to.equal(0);
    await tick();
    expect(other.locked).to.equal(false);
    expect(other.pulled()).to.be.below(10);
  });

  it('writes into a WritableStream destination with backpressure, and closes it', async () => {
    const got: number[] = [];
    let closed = false;
    let most = 0;
    let inFlight = 0;
    const dest = new WritableStream<number>(
      {
        async write(x) {
          inFlight++;
          most = Math.max(most, inFlight);
          await tick();
          got.push(x);
          inFlight--;
        },
        close() {
          closed = true;
        },
      },
      { highWaterMark: 2 },
    );
    expect(
      await pipe(
        [1, 2, 3, 4, 5],
        map((x: number) => x * 10),
        dest,
      ),
    ).to.equal(undefined);
    expect(got).to.deep.equal([10, 20, 30, 40, 50]);
    expect(closed).to.equal(true);
    expect(most).to.equal(1);
  });

  it('stops upstream once a take() before a WritableStream is satisfied', async () => {
    const got: number[] = [];
    await pipe(numbers(1_000_000), take(3), new WritableStream<number>({ write: (x) => void got.push(x) }));
    expect(got).to.deep.equal([0, 1, 2]);
  });

  it('aborts the WritableStream and names it when it fails', async () => {
    let aborted: unknown;
    const dest = new WritableStream<number>({
      write(x) {
        if (x === 3) throw new Error('full');
      },
      abort(reason) {
        aborted = reason;
      },
    });
    const err = await rejection(pipe([1, 2, 3, 4], dest));
    expect((err as Error).message).to.equal('WritableStream (stage 2) failed: full');
    expect(aborted).to.equal(undefined, 'a stream that errored itself is not aborted again');
    let reason: unknown;
    const other = new WritableStream<number>({ abort: (r) => void (reason = r) });
    const boom = (x: number): number => {
      if (x === 2) throw new Error('two');
      return x;
    };
    expectStageError(await rejection(pipe([1, 2, 3], map(boom), other)), 'map(boom)', 1, 'two');
    expect(reason).to.be.instanceOf(Error);
  });
});
