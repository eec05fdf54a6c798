import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { keyFunction, type KeyOption } from './key-option.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countsAggregator } from '../lib/job/keyed-aggregators.js';

/**
 * How many items have each key (toolz `countby`), as a Map in order of first occurrence.
 * `key` is a function or a property name. Memory grows with the number of distinct keys,
 * not with the input; a V8 Map holds at most 2^24 keys.
 *
 * @example
 * ```ts
 * await pipe(['apple', 'fig', 'kiwi', 'pear'], sinks.countBy((w: string) => w.length)); // Map { 5 => 1, 3 => 1, 4 => 2 }
 * await pipe(records, sinks.countBy('lang')); // Map { 'en' => 120, 'fr' => 31 }
 * ```
 */
export function countBy<T, K>(key: KeyOption<T, K>): ReducerSink<T, Map<K, number>> {
  const { fn, label } = keyFunction(key, 'key');
  const sink = reducerSink<T, Map<K, number>>(`countBy(${label})`, () => {
    const counts = new Map<K, number>();
    return {
      step(item) {
        const k = fn(item);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      },
      result: () => counts,
    };
  });
  return mergeable(sink, () => countsAggregator(`countBy(${label})`, fn, label));
}
