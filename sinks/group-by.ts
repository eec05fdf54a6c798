import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { keyFunction, type KeyOption } from './key-option.js';

/**
 * The items of each key, in arrays (toolz `groupby`), as a Map in order of first
 * occurrence. Memory grows with the input: every item is kept. To aggregate per key in
 * memory bounded by the number of keys, use `sinks.reduceBy(key, binop, init)` (sums,
 * maxima) or `sinks.countBy(key)` (counts) instead.
 *
 * @example
 * ```ts
 * await pipe(['apple', 'fig', 'kiwi', 'pear'], sinks.groupBy((w: string) => w.length));
 * // Map { 5 => ['apple'], 3 => ['fig'], 4 => ['kiwi', 'pear'] }
 * ```
 */
export function groupBy<T, K>(key: KeyOption<T, K>): ReducerSink<T, Map<K, T[]>> {
  const { fn, label } = keyFunction(key, 'key');
  return reducerSink<T, Map<K, T[]>>(`groupBy(${label})`, () => {
    const groups = new Map<K, T[]>();
    return {
      step(item) {
        const k = fn(item);
        const group = groups.get(k);
        if (group === undefined) groups.set(k, [item]);
        else group.push(item);
      },
      result: () => groups,
    };
  });
}
