/**
 * Sinks: async functions of a source, `(source, { signal }) => Promise<R>`, that Node's own
 * `pipeline` accepts as its last argument and resolves with. A sink made from a reducer
 * also carries the reducer, so that `pipe()` can run the stages before it in the same loop.
 * A reducer's step may return a promise (an async user function): the loop waits for it
 * before the next item.
 */
import { AbortError } from './errors.js';
import { stageError, type StageWhere } from './stage-error.js';
import { kName, kReducer } from './symbols.js';
import type { Sink, SinkOptions } from './types.js';
import { NEVER } from './user-fn.js';

/**
 * Returned by `Reducer.step()` (or by the promise it returns) to stop early: the result is
 * known (first, take...).
 *
 * @example
 * ```ts
 * const firstNegative = reducerSink('firstNegative', () => {
 *   let found: number | undefined;
 *   return { step: (x: number) => (x < 0 ? ((found = x), STOP) : undefined), result: () => found };
 * });
 * ```
 */
export const STOP: unique symbol = Symbol('streamtoolz.stop');

/**
 * The fusable form of a sink: `step` once per item, then `result`.
 *
 * @example
 * ```ts
 * const total = reducerSink('sum', () => { let s = 0; return { step: (x: number) => { s += x; }, result: () => s }; });
 * ```
 */
export interface Reducer<T, R> {
  /** Takes one item; a promise returned is awaited before the next item. */
  step(item: T, index: number): void | typeof STOP | PromiseLike<unknown>;
  result(): R | Promise<R>;
  /** Items skipped under an `onError` policy of the sink's user function. */
  readonly skipped?: number | undefined;
}

/**
 * Makes a reducer for one run; `signal` aborts when the pipe fails or is aborted, so that a
 * reducer holding resources (temporary files) can release them.
 *
 * @example
 * ```ts
 * const make: ReducerFactory<number, number> = (signal) => ({ step: () => {}, result: () => (signal.aborted ? -1 : 0) });
 * ```
 */
export type ReducerFactory<T, R> = (signal: AbortSignal) => Reducer<T, R>;

/**
 * A sink carrying its reducer and name, as made by {@link reducerSink}.
 *
 * @example
 * ```ts
 * const longest: ReducerSink<string, string> = reducerSink('longest', () => {
 *   let best = '';
 *   return { step: (s: string) => void (s.length > best.length && (best = s)), result: () => best };
 * });
 * ```
 */
export type ReducerSink<T, R> = Sink<T, R> & {
  readonly [kReducer]: ReducerFactory<T, R>;
  readonly [kName]: string;
};

/** Throws the signal's reason as an `AbortError` when it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error && reason.name === 'AbortError') throw reason;
    throw new AbortError(undefined, { cause: reason });
  }
}

/**
 * Makes a sink from a reducer factory. Errors thrown by `step` or `result` become a
 * `StageError` naming the sink and the item.
 *
 * @example
 * ```ts
 * const max = reducerSink('max', () => { let m = -Infinity; return { step: (x: number) => { if (x > m) m = x; }, result: () => m }; });
 * await pipeline(Readable.from([3, 1, 4]), max); // 4
 * ```
 */
export function reducerSink<T, R>(name: string, make: ReducerFactory<T, R>): ReducerSink<T, R> {
  const info = { name };
  const sink = async (source: AsyncIterable<T>, options?: SinkOptions): Promise<R> => {
    const signal = options?.signal;
    const reducer = make(signal ?? NEVER);
    const step = stepper(reducer, info);
    for await (const item of source) {
      throwIfAborted(signal);
      let more = step(item);
      if (more !== true && more !== false) more = await more;
      if (!more) break;
    }
    return finish(reducer, info);
  };
  return Object.assign(sink, { [kReducer]: make, [kName]: name });
}

/**
 * Feeds items to a reducer one by one, counting them and wrapping what it throws as a
 * StageError naming the sink and the item. Returns false once the reducer said STOP, and a
 * promise of the same when its step returned one.
 */
export function stepper<T>(reducer: Reducer<T, unknown>, info: StageWhere): (item: T) => boolean | Promise<boolean> {
  let index = 0;
  let stopped = false;
  const settled = (r: unknown): boolean => {
    if (r === STOP) stopped = true;
    return !stopped;
  };
  return (item) => {
    if (stopped) return false;
    const i = index++;
    let r: void | typeof STOP | PromiseLike<unknown>;
    try {
      r = reducer.step(item, i);
    } catch (err) {
      throw stageError(info, i, err);
    }
    if (r === undefined) return true;
    if (r === STOP) return settled(r);
    return Promise.resolve(r).then(settled, (err: unknown) => {
      throw stageError(info, i, err);
    });
  };
}

/** The reducer's result, what it throws wrapped as a StageError naming the sink. */
export async function finish<R>(reducer: Reducer<unknown, R>, info: StageWhere): Promise<R> {
  try {
    return await reducer.result();
  } catch (err) {
    throw stageError(info, undefined, err);
  }
}

/**
 * Makes a sink from an async function, naming it for errors.
 *
 * @example
 * ```ts
 * const print = asyncSink('print', async (source: AsyncIterable<string>) => { for await (const s of source) console.log(s); });
 * ```
 */
export function asyncSink<T, R>(name: string, run: (source: AsyncIterable<T>, signal?: AbortSignal) => Promise<R>): Sink<T, R> & { readonly [kName]: string } {
  const info = { name };
  const sink = async (source: AsyncIterable<T>, options?: SinkOptions): Promise<R> => {
    try {
      return await run(source, options?.signal);
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw err;
      throw stageError(info, undefined, err);
    }
  };
  return Object.assign(sink, { [kName]: name });
}
