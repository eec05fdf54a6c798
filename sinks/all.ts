/**
 * `sinks.all({ name: sink, ... })` (alias `fork`): one pass over a stream into several sinks,
 * resolving to an object of their results (highland's `fork`, IxJS `share`).
 *
 * Backpressure is shared: the source is read only as fast as the slowest branch takes items,
 * and each async branch has a fixed ring buffer of `highWaterMark` items. Unlike IxJS
 * `memoize`, whose buffer grows with a lagging reader, memory here is bounded by
 * `highWaterMark × branches` whatever the speeds.
 *
 * Reducer sinks (`kReducer`) are not iterated: their `step` is called in the reading loop,
 * with no promise per item. When every branch is a reducer, `all` is itself a reducer sink,
 * so that `pipe()` fuses it with the stages before it.
 */
import { AbortError, codes } from '../lib/core/errors.js';
import { Branch } from '../lib/core/fanout/branch.js';
import { EMPTY, Reader } from '../lib/core/fanout/reader.js';
import { branchError, Reducers } from '../lib/core/fanout/reducers.js';
import { reducerSink, STOP, type ReducerFactory } from '../lib/core/sink.js';
import { kName, kReducer } from '../lib/core/symbols.js';
import type { Sink, SinkOptions } from '../lib/core/types.js';
import { checkOptionNames, copyOptions, type OptionNames, validateFunction, validateInteger, validateSignal } from '../lib/core/validate.js';

// any sink, whatever its item type
type AnySink = Sink<any, unknown>;
type ItemOf<F> = F extends (source: AsyncIterable<infer T>, ...rest: never[]) => unknown ? T : never;
/**
 * The item type all branches accept: the intersection of their item types.
 *
 * @example
 * ```ts
 * type Item = AllInput<{ n: ReducerSink<unknown, number>; total: ReducerSink<number, number> }>; // number
 * ```
 */
export type AllInput<S> = { [K in keyof S]: (x: ItemOf<S[K]>) => void }[keyof S] extends (x: infer I) => void ? I : never;
/**
 * The result object: each branch's name with its sink's result.
 *
 * @example
 * ```ts
 * const result: AllResult<{ n: ReducerSink<unknown, number> }> = await pipe([1, 2], sinks.all({ n: sinks.count() })); // { n: 2 }
 * ```
 */
export type AllResult<S extends Record<string, AnySink>> = { [K in keyof S]: Awaited<ReturnType<S[K]>> };

/**
 * Options of {@link all}.
 *
 * @example
 * ```ts
 * await pipe(source, sinks.all({ n: sinks.count(), sum: sinks.sum() }, { highWaterMark: 64, signal }));
 * ```
 */
