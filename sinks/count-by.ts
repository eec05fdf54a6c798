import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { copyOptions } from '../lib/core/validate.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingCountBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { keyFunction, type KeyOption } from './key-option.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countsAggregator } from '../lib/job/keyed-aggregators.js';

/**
 * How many items have each key (toolz `countby`), as a Map in order of first occurrence.
 * `key` is a function or a property name. Memory grows with the number of distinct keys,
 * not with the input; a V8 Map holds at most 2^24 keys. With `{ memory }` (bytes, or
 * `'64MB'`) the counts spill to temporary files past the budget and the sink resolves to a
 * `SpilledMap`, read once in the same order (see docs/memory.md).
 *
 * @example
 * ```ts
 * await pipe(['apple', 'fig', 'kiwi', 'pear'], sinks.countBy((w: string) => w.length)); // Map { 5 => 1, 3 => 1, 4 => 2 }
 * await pipe(records, sinks.countBy('lang')); // Map { 'en' => 120, 'fr' => 31 }
 * for (const [user, n] of await pipe(events, sinks.countBy('user', { memory: '64MB' }))) console.log(user, n);
 * ```
 */
export function countBy<T, K>(key: KeyOption<T, K>): ReducerSink<T, Map<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options: SpillOptions & { memory: MemoryOption }): ReducerSink<T, SpilledMap<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options?: SpillOptions): ReducerSink<T, Map<K, number> | SpilledMap<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options?: SpillOptions): ReducerSink<T, Map<K, number> | SpilledMap<K, number>> {
  const { fn, label } = keyFunction(key, 'key');
  const spill = spillConfig(copyOptions(options));
  if (spill !== undefined) return spillingCountBy(`countBy(${label}, memory=${spill.memory})`, fn, spill);
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
