import { expect } from 'chai';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick, setTimeout as delay } from 'node:timers/promises';
import { ConcurrentStage } from '../../lib/core/concurrent-stage.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, sum } from '../../sinks/basic.js';
import { filter } from '../../transforms/filter.js';
import { flatMap } from '../../transforms/flat-map.js';
import { map } from '../../transforms/map.js';
import { tap } from '../../transforms/tap.js';
import { expectStageError, rejection, runStage, stageContract } from '../helpers/support.js';

/** A promise with its resolve function, to hold a call until the test lets it go. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Counts calls in flight and the most seen at once. */
function meter(): { enter: () => void; leave: () => void; now: number; max: number } {
  const m = {
    now: 0,
    max: 0,
    enter: () => {
      m.now++;
      if (m.now > m.max) m.max = m.now;
    },
    leave: () => void m.now--,
  };
  return m;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('concurrent stages ({ concurrency })', () => {
  stageContract(
    () =>
      map(
        async (x: number) => {
          await tick();
          return x * 2;
        },
        { concurrency: 3 },
      ),
    [1, 2, 3, 4, 5],
    [2, 4, 6, 8, 10],
  );

  it('runs 500 calls of 20 ms at most 8 at a time, in input order', async () => {
    const m = meter();
    const slow = async (x: number): Promise<number> => {
      m.enter();
      await delay(20);
      m.leave();
      return x;
    };
    const out = await pipe(range(500), map(slow, { concurrency: 8 }), collect());
    expect(out).to.deep.equal(range(500));
    expect(m.max).to.equal(8);
  });

  it('emits in completion order with ordered: false', async () => {
    const gates = range(4).map(() => deferred());
    const run = pipe(
      range(4),
      map(
        async (x: number) => {
          await gates[x]!.promise;
          return x;
        },
        { concurrency: 4, ordered: false },
      ),
      collect(),
    );
    for (const i of [2, 0, 3, 1]) {
      gates[i]!.resolve();
      await tick();
    }
    expect(await run).to.deep.equal([2, 0, 3, 1]);
  });

  it('lets one slow item in ordered mode hold only its reorder window, not the other slots', async () => {
    const head = deferred();
    const started: number[] = [];
    const m = meter();
    const stage = map(
      async (x: number) => {
        started.push(x);
        m.enter();
        if (x === 0) await head.promise;
        else await tick();
        m.leave();
        return x;
      },
      { concurrency: 4, highWaterMark: 8 },
    );
    const run = pipe(range(100), stage, collect());
    for (let i = 0; i < 50; i++) await tick();
    // Item 0 stalls; the other three slots went on until the window of 4 + 8 filled.
    expect(started).to.deep.equal(range(12));
    expect(m.max).to.equal(4);
    head.resolve();
    expect(await run).to.deep.equal(range(100));
    expect(m.max).to.equal(4);
  });

  it('keeps items in flight plus buffered within concurrency + highWaterMark for a slow consumer', async () => {
    let taken = 0;
    let read = 0;
    let most = 0;
    const stage = map(
      async (x: number) => {
        taken++;
        most = Math.max(most, taken - read);
        await tick();
        return x;
      },
      { concurrency: 3, highWaterMark: 5 },
    );
    const slowConsumer = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(_x, _e, cb) {
        read++;
        setTimeout(cb, 1);
      },
    });
    await pipeline(Readable.from(range(200)), stage, slowConsumer);
    expect(read).to.equal(200);
    expect(most).to.be.at.most(3 + 5);
  });

  it('fails with a StageError naming the stage, the item and the cause of a rejected call', async () => {
    const fetchOne = async (x: number): Promise<number> => {
      await tick();
      if (x === 7) throw new Error('HTTP 500');
      return x;
    };
    const err = await rejection(pipe(range(20), map(fetchOne, { concurrency: 4 }), sum()));
    expectStageError(err, 'map(fetchOne)', 7, 'HTTP 500');
    expect(err.position).to.equal(2);
    expectStageError(await rejection(runStage(map(fetchOne, { concurrency: 4 }), range(20))), 'map(fetchOne)', 7, 'HTTP 500');
  });

  it('aborts the signals of the calls in flight when the pipe is aborted', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const hang = (_x: number, { signal }: { signal: AbortSignal }): Promise<number> => {
      signals.push(signal);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const run = pipe(range(10), map(hang, { concurrency: 3 }), sum(), { signal: controller.signal });
    for (let i = 0; i < 20 && signals.length < 3; i++) await tick();
    expect(signals).to.have.length(3);
    controller.abort();
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(signals.every((s) => s.aborted)).to.equal(true);
  });

  it('aborts the signals of the calls in flight when another call fails', async () => {
    const signals: AbortSignal[] = [];
    const fn = (x: number, { signal }: { signal: AbortSignal }): Promise<number> => {
      if (x === 2) return Promise.reject(new Error('boom'));
      signals.push(signal);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    expectStageError(await rejection(pipe(range(10), map(fn, { concurrency: 3 }), sum())), 'map(fn)', 2, 'boom');
    expect(signals.length).to.be.greaterThan(0);
    expect(signals.every((s) => s.aborted)).to.equal(true);
  });

  it('runs filter, flatMap (sync and async iterables) and tap concurrently', async () => {
    const even = async (x: number): Promise<boolean> => (await tick(), x % 2 === 0);
    expect(await pipe(range(10), filter(even, { concurrency: 3 }), collect())).to.deep.equal([0, 2, 4, 6, 8]);
    const pairs = async (x: number): Promise<number[]> => (await tick(), [x, -x]);
    expect(await pipe(range(4), flatMap(pairs, { concurrency: 2 }), collect())).to.deep.equal([0, -0, 1, -1, 2, -2, 3, -3]);
    async function* countdown(x: number): AsyncGenerator<number> {
      for (let i = x; i > 0; i--) {
        await tick();
        yield i;
      }
    }
    expect(await pipe([3, 1, 2], flatMap(countdown, { concurrency: 3 }), collect())).to.deep.equal([3, 2, 1, 1, 2, 1]);
    const seen: number[] = [];
    const log = async (x: number): Promise<void> => void (await tick(), seen.push(x));
    expect(await pipe(range(5), tap(log, { concurrency: 2 }), collect())).to.deep.equal(range(5));
    expect(seen.sort()).to.deep.equal(range(5));
  });

  it('is a stream boundary of its own in pipe(), named for errors and stats', () => {
    expect(map((x: number) => x, { concurrency: 2 })).to.be.instanceOf(ConcurrentStage);
    expect(map((x: number) => x)).to.not.be.instanceOf(ConcurrentStage);
  });

  it('skips and counts failed items under onError, in order', async () => {
    const fn = async (x: number): Promise<number> => {
      await tick();
      if (x % 3 === 0) throw new Error('bad');
      return x;
    };
    const stage = map(fn, { concurrency: 4, onError: 'skip' });
    expect(await pipe(range(10), stage, collect())).to.deep.equal([1, 2, 4, 5, 7, 8]);
  });
});
