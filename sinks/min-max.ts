/**
 * `sinks.min(key)` and `sinks.max(key)`: the item with the smallest or largest key (the item
 * itself by default, compared with `<`), the first of equal ones. An empty input is an error
 * (NO_RESULT), as Python's `min([])` is.
 */
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { extremeAggregator } from '../lib/job/scalar-aggregators.js';
import { mergeable } from '../lib/job/mergeable.js';
import { keyFunction, type KeyOption } from './key-option.js';

function extreme<T>(which: 'min' | 'max', key: KeyOption<T, unknown> | undefined): ReducerSink<T, T> {
  const fn = key === undefined ? undefined : keyFunction(key, 'key').fn;
  const make = () => extremeAggregator(which, fn);
  return mergeable(
    reducerSink<T, T>(which, () => {
      const agg = make();
      let state = agg.empty();
      return {
        step(item) {
          state = agg.add(state, item);
        },
        result: () => agg.result(state) as T,
      };
    }),
    make,
  );
}

/**
 * The smallest item, by `key` (a function or a property name) when given.
 *
 * @example
 * ```ts
 * await pipe([3, 1, 2], sinks.min()); // 1
 * await pipe(records, sinks.min('latency')); // the fastest record
 * ```
 */
export function min<T>(key?: KeyOption<T, unknown>): ReducerSink<T, T> {
  return extreme('min', key);
}

/**
 * The largest item, by `key` (a function or a property name) when given.
 *
 * @example
 * ```ts
 * await pipe([3, 1, 2], sinks.max()); // 3
 * ```
 */
export function max<T>(key?: KeyOption<T, unknown>): ReducerSink<T, T> {
  return extreme('max', key);
}
