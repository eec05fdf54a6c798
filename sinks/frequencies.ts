import { fnName } from '../lib/core/op.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { copyOptions, validateFunction } from '../lib/core/validate.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countsAggregator } from '../lib/job/keyed-aggregators.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingCountBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';

/**
 * How many times each item (or each `key(item)`) occurs (toolz `frequencies`), as a Map in
 * order of first occurrence. Memory grows with the number of distinct keys; a V8 Map holds
 * at most 2^24 of them (for k-mers use `sinks.countKmers`, which has no such limit). With
 * `{ memory }` the counts spill past the budget and the sink resolves to a `SpilledMap` (see
 * docs/memory.md).
 *
 * @example
 * ```ts
 * await pipe([...'ACGTAA'], sinks.frequencies()); // Map { 'A' => 3, 'C' => 1, 'G' => 1, 'T' => 1 }
 * await pipe(sources.lines('words.txt'), sinks.frequencies({ memory: '64MB' })); // SpilledMap
 * ```
 */
export function frequencies<T>(): ReducerSink<T, Map<T, number>>;
export function frequencies<T, K>(key: (item: T) => K): ReducerSink<T, Map<K, number>>;
export function frequencies<T>(options: SpillOptions & { memory: MemoryOption }): ReducerSink<T, SpilledMap<T, number>>;
export function frequencies<T, K>(key: (item: T) => K, options: SpillOptions & { memory: MemoryOption }): ReducerSink<T, SpilledMap<K, number>>;
export function frequencies<T, K>(
  ...args: [((item: T) => K)?, SpillOptions?] | [SpillOptions]
): ReducerSink<T, Map<unknown, number> | SpilledMap<unknown, number>> {
  const key = typeof args[0] === 'object' && args[0] !== null ? undefined : (args[0] as ((item: T) => K) | undefined);
  const options = key === undefined && typeof args[0] === 'object' ? (args[0] as SpillOptions) : (args[1] as SpillOptions | undefined);
  if (key !== undefined) validateFunction(key, 'key');
  const spill = spillConfig(copyOptions(options));
  if (spill !== undefined) {
    return spillingCountBy(
      `frequencies(${key === undefined ? '' : `${fnName(key)}, `}memory=${spill.memory})`,
      (key ?? ((x: T) => x)) as (item: T) => unknown,
      spill,
    );
  }
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
