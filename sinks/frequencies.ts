import { fnName } from '../lib/core/op.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { validateFunction } from '../lib/core/validate.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countsAggregator } from '../lib/job/keyed-aggregators.js';

/**
 * How many times each item (or each `key(item)`) occurs (toolz `frequencies`), as a Map in
 * order of first occurrence. Memory grows with the number of distinct keys; a V8 Map holds
 * at most 2^24 of them (for k-mers use `sinks.countKmers`, which has no such limit).
 *
 * @example
 * ```ts
 * await pipe([...'ACGTAA'], sinks.frequencies()); // Map { 'A' => 3, 'C' => 1, 'G' => 1, 'T' => 1 }
 * ```
 */
export function frequencies<T>(): ReducerSink<T, Map<T, number>>;
export function frequencies<T, K>(key: (item: T) => K): ReducerSink<T, Map<K, number>>;
export function frequencies<T, K>(key?: (item: T) => K): ReducerSink<T, Map<unknown, number>> {
  if (key !== undefined) validateFunction(key, 'key');
  const sink = reducerSink<T, Map<unknown, number>>(key === undefined ? 'frequencies' : `frequencies(${fnName(key)})`, () => {
    const counts = new Map<unknown, number>();
    return {
      step(item) {
        const k = key === undefined ? item : key(item);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      },
      result: () => counts,
    };
  });
  return mergeable(sink, () => countsAggregator('frequencies', key, key === undefined ? 'frequencies' : fnName(key)));
}
