import { StageError, codes } from '../lib/core/errors.js';
import { fnName } from '../lib/core/op.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { validateFunction } from '../lib/core/validate.js';

const NONE: unique symbol = Symbol('none');

/**
 * Folds the items with `fn(accumulator, item, index)` (toolz/functools `reduce`). Without
 * an `initial` value the first item starts the fold, and an empty input is an error.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3], sinks.reduce((acc: number, x: number) => acc * x, 1)); // 6
 * ```
 */
export function reduce<T>(fn: (acc: T, item: T, index: number) => T): ReducerSink<T, T>;
export function reduce<T, A>(fn: (acc: A, item: T, index: number) => A, initial: A): ReducerSink<T, A>;
export function reduce<T, A>(fn: (acc: A, item: T, index: number) => A, ...rest: [A?]): ReducerSink<T, A> {
  validateFunction(fn, 'fn');
  const hasInitial = rest.length > 0;
  const initial = rest[0];
  const name = `reduce(${fnName(fn)})`;
  return reducerSink<T, A>(name, () => {
    let acc: A | typeof NONE = hasInitial ? (initial as A) : NONE;
    return {
      step(item, index) {
        acc = acc === NONE ? (item as unknown as A) : fn(acc, item, index);
      },
      result() {
        // A StageError, so that reducerSink passes it on with its NO_RESULT code unwrapped.
        if (acc === NONE) throw new StageError({ stage: name }, new Error('the input is empty and no initial value was given'), codes.NO_RESULT);
        return acc;
      },
    };
  });
}
