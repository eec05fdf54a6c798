import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { UserFn, userFnOptions } from '../lib/core/user-fn.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingCountBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { declareFields, fieldsOption } from '../lib/core/field-use.js';
import { FIELDS_OPTION_NAME, keyFunction, type KeyOption, SPILL_OPTION_NAMES, type SinkFnOptions, sinkFields, spillable } from './key-option.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countsAggregator } from '../lib/job/keyed-aggregators.js';

/** Options of {@link countBy}: a failing key function (`onError`, `retry`), a memory budget. */
export type CountByOptions<T> = SinkFnOptions<T> & SpillOptions;

/**
 * How many items have each key (toolz `countby`), as a Map in order of first occurrence.
 * `key` is a function (it may be async) or a property name. Memory grows with the number of
 * distinct keys, not with the input; a V8 Map holds at most 2^24 keys. With
 * `{ onError: 'skip' }` an item whose key function fails is not counted (and the skip is).
 * `{ fields }` names the fields a key function reads, so that a JSON source before the sink
 * builds only those (a property name says it alone). With `{ memory }` (bytes, or `'64MB'`) the counts spill to temporary files past the budget
 * and the sink resolves to a `SpilledMap`, read once in the same order (see docs/memory.md);
 * the key function must then be sync.
 *
 * @example
 * ```ts
 * await pipe(['apple', 'fig', 'kiwi', 'pear'], sinks.countBy((w: string) => w.length)); // Map { 5 => 1, 3 => 1, 4 => 2 }
 * await pipe(records, sinks.countBy('lang')); // Map { 'en' => 120, 'fr' => 31 }
 * for (const [user, n] of await pipe(events, sinks.countBy('user', { memory: '64MB' }))) console.log(user, n);
 * ```
 */
export function countBy<T, K>(key: KeyOption<T, K>): ReducerSink<T, Map<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options: CountByOptions<T> & { memory: MemoryOption }): ReducerSink<T, SpilledMap<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options: CountByOptions<T> & { memory?: undefined }): ReducerSink<T, Map<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options?: CountByOptions<T>): ReducerSink<T, Map<K, number> | SpilledMap<K, number>>;
export function countBy<T, K>(key: KeyOption<T, K>, options?: CountByOptions<T>): ReducerSink<T, Map<K, number> | SpilledMap<K, number>> {
  const { fn, label } = keyFunction(key, 'key');
  const opts = userFnOptions(options, 'sinks.countBy()', { ...SPILL_OPTION_NAMES, ...FIELDS_OPTION_NAME });
  const reads = sinkFields(key, fieldsOption(opts.fields), false);
  const spill = spillConfig(opts);
  if (spill !== undefined) {
    const name = `countBy(${label}, memory=${spill.memory})`;
    return declareFields(spillingCountBy(name, spillable(fn, opts, name), spill), reads);
  }
  const name = `countBy(${label})`;
  const sink = reducerSink<T, Map<K, number>>(name, (signal) => {
    const counts = new Map<K, number>();
    const call = new UserFn(fn, opts, { name });
    const add = (k: K): void => void counts.set(k, (counts.get(k) ?? 0) + 1);
    return {
      get skipped() {
        return call.skipped;
      },
      step: (item, index) => call.apply(item, index, signal, add),
      result: () => counts,
    };
  });
  return declareFields(
    mergeable(sink, () => countsAggregator(name, fn, label)),
    reads,
  );
}
