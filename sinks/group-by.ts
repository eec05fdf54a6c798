import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { copyOptions } from '../lib/core/validate.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingGroupBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { keyFunction, type KeyOption } from './key-option.js';

/**
 * The items of each key, in arrays (toolz `groupby`), as a Map in order of first
 * occurrence. Memory grows with the input: every item is kept. To aggregate per key in
 * memory bounded by the number of keys, use `sinks.reduceBy(key, binop, init)` (sums,
 * maxima) or `sinks.countBy(key)` (counts) instead. With `{ memory }` the groups spill past
 * the budget and the sink resolves to a `SpilledMap` (one group is held whole when read; see
 * docs/memory.md).
 *
 * @example
 * ```ts
 * await pipe(['apple', 'fig', 'kiwi', 'pear'], sinks.groupBy((w: string) => w.length));
 * // Map { 5 => ['apple'], 3 => ['fig'], 4 => ['kiwi', 'pear'] }
 * ```
 */
export function groupBy<T, K>(key: KeyOption<T, K>): ReducerSink<T, Map<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options: SpillOptions & { memory: MemoryOption }): ReducerSink<T, SpilledMap<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options?: SpillOptions): ReducerSink<T, Map<K, T[]> | SpilledMap<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options?: SpillOptions): ReducerSink<T, Map<K, T[]> | SpilledMap<K, T[]>> {
  const { fn, label } = keyFunction(key, 'key');
  const spill = spillConfig(copyOptions(options));
  if (spill !== undefined) return spillingGroupBy(`groupBy(${label}, memory=${spill.memory})`, fn, spill);
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
