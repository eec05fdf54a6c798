/**
 * Sinks: async functions of a source, `(source, { signal }) => Promise<R>`, that Node's own
 * `pipeline` accepts as its last argument and resolves with. A sink made from a reducer
 * also carries the reducer, so that `pipe()` can run the stages before it in the same loop.
 */
import { stageError } from './chain.js';
import { kName, kReducer } from './symbols.js';
import type { Sink, SinkOptions } from './types.js';

/**
 * Returned by `Reducer.step()` to stop early: the result is known (first, take...).
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
  step(item: T, index: number): void | typeof STOP;
  result(): R | Promise<R>;
}

/**
 * Makes a reducer for one run; `signal` (when given) aborts when the pipe fails or is
 * aborted, so that a reducer holding resources (temporary files) can release them.
 */
export type ReducerFactory<T, R> = (signal?: AbortSignal) => Reducer<T, R>;

/** A sink carrying its reducer and name, as made by {@link reducerSink}. */
export type ReducerSink<T, R> = Sink<T, R> & {
  readonly [kReducer]: ReducerFactory<T, R>;
  readonly [kName]: string;
};

/** Throws the signal's reason as an `AbortError` when it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error && reason.name === 'AbortError') throw reason;
    const err = new Error('The operation was aborted', { cause: reason });
    err.name = 'AbortError';
    Object.defineProperty(err, 'code', { value: 'ABORT_ERR' });
    throw err;
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
    const reducer = make(signal);
    const step = stepper(reducer, info);
    for await (const item of source) {
      throwIfAborted(signal);
      if (!step(item)) break;
    }
    return finish(reducer, info);
  };
  return Object.assign(sink, { [kReducer]: make, [kName]: name });
}

/**
 * Feeds items to a reducer one by one, counting them and wrapping what it throws as a
 * StageError naming the sink and the item. Returns false once the reducer said STOP.
 */
export function stepper<T>(reducer: Reducer<T, unknown>, info: { name: string; position?: number | undefined }): (item: T) => boolean {
  let index = 0;
  let stopped = false;
  return (item) => {
    if (stopped) return false;
    let r: void | typeof STOP;
    try {
      r = reducer.step(item, index);
    } catch (err) {
      throw stageError(info, index, err);
    }
    index++;
    if (r === STOP) stopped = true;
    return !stopped;
  };
}

/** The reducer's result, what it throws wrapped as a StageError naming the sink. */
export async function finish<R>(reducer: Reducer<unknown, R>, info: { name: string; position?: number | undefined }): Promise<R> {
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
