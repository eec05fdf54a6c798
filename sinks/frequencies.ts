import { fnName } from '../lib/core/op.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { type ItemContext, UserFn, userFnOptions } from '../lib/core/user-fn.js';
import { validateFunction } from '../lib/core/validate.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingCountBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { SPILL_OPTION_NAMES, type SinkFnOptions, spillable } from './key-option.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countsAggregator } from '../lib/job/keyed-aggregators.js';
import type { KeyFn } from '../lib/job/key-of.js';

/** Options of {@link frequencies}: a failing key function (`onError`, `retry`), a memory budget. */
export type FrequenciesOptions<T> = SinkFnOptions<T> & SpillOptions;

/**
 * How many times each item (or each `key(item)`) occurs (toolz `frequencies`), as a Map in
 * order of first occurrence. Memory grows with the number of distinct keys; a V8 Map holds
 * at most 2^24 of them (for k-mers use `sinks.countKmers`, which has no such limit). The key
 * function gets `(item, { index, signal })` and may be async. With `{ memory }` the counts
 * spill to temporary files past the budget and the sink resolves to a `SpilledMap` (see
 * docs/memory.md); the key function must then be sync.
 *
 * @example
 * ```ts
 * await pipe([...'ACGTAA'], sinks.frequencies()); // Map { 'A' => 3, 'C' => 1, 'G' => 1, 'T' => 1 }
 * await pipe(sources.lines('words.txt'), sinks.frequencies({ memory: '64MB' })); // SpilledMap
 * ```
 */
export function frequencies<T>(): ReducerSink<T, Map<T, number>>;
export function frequencies<T, K>(
  key: (item: T, context: ItemContext) => K | PromiseLike<K>,
  options?: FrequenciesOptions<T> & { memory?: undefined },
): ReducerSink<T, Map<K, number>>;
export function frequencies<T>(options: FrequenciesOptions<T> & { memory: MemoryOption }): ReducerSink<T, SpilledMap<T, number>>;
export function frequencies<T, K>(
  key: (item: T, context: ItemContext) => K | PromiseLike<K>,
  options: FrequenciesOptions<T> & { memory: MemoryOption },
): ReducerSink<T, SpilledMap<K, number>>;
export function frequencies<T, K>(
  ...args: [((item: T, context: ItemContext) => K | PromiseLike<K>)?, FrequenciesOptions<T>?] | [FrequenciesOptions<T>]
): ReducerSink<T, Map<unknown, number> | SpilledMap<unknown, number>> {
  const key = typeof args[0] === 'object' && args[0] !== null ? undefined : (args[0] as ((item: T, context: ItemContext) => K | PromiseLike<K>) | undefined);
  const options = key === undefined && typeof args[0] === 'object' ? (args[0] as FrequenciesOptions<T>) : (args[1] as FrequenciesOptions<T> | undefined);
  if (key !== undefined) validateFunction(key, 'key');
  const opts = userFnOptions(options, 'sinks.frequencies()', SPILL_OPTION_NAMES);
  const spill = spillConfig(opts);
  if (spill !== undefined) {
    const name = `frequencies(${key === undefined ? '' : `${fnName(key)}, `}memory=${spill.memory})`;
    return spillingCountBy(name, spillable(key ?? ((x: T): unknown => x), opts, name) as (item: T) => unknown, spill);
  }
  if (key === undefined) {
    const plain = reducerSink<T, Map<unknown, number>>('frequencies', () => {
      const counts = new Map<unknown, number>();
      return {
        step(item) {
          counts.set(item, (counts.get(item) ?? 0) + 1);
        },
        result: () => counts,
      };
    });
    return mergeable(plain, () => countsAggregator('frequencies', undefined, 'frequencies'));
  }
  const name = `frequencies(${fnName(key)})`;
  const sink = reducerSink<T, Map<unknown, number>>(name, (signal) => {
    const counts = new Map<unknown, number>();
    const call = new UserFn(key, opts, { name });
    const add = (k: unknown): void => void counts.set(k, (counts.get(k) ?? 0) + 1);
    return {
      get skipped() {
        return call.skipped;
      },
      step: (item, index) => call.apply(item, index, signal, add),
      result: () => counts,
    };
  });
  return mergeable(sink, () => countsAggregator('frequencies', key as unknown as KeyFn, fnName(key)));
}
