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
import { AbortError, codes } from '../lib/errors.js';
import { stageError } from '../lib/chain.js';
import { reducerSink, STOP, type Reducer } from '../lib/sink.js';
import { kName, kReducer } from '../lib/symbols.js';
import { finished, type Readable } from 'node:stream';
import type { Sink, SinkOptions } from '../lib/types.js';
import { copyOptions, validateFunction, validateInteger, validateSignal } from '../lib/validate.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any sink, whatever its item type
type AnySink = Sink<any, unknown>;
type ItemOf<F> = F extends (source: AsyncIterable<infer T>, ...rest: never[]) => unknown ? T : never;
/** The item type all branches accept: the intersection of their item types. */
export type AllInput<S> = { [K in keyof S]: (x: ItemOf<S[K]>) => void }[keyof S] extends (x: infer I) => void ? I : never;
/** The result object: each branch's name with its sink's result. */
export type AllResult<S extends Record<string, AnySink>> = { [K in keyof S]: Awaited<ReturnType<S[K]>> };

/** Options of {@link all}. */
export interface AllOptions {
  /** Items buffered per async branch before reading waits for it. Default 16. */
  highWaterMark?: number | undefined;
  /** Aborts the fan-out: every branch is torn down and `all` rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

interface Parts {
  keys: string[];
  reducers: { key: string; index: number; make: () => Reducer<unknown, unknown> }[];
  asyncs: { key: string; index: number; sink: AnySink }[];
}

/** Names a branch's error after the branch, unless it already says where it happened. */
const branchError = (key: string, index: number | undefined, err: unknown): Error =>
  err instanceof Error && err.name === 'AbortError' ? err : stageError({ name: `all(${key})` }, index, err);

/** Steps every live reducer branch in the reading loop; reducers that stop are detached. */
class Reducers {
  readonly #live: { key: string; reducer: Reducer<unknown, unknown> }[];
  readonly all: { key: string; index: number; reducer: Reducer<unknown, unknown> }[];

  constructor(parts: Parts['reducers']) {
    this.all = parts.map((p) => ({ key: p.key, index: p.index, reducer: p.make() }));
    this.#live = this.all.slice();
  }

  get live(): number {
    return this.#live.length;
  }

  /** One item into every live branch. */
  step(item: unknown, index: number): void {
    const live = this.#live;
    for (let i = 0; i < live.length; i++) {
      const b = live[i]!;
      let r: void | typeof STOP;
      try {
        r = b.reducer.step(item, index);
      } catch (err) {
        throw branchError(b.key, index, err);
      }
      if (r === STOP) live.splice(i--, 1);
    }
  }

  /** Each branch's result, in order; errors name the branch. */
  async results(into: unknown[]): Promise<void> {
    for (const b of this.all) {
      try {
        into[b.index] = await b.reducer.result();
      } catch (err) {
        throw branchError(b.key, undefined, err);
      }
    }
  }
}

/**
 * An async branch's view of the stream: an async iterator over a fixed ring buffer. The
 * reading loop pushes; the branch's sink pulls; `return()` (the sink stopped reading)
 * detaches the branch so that it no longer holds the others back.
 */
class Branch implements AsyncIterableIterator<unknown> {
  readonly #ring: unknown[];
  #head = 0;
  #length = 0;
  #waiting: { resolve: (r: IteratorResult<unknown>) => void; reject: (e: unknown) => void } | undefined;
  #space: (() => void) | undefined;
  #ended = false;
  #error: unknown;
  #failed = false;
  detached = false;
  readonly #onDetach: () => void;

  constructor(highWaterMark: number, onDetach: () => void) {
    this.#ring = new Array<unknown>(highWaterMark);
    this.#onDetach = onDetach;
  }

  /** True when the branch can take no more items until its sink reads one. */
  get full(): boolean {
    return this.#length === this.#ring.length;
  }

