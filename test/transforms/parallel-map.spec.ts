import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { parallelMap, type ParallelMap } from '../../transforms/parallel-map.js';
import { expectStageError } from '../helpers/support.js';

const worker = new URL('../fixtures/parallel/square-worker.js', import.meta.url); // the .ts under tsx
const STAGE = 'parallelMap(square-worker.ts)';

interface Squared {
  index: number;
  square: number;
  threadId: number;
}

async function drain(stage: ParallelMap<unknown, unknown>, items: unknown[]): Promise<unknown[]> {
  const out: unknown[] = [];
  await pipeline(Readable.from(items), stage, async (src: AsyncIterable<unknown>) => {
    for await (const x of src) out.push(x);
  });
  return out;
}

describe('parallelMap', () => {
  it('keeps the input order while threads finish out of order', async () => {
    const stage = parallelMap<number, Squared>(worker, { threads: 3 }) as ParallelMap<number, Squared>;
    const items = Array.from({ length: 60 }, (_, i) => i);
    const out = (await drain(stage, items)) as Squared[];
    expect(out.map((r) => r.square)).to.deep.equal(items.map((x) => x * x));
    expect(out.map((r) => r.index)).to.deep.equal(items);
    expect(new Set(out.map((r) => r.threadId)).size).to.be.within(2, 3); // really several threads
    expect(stage.liveThreads).to.equal(0);
  });

  it('runs inside pipe() and passes workerData to init()', async () => {
    const out = await pipe([1, 2, 3], parallelMap<number, Squared>(worker, { threads: 2, workerData: { offset: 100 } }), collect());
    expect(out.map((r) => r.square)).to.deep.equal([101, 104, 109]);
  });

  it('keeps backpressure: a stalled consumer stops the source', async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; ; i++) {
          pulled++;
          yield i;
        }
      })(),
      { highWaterMark: 2 },
    );
    const stage = parallelMap<number, Squared>(worker, { threads: 2, maxInFlight: 4 }) as ParallelMap<number, Squared>;
    source.pipe(stage); // nobody reads the stage
    await sleep(400);
    // In flight (4), the stage's buffers (2 + 2 results) and the source's (2), and a few in hand.
    expect(pulled).to.be.within(4, 16);
    const before = pulled;
    await sleep(100);
    expect(pulled).to.equal(before);
    source.destroy();
    stage.destroy();
    await new Promise((r) => stage.once('close', r));
    expect(stage.liveThreads).to.equal(0);
  });

  it('moves typed arrays to the thread and back instead of copying them', async () => {
    const data = Float64Array.from([1, 2, 3.5]);
    const out = (await drain(parallelMap(worker, { threads: 1, exportName: 'sum' }) as ParallelMap<unknown, unknown>, [{ data }])) as {
      total: number;
      data: Float64Array;
    }[];
    expect(out[0]!.total).to.equal(6.5);
    expect([...out[0]!.data]).to.deep.equal([1, 2, 3.5]);
    expect(data.byteLength).to.equal(0); // detached: it was transferred
    const kept = Float64Array.from([4]);
    await drain(parallelMap(worker, { threads: 1, exportName: 'sum', transfer: false }) as ParallelMap<unknown, unknown>, [{ data: kept }]);
    expect(kept.byteLength).to.equal(8);
  });

  it('turns a throw in the worker into a StageError naming the stage and item, and stops the threads', async () => {
    const stage = parallelMap(worker, { threads: 2 }) as ParallelMap<unknown, unknown>;
    const err = await drain(stage, [1, 2, { fail: 'bad value' }, 4, 5]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expectStageError(err, STAGE, 2, 'bad value');
    expect((err as Error).message).to.equal(`${STAGE} failed at item 2: bad value`);
    expect(((err as Error).cause as Error).name).to.equal('RangeError');
    expect(stage.liveThreads).to.equal(0);
  });

  it('fails with a StageError when a thread exits, and in pipe() names the position', async () => {
    const err = await pipe([1, { exit: 3 }, 2], parallelMap(worker, { threads: 1 }), collect()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expectStageError(err, STAGE, 1, 'worker thread exited with code 3');
    expect((err as Error).message).to.match(/\(stage 2\) failed at item 1/);
  });

  it('terminates hung threads on abort', async () => {
    const ac = new AbortController();
    const stage = parallelMap(worker, { threads: 2, signal: ac.signal }) as ParallelMap<unknown, unknown>;
    const done = drain(stage, [{ hang: true }, { hang: true }]).then(
      () => undefined,
      (e: unknown) => e,
    );
    await sleep(300);
    expect(stage.liveThreads).to.equal(2);
    ac.abort();
    const err = await done;
    expect((err as Error).name).to.equal('AbortError');
    await new Promise((r) => setImmediate(r));
    expect(stage.liveThreads).to.equal(0);
  });

  it('starts no thread for empty input', async () => {
    const stage = parallelMap(worker, { threads: 4 }) as ParallelMap<unknown, unknown>;
    expect(await drain(stage, [])).to.deep.equal([]);
    expect(stage.liveThreads).to.equal(0);
  });

  it('checks its arguments at once and does not modify the options', () => {
    expect(() => parallelMap(worker, { threads: 0 })).to.throw(RangeError, /"threads" option must be an integer from 1 to 1024. Received 0/);
    expect(() => parallelMap(42 as never)).to.throw(TypeError, /"workerFile"/);
    expect(() => parallelMap(new URL('../fixtures/parallel/nope.js', import.meta.url))).to.throw(/nope.js: no such worker file/);
    const options = Object.freeze({ threads: 1 });
    (parallelMap(worker, options) as ParallelMap<unknown, unknown>).destroy();
    expect(options).to.deep.equal({ threads: 1 });
  });

  it('reports a worker file without the named export', async () => {
    const err = await drain(parallelMap(worker, { threads: 1, exportName: 'missing' }) as ParallelMap<unknown, unknown>, [1]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expectStageError(err, STAGE, 0);
    expect((err as Error).message).to.match(/does not export a function named 'missing'/);
  });
});
