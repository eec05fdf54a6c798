import { expect } from 'chai';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { StageError } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { expectStageError, rejection } from '../helpers/support.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const foreign = (): Transform => new Transform({ objectMode: true, transform: (c, _e, cb) => cb(null, c) });
const boom = (x: number): number => {
  if (x === 3) throw new Error('boom');
  return x;
};

describe('pipe() blames the right stage', () => {
  it('gives the StageError of our stage after a third-party Transform, not its teardown AbortError', async () => {
    expectStageError(await rejection(pipe(range(10_000), foreign(), map(boom), sum())), 'map(boom)', 3, 'boom');
    // The same with a sink function of the user's that iterates (its loop tears the foreign stage down).
    async function drain(source: AsyncIterable<number>): Promise<void> {
      for await (const _ of source);
    }
    const err = await rejection(pipe(range(10_000), foreign(), map(boom), foreign(), drain));
    expectStageError(err, 'map(boom)', 3, 'boom');
    expect(err.position).to.equal(3);
  });

  it('keeps an abort the user asked for an AbortError', async () => {
    const controller = new AbortController();
    const err = await rejection(
      pipe(
        range(10_000),
        foreign(),
        map((x: number) => (x === 5 && controller.abort(), x)),
        sum(),
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
  });

  it('keeps the standard code of a premature close of the destination, and names the destination', async () => {
    const dest = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(_c, _e, cb) {
        setImmediate(cb);
      },
    });
    let n = 0;
    const run = pipe(
      Readable.from(range(1000)),
      map((x: number) => (++n === 20 && dest.destroy(), x)),
      dest,
    );
    const err = await rejection(run);
    expect(err).to.be.instanceOf(StageError);
    expect((err as StageError).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
    expect((err as StageError).message).to.equal('Writable (stage 3) failed: Premature close');
    expect(((err as StageError).cause as { code: string }).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
  });

  it('names a sink function that fails after a foreign stage, not the stage torn down', async () => {
    async function store(source: AsyncIterable<number>): Promise<void> {
      for await (const x of source) if (x > 2) throw new Error('disk full');
    }
    const err = await rejection(pipe(range(10_000), new PassThrough({ objectMode: true }), store));
    expect((err as Error).message).to.equal('store (stage 3) failed: disk full');
  });

  it('names a source that fails after some items', async () => {
    async function* flaky(): AsyncGenerator<number> {
      yield 1;
      await tick();
      throw new Error('connection lost');
    }
    const err = await rejection(
      pipe(
        flaky(),
        foreign(),
        map((x: number) => x),
        collect(),
      ),
    );
    expectStageError(err, 'from(AsyncGenerator)', 1, 'connection lost');
    expect(err.position).to.equal(1);
  });
});
