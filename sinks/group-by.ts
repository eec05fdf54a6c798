import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { UserFn, userFnOptions } from '../lib/core/user-fn.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingGroupBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { keyFunction, type KeyOption, SPILL_OPTION_NAMES, type SinkFnOptions, spillable } from './key-option.js';

/** Options of {@link groupBy}: a failing key function (`onError`, `retry`), a memory budget. */
export type GroupByOptions<T> = SinkFnOptions<T> & SpillOptions;

/**
 * The items of each key, in arrays (toolz `groupby`), as a Map in order of first
 * occurrence. Memory grows with the input: every item is kept. To aggregate per key in
 * memory bounded by the number of keys, use `sinks.reduceBy(key, binop, init)` (sums,
 * maxima) or `sinks.countBy(key)` (counts) instead. The key function may be async. With
 * `{ memory }` the groups spill past the budget and the sink resolves to a `SpilledMap` (one
 * group is held whole when read; see docs/memory.md); the key function must then be sync.
 *
 * @example
 * ```ts
 * await pipe(['apple', 'fig', 'kiwi', 'pear'], sinks.groupBy((w: string) => w.length));
 * // Map { 5 => ['apple'], 3 => ['fig'], 4 => ['kiwi', 'pear'] }
 * ```
 */
export function groupBy<T, K>(key: KeyOption<T, K>): ReducerSink<T, Map<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options: GroupByOptions<T> & { memory: MemoryOption }): ReducerSink<T, SpilledMap<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options: GroupByOptions<T> & { memory?: undefined }): ReducerSink<T, Map<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options?: GroupByOptions<T>): ReducerSink<T, Map<K, T[]> | SpilledMap<K, T[]>>;
export function groupBy<T, K>(key: KeyOption<T, K>, options?: GroupByOptions<T>): ReducerSink<T, Map<K, T[]> | SpilledMap<K, T[]>> {
  const { fn, label } = keyFunction(key, 'key');
  const opts = userFnOptions(options, 'sinks.groupBy()', SPILL_OPTION_NAMES);
  const spill = spillConfig(opts);
  if (spill !== undefined) {
    const name = `groupBy(${label}, memory=${spill.memory})`;
    return spillingGroupBy(name, spillable(fn, opts, name), spill);
  }
  const name = `groupBy(${label})`;
  return reducerSink<T, Map<K, T[]>>(name, (signal) => {
    const groups = new Map<K, T[]>();
    const call = new UserFn(fn, opts, { name });
    const add = (k: K, item: T): void => {
      const group = groups.get(k);
      if (group === undefined) groups.set(k, [item]);
      else group.push(item);
    };
    return {
      get skipped() {
        return call.skipped;
      },
      step: (item, index) => call.apply(item, index, signal, add),
      result: () => groups,
    };
  });
}
