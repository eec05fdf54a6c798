/**
 * A reducer sink with the ops before it run in the same loop: the last part of a fused pipe.
 * It reads the stream before it with `read()` (see `fanout/reader.ts`), a batch or an item at a
 * time, and never destroys it: on an error `pipeline` hears of the error first and tears the
 * pipe down with it, so a stage before cannot report the teardown as the cause.
 */
import { Chain } from './chain.js';
import { Runner } from './compiled-chain.js';
import { AbortError } from './errors.js';
import { EMPTY, Reader } from './fanout/reader.js';
import { compilable, type LoopResult, STOPPED, SUSPENDED } from './fuse.js';
import type { Op } from './op.js';
import { finish, stepper, type Reducer, type ReducerFactory } from './sink.js';
import type { StageWhere } from './stage-error.js';
import type { SinkOptions } from './types.js';
import { NEVER } from './user-fn.js';

/** Resolves with `promise`, or rejects with an AbortError as soon as `signal` aborts. */
function abortable(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal === NEVER) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError(undefined, { cause: signal.reason }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * The sink function `pipe()` hands to `pipeline` for a reducer sink and the ops before it.
 *
 * @example
 * ```ts
 * const fused = new FusedSink(ops, sum()[kReducer], { name: 'sum', position: 4 }, true);
 * await pipeline(source, fused.run);
 * ```
 */
export class FusedSink {
  /** Set by `pipe()` when the source sends arrays of items. */
  batched = false;
  readonly #ops: Op<unknown, unknown>[];
  readonly #make: ReducerFactory<unknown, unknown>;
  readonly #info: StageWhere;
  readonly #compile: boolean;

  constructor(ops: Op<unknown, unknown>[], make: ReducerFactory<unknown, unknown>, info: StageWhere, compile: boolean) {
    this.#ops = ops;
    this.#make = make;
    this.#info = info;
    this.#compile = compile;
  }

  readonly run = async (source: AsyncIterable<unknown>, options?: SinkOptions): Promise<unknown> => {
    const signal = options?.signal ?? NEVER;
    for (const op of this.#ops) op.signal = signal;
    const reducer = this.#make(signal);
    const reader = new Reader(source);
    try {
      if (this.#compile && compilable(this.#ops)) await this.#compiled(reader, reducer, signal);
      else await this.#chained(reader, reducer, signal);
    } finally {
      reader.close(true);
    }
    return finish(reducer, this.#info);
  };

  /** One compiled loop per batch (see `lib/core/fuse.ts`); items not in batches come as batches of one. */
  async #compiled(reader: Reader, reducer: Reducer<unknown, unknown>, signal: AbortSignal): Promise<void> {
    const runner = new Runner(this.#ops, reducer, this.#info);
    const one: unknown[] = [undefined];
    for (;;) {
      const chunk = reader.read();
      if (chunk === EMPTY) {
        if (reader.ended) return;
        await reader.wait();
        continue;
      }
      let r: LoopResult;
      if (this.batched) r = runner.run(chunk as unknown[], 0);
      else {
        one[0] = chunk;
        r = runner.run(one, 0);
      }
      while (r === SUSPENDED) {
        await abortable(runner.pending!, signal);
        r = runner.resume();
      }
      if (r === STOPPED) return;
    }
  }

  /** The general loop (expanding ops, stats, no code generation). */
  async #chained(reader: Reader, reducer: Reducer<unknown, unknown>, signal: AbortSignal): Promise<void> {
    const step = stepper(reducer, this.#info);
    let stopped = false;
    const chain = new Chain(this.#ops, (item) => {
      const more = step(item);
      if (more === true) return true;
      if (more === false) return (stopped = true) && false;
      return more.then((m) => (stopped = !m) === false);
    });
    // Only a promise pauses this chain: its output never says "full".
    const settle = async (more: boolean, flushing: boolean): Promise<void> => {
      while (!more && chain.pending !== undefined) {
        await abortable(chain.pending, signal);
        more = flushing ? chain.flush() : chain.resume();
      }
    };
    const feed = (item: unknown): boolean | Promise<void> => (chain.feed(item) ? true : settle(false, false));
    try {
      outer: for (;;) {
        const chunk = reader.read();
        if (chunk === EMPTY) {
          if (reader.ended) break;
          await reader.wait();
          continue;
        }
        if (this.batched) {
          const batch = chunk as unknown[];
          for (let i = 0; i < batch.length; i++) {
            const fed = feed(batch[i]);
            if (fed !== true) await fed;
            if (stopped || chain.done) break outer;
          }
        } else {
          const fed = feed(chunk);
          if (fed !== true) await fed;
          if (stopped || chain.done) break;
        }
      }
      if (!stopped) await settle(chain.flush(), true);
    } finally {
      // A generator still being driven (an early stop, an error) runs its finally now.
      chain.close();
    }
  }
}
