/**
 * Shared test helpers: run a stage on its own (as a real Transform, with input split over
 * many writes), and the contract every stage is held to.
 */
import { expect } from 'chai';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { StageError } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';

/** Writes `items` one write at a time into `stage` (a Transform) and collects its output. */
export async function runStage<I, O>(stage: Transform, items: readonly I[]): Promise<O[]> {
  const out: O[] = [];
  await pipeline(Readable.from(items as I[], { objectMode: true }), stage, async (source: AsyncIterable<O>) => {
    for await (const x of source) out.push(x);
  });
  return out;
}

/** Reads a Readable slowly: a pause every `every` items. Returns the items. */
export async function readSlowly<T>(source: AsyncIterable<T>, every: number, onPause?: () => void): Promise<number> {
  let n = 0;
  for await (const _ of source) {
    if (++n % every === 0) {
      onPause?.();
      await tick();
    }
  }
  return n;
}

/** Asserts that `err` is a StageError naming `stage` and `index`, with `cause`. */
export function expectStageError(err: unknown, stage: string, index: number | undefined, causeMessage?: string): asserts err is StageError {
  expect(err).to.be.instanceOf(StageError);
  const e = err as StageError;
  expect(e.code).to.equal('ERR_STREAMTOOLZ_STAGE');
  expect(e.stage).to.equal(stage);
  expect(e.index).to.equal(index);
  expect(e.message).to.include(stage);
  if (index !== undefined) expect(e.message).to.include(`at item ${index}`);
  if (causeMessage !== undefined) expect((e.cause as Error).message).to.equal(causeMessage);
  expect(e.message).to.not.include('\n');
}

/**
 * Asserts that a pipe stopped reading `stream`: destroyed (by Node's pipeline, or a source of
 * ours), or, for a caller's stream under pipe(), paused and let go, not destroyed.
 */
export function expectStopped(stream: Readable): void {
  if (stream.destroyed) return;
  expect(stream.isPaused(), 'paused').to.equal(true);
  expect(stream.listenerCount('readable') + stream.listenerCount('data'), 'nobody reading it').to.equal(0);
}

/** Expects a promise to reject; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Expects `fn` to throw synchronously; returns the error. */
export function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

/**
 * The contract every stage factory is held to: input split over many writes gives the
 * same output as through pipe(); empty input gives `empty`; a pipe aborted mid-way rejects
 * with AbortError and destroys the stage.
 */
export function stageContract<I, O>(make: () => Transform, input: readonly I[], expected: readonly O[], empty: readonly O[] = []): void {
  it('gives the same output with the input split over many writes', async () => {
    expect(await runStage(make(), input)).to.deep.equal(expected);
  });
  it('gives nothing wrong for an empty input', async () => {
    expect(await runStage(make(), [])).to.deep.equal(empty);
  });
  it('is torn down by an abort', async () => {
    const controller = new AbortController();
    const stage = make();
    let n = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(input[n++ % Math.max(input.length, 1)] ?? 0);
        if (n === 50) controller.abort();
      },
    });
    const err = await rejection(
      pipeline(
        endless,
        stage,
        async (src) => {
          for await (const _ of src);
        },
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
    expect(stage.destroyed).to.equal(true);
    expect(endless.destroyed).to.equal(true);
  });
}

/**
 * What every stage taking a user function must do with an async one: the stage contract
 * (split writes, empty input, abort) with `make()`'s async stage; the same output fused in
 * pipe(); a rejection named with stage, index and cause; and an abort that reaches the
 * signal of the call in flight.
 */
export function asyncContract<I>(
  make: (fn: (x: I, context: { index: number; signal: AbortSignal }) => unknown) => Transform,
  input: readonly I[],
  expected: readonly unknown[],
  fn: (x: I) => unknown,
): void {
  const later = async (x: I): Promise<unknown> => (await tick(), fn(x));
  describe('with an async function', () => {
    stageContract(() => make(later), input, expected);

    it('awaits it fused in pipe(), and never emits a promise', async () => {
      expect(await pipe(input as I[], make(later), collect())).to.deep.equal(expected);
      // A thenable from a sync function is awaited too.
      // biome-ignore lint/suspicious/noThenProperty: a bare thenable is what this checks
      const thenable = (x: I) => ({ then: (resolve: (v: unknown) => void) => resolve(fn(x)) });
      expect(await pipe(input as I[], make(thenable), collect())).to.deep.equal(expected);
    });

    it('names the stage, the item and the cause of a rejection', async () => {
      async function rejects(x: I, { index }: { index: number }): Promise<unknown> {
        await tick();
        if (index === 1) throw new Error('rejected');
        return fn(x);
      }
      const err = await rejection(pipe(input as I[], make(rejects), collect()));
      expect(err).to.be.instanceOf(StageError);
      const e = err as StageError;
      expect([e.code, e.index, e.position, (e.cause as Error).message]).to.deep.equal(['ERR_STREAMTOOLZ_STAGE', 1, 2, 'rejected']);
      expect(e.stage).to.match(/\(rejects\)$/);
      const alone = (await rejection(runStage(make(rejects), input))) as StageError;
      expect([alone.code, alone.index]).to.deep.equal(['ERR_STREAMTOOLZ_STAGE', 1]);
    });

    it('aborts the signal of the call in flight when the pipe is aborted', async () => {
      const controller = new AbortController();
      let seen: AbortSignal | undefined;
      const hang = (_x: I, { signal }: { signal: AbortSignal }): Promise<unknown> => {
        seen = signal;
        controller.abort();
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      };
      const err = (await rejection(pipe(input as I[], make(hang), collect(), { signal: controller.signal }))) as Error;
      expect(err.name).to.equal('AbortError');
      expect(seen?.aborted).to.equal(true);
    });
  });
}
