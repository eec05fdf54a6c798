import { StageError, codes } from '../lib/core/errors.js';
import { fnName } from '../lib/core/op.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { type ItemContext, UserFn, userFnOptions } from '../lib/core/user-fn.js';
import { validateFunction } from '../lib/core/validate.js';
import type { SinkFnOptions } from './key-option.js';

const NONE: unique symbol = Symbol('none');

/** Options of {@link reduce}. */
export type ReduceOptions<T> = SinkFnOptions<T>;

/**
 * Folds the items with `fn(accumulator, item, { index, signal })` (toolz/functools `reduce`);
 * `fn` may be async, and each call waits for the one before. Without an `initial` value the
 * first item starts the fold, and an empty input is an error. Options (after `initial`):
 * `onError: 'skip'` leaves the accumulator as it was for an item `fn` fails on.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3], sinks.reduce((acc: number, x: number) => acc * x, 1)); // 6
 * ```
 */
export function reduce<T>(fn: (acc: T, item: T, context: ItemContext) => T | PromiseLike<T>): ReducerSink<T, T>;
export function reduce<T, A>(fn: (acc: A, item: T, context: ItemContext) => A | PromiseLike<A>, initial: A, options?: ReduceOptions<T>): ReducerSink<T, A>;
export function reduce<T, A>(fn: (acc: A, item: T, context: ItemContext) => A | PromiseLike<A>, ...rest: [A?, ReduceOptions<T>?]): ReducerSink<T, A> {
  validateFunction(fn, 'fn');
  const hasInitial = rest.length > 0;
  const initial = rest[0];
  const opts = userFnOptions(rest[1], 'sinks.reduce()');
  const name = `reduce(${fnName(fn)})`;
  return reducerSink<T, A>(name, (signal) => {
    let acc: A | typeof NONE = hasInitial ? (initial as A) : NONE;
    const call = new UserFn<T, A>((item, context) => fn(acc as A, item, context), opts, { name });
    const set = (value: A): void => {
      acc = value;
    };
    return {
      get skipped() {
        return call.skipped;
      },
      step(item, index) {
        if (acc === NONE) acc = item as unknown as A;
        else return call.apply(item, index, signal, set);
      },
      result() {
        // A StageError, so that reducerSink passes it on with its NO_RESULT code unwrapped.
        if (acc === NONE) throw new StageError({ stage: name }, new Error('the input is empty and no initial value was given'), codes.NO_RESULT);
        return acc;
      },
    };
  });
}