export interface AllOptions {
  /** Items buffered per async branch before reading waits for it. Default 16. */
  highWaterMark?: number | undefined;
  /** Aborts the fan-out: every branch is torn down and `all` rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

interface Parts {
  keys: string[];
  reducers: { key: string; index: number; make: ReducerFactory<unknown, unknown> }[];
  asyncs: { key: string; index: number; sink: AnySink }[];
}

/** The standard AbortError for a signal's reason. */
function abortError(reason: unknown): Error {
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new AbortError(undefined, { cause: reason });
}

/**
 * The general path: reducer branches stepped in the loop, async branches fed through their
 * ring buffers. Resolves with the results in branch order; rejects with the first error after
 * every branch has settled (so that their files are closed).
 */
async function fanOut(source: AsyncIterable<unknown>, parts: Parts, highWaterMark: number, signals: (AbortSignal | undefined)[]): Promise<unknown[]> {
  const results = new Array<unknown>(parts.keys.length);
  const controller = new AbortController();
  const reader = new Reader(source);
  let failed = false;
  let firstError: unknown;
  const fail = (err: unknown): void => {
    if (failed) return;
    failed = true;
    firstError = err;
    controller.abort(err);
    for (const b of branches) b.fail(err);
    reader.stop();
  };
  const reducers = new Reducers(parts.reducers, controller.signal);
  let liveAsync = parts.asyncs.length;
  const branches = parts.asyncs.map(
    () =>
      new Branch(highWaterMark, () => {
        if (--liveAsync === 0 && reducers.live === 0) reader.stop();
      }),
  );
  const runs = parts.asyncs.map((p, i) => {
    const branch = branches[i]!;
    let out: Promise<unknown>;
    try {
      out = Promise.resolve(p.sink(branch, { signal: controller.signal }));
    } catch (err) {
      out = Promise.reject(err);
    }
    // A sink that resolves before the end of the stream no longer holds the others back.
    return out.then(
      (r) => ((results[p.index] = r), branch.detach()),
      (err: unknown) => fail(branchError(p.key, undefined, err)),
    );
  });
  const onAbort = function (this: AbortSignal): void {
    fail(abortError(this.reason));
  };
  for (const s of signals) {
    if (s?.aborted) fail(abortError(s.reason));
    else s?.addEventListener('abort', onAbort, { once: true });
  }

  let index = 0;
  try {
    while (!failed && (liveAsync > 0 || reducers.live > 0)) {
      const item = reader.read();
      if (item === EMPTY) {
        if (reader.ended) break;
        await reader.wait();
        continue;
      }
      if (reducers.live > 0) await reducers.step(item, index);
      for (const b of branches) if (!b.detached) b.push(item);
      index++;
      // Shared backpressure: wait for every full branch before reading on.
      for (const b of branches) if (b.full) await b.space();
    }
  } catch (err) {
    fail(err);
  }
  for (const b of branches) b.end();
  reader.close(reader.ended);
  await Promise.all(runs);
  for (const s of signals) s?.removeEventListener('abort', onAbort);
  if (failed) throw firstError;
  await reducers.results(results);
  return results;
}

const toObject = (keys: string[], values: unknown[]): Record<string, unknown> => Object.fromEntries(keys.map((k, i) => [k, values[i]]));

const ALL_OPTIONS: OptionNames<AllOptions> = { highWaterMark: true, signal: true };

/**
 * Feeds every sink of `sinks` from one pass over the source and resolves to an object of
 * their results, once the slowest is done. A branch that finishes early (`first()`) is
 * detached and the others go on; the source is closed once every branch is done. An error
 * in any branch, or in the source, tears down every branch and rejects with the first error
 * (a `StageError` naming `all(<branch>)`, or the inner stage).
 *
 * @example
 * ```ts
 * const { counts, n, head } = await pipe(
 *   sources.lines('reads.txt'),
 *   sinks.all({ counts: sinks.frequencies(), n: sinks.count(), head: sinks.first() }),
 * ); // counts: Map<string, number>, n: number, head: string
 * ```
 */
export function all<S extends Record<string, AnySink>>(sinks: S, options?: AllOptions): Sink<AllInput<S>, AllResult<S>> & { readonly [kName]: string } {
  const opts = copyOptions(checkOptionNames(options, ALL_OPTIONS, 'sinks.all()'));
  const highWaterMark = opts.highWaterMark ?? 16;
  validateInteger(highWaterMark, 'highWaterMark', 1);
  validateSignal(opts.signal);
  if (sinks === null || sinks === undefined) copyOptions(1 as never, 'sinks');
  const own = copyOptions(sinks, 'sinks') as Record<string, AnySink>;
  const keys = Object.keys(own);
  if (keys.length === 0) {
    const err = new TypeError('The "sinks" argument must have at least one sink. Received an empty object');
    throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
  }
  const parts: Parts = { keys, reducers: [], asyncs: [] };
  keys.forEach((key, index) => {
    const sink = own[key];
    validateFunction(sink, `sinks.${key}`);
    const make = (sink as { [kReducer]?: ReducerFactory<unknown, unknown> })[kReducer];
    if (typeof make === 'function') parts.reducers.push({ key, index, make });
    else parts.asyncs.push({ key, index, sink });
  });
  const name = `all(${keys.join(', ')})`;
  type Out = Sink<AllInput<S>, AllResult<S>> & { readonly [kName]: string };

  // Only reducers: `all` is a reducer too, which `pipe()` fuses into its loop.
  if (parts.asyncs.length === 0 && opts.signal === undefined) {
    return reducerSink<unknown, Record<string, unknown>>(name, (signal) => {
      const reducers = new Reducers(parts.reducers, signal);
      const stopWhenNoneLive = (): typeof STOP | undefined => (reducers.live === 0 ? STOP : undefined);
      return {
        step(item, index) {
          const r = reducers.step(item, index);
          return r === undefined ? stopWhenNoneLive() : r.then(stopWhenNoneLive);
        },
        async result() {
          const values = new Array<unknown>(keys.length);
          await reducers.results(values);
          return toObject(keys, values);
        },
      };
    }) as unknown as Out;
  }
  const sink = async (source: AsyncIterable<unknown>, sinkOptions?: SinkOptions): Promise<Record<string, unknown>> =>
    toObject(keys, await fanOut(source, parts, highWaterMark, [opts.signal, sinkOptions?.signal]));
  return Object.assign(sink, { [kName]: name }) as unknown as Out;
}

/**
 * Alias of {@link all}, after highland's `fork`.
 *
 * @example
 * ```ts
 * const { total, n } = await pipe([1, 2, 3], sinks.fork({ total: sinks.sum(), n: sinks.count() })); // { total: 6, n: 3 }
 * ```
 */
export const fork = all;