  push(item: unknown): void {
    const w = this.#waiting;
    if (w !== undefined) {
      this.#waiting = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    this.#ring[(this.#head + this.#length++) % this.#ring.length] = item;
  }

  /** Resolves once the sink has taken an item, or the branch is detached or failed. */
  space(): Promise<void> {
    return this.full && !this.detached && !this.#failed ? new Promise((resolve) => (this.#space = resolve)) : Promise.resolve();
  }

  end(): void {
    this.#ended = true;
    this.#settle();
  }

  /** Tears the branch down: a pending or later read rejects with `err`. */
  fail(err: unknown): void {
    this.#failed = true;
    this.#error = err;
    this.#clear();
    this.#settle();
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.#length > 0) {
      const value = this.#ring[this.#head];
      this.#ring[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#ring.length;
      this.#length--;
      this.#wake();
      return Promise.resolve({ value, done: false });
    }
    if (this.#failed) return Promise.reject(this.#error);
    if (this.#ended || this.detached) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<unknown>> {
    this.detach();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The sink is done with the stream (it stopped reading, or resolved). */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    this.#clear();
    this.#settle();
    this.#onDetach();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #clear(): void {
    this.#ring.fill(undefined);
    this.#length = 0;
    this.#wake();
  }

  #wake(): void {
    const s = this.#space;
    this.#space = undefined;
    s?.();
  }

  #settle(): void {
    const w = this.#waiting;
    if (w === undefined) return;
    this.#waiting = undefined;
    if (this.#failed) w.reject(this.#error);
    else w.resolve({ value: undefined, done: true });
  }
}

/** The standard AbortError for a signal's reason. */
function abortError(reason: unknown): Error {
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new AbortError(undefined, { cause: reason });
}

const EMPTY: unique symbol = Symbol('empty');

/**
 * Reads the source for the general path. From a Node Readable it takes what is buffered
 * with `read()`, synchronously, and waits only when the buffer is empty: the stream's own
 * async iterator costs a promise per item. Any other async iterable is read with `next()`.
 * `stop()` ends a pending wait at once (a branch failed, or none is left).
 */
class Reader {
  ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  readonly #stream: Readable | undefined;
  readonly #it: AsyncIterator<unknown> | undefined;
  #item: unknown = EMPTY;
  readonly #cleanup: () => void;

  constructor(source: AsyncIterable<unknown>) {
    const s = source as Readable;
    if (typeof s.read === 'function' && typeof s.on === 'function' && typeof s.readableObjectMode === 'boolean') {
      this.#stream = s;
      const wake = (): void => this.#notify();
      s.on('readable', wake);
      const off = finished(s, { writable: false }, (err) => {
        if (err) this.#error ??= err;
        else this.ended = true;
        wake();
      });
      this.#cleanup = () => (s.off('readable', wake), off());
    } else {
      this.#it = source[Symbol.asyncIterator]();
      this.#cleanup = () => {};
    }
  }

  /** The next item if one is at hand, else `EMPTY` (then check `ended`, or `wait()`). */
  read(): unknown {
    if (this.#error !== undefined) throw this.#error;
    if (this.#stream !== undefined) {
      const x: unknown = this.#stream.read();
      if (x === null && this.#stream.readableEnded) this.ended = true;
      return x === null ? EMPTY : x;
    }
    const x = this.#item;
    this.#item = EMPTY;
    return x;
  }

  /** Resolves when more may be at hand, at the end, on an error (thrown by `read()`), or on `stop()`. */
  wait(): Promise<void> {
    if (this.#error !== undefined || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#it?.next().then(
        (r) => (r.done === true ? (this.ended = true) : (this.#item = r.value), this.#notify()),
        (err: unknown) => ((this.#error ??= err), this.#notify()),
      );
    });
  }

  stop(): void {
    this.#notify();
  }

  /**
   * Stops reading a source that was not read to its end. A pending `next()` may hold up an
   * iterator's `return()`, so a stream is destroyed directly (in a pipeline, the pipeline
   * would close it anyway).
   */
  close(readToEnd: boolean): void {
    this.#cleanup();
    if (readToEnd) return;
    this.#stream?.destroy();
    this.#it?.return?.().catch(() => {});
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }
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
  const reducers = new Reducers(parts.reducers);
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
      if (reducers.live > 0) reducers.step(item, index);
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
  const opts = copyOptions(options);
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
    const make = (sink as { [kReducer]?: () => Reducer<unknown, unknown> })[kReducer];
    if (typeof make === 'function') parts.reducers.push({ key, index, make });
    else parts.asyncs.push({ key, index, sink });
  });
  const name = `all(${keys.join(', ')})`;
  type Out = Sink<AllInput<S>, AllResult<S>> & { readonly [kName]: string };

  // Only reducers: `all` is a reducer too, which `pipe()` fuses into its loop.
  if (parts.asyncs.length === 0 && opts.signal === undefined) {
    return reducerSink<unknown, Record<string, unknown>>(name, () => {
      const reducers = new Reducers(parts.reducers);
      return {
        step(item, index) {
          reducers.step(item, index);
          return reducers.live === 0 ? STOP : undefined;
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
