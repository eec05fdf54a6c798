import { fnName } from '../lib/core/op.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { type ItemContext, UserFn, userFnOptions } from '../lib/core/user-fn.js';
import { validateFunction } from '../lib/core/validate.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingReduceBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { declareFields, fieldsOption } from '../lib/core/field-use.js';
import { FIELDS_OPTION_NAME, keyFunction, type KeyOption, SPILL_OPTION_NAMES, type SinkFnOptions, sinkFields, spillable } from './key-option.js';
import { kName } from '../lib/core/symbols.js';
import { mergeable } from '../lib/job/mergeable.js';
import { reduceByAggregator } from '../lib/job/keyed-aggregators.js';

/**
 * Options of {@link reduceBy}: what to do when `key` or `binop` fails on an item (`onError`,
 * `retry`), how a job merges its pieces and a budget spills accumulators (`combine`), and
 * the memory budget (`memory`, `tmpdir`).
 *
 * @example
 * ```ts
 * sinks.reduceBy('lang', (n: number) => n + 1, 0, { combine: (a, b) => a + b });
 * ```
 */
export interface ReduceByOptions<A, T = unknown> extends SinkFnOptions<T>, SpillOptions {
  /** Merges two accumulators of one key, the earlier first: what lets a job run it in pieces, and a budget spill accumulators. */
  combine?: ((a: A, b: A) => A) | undefined;
}

/**
 * Folds the items of each key with `binop(acc, item)` (toolz `reduceby`), as a Map in
 * order of first occurrence. Memory grows with the number of distinct keys, one
 * accumulator each, never with the input: the bounded form of `groupBy` followed by a
 * reduce. Without `init` a key's first item starts its fold; `init` is a value, or a
 * function called once per key (for accumulators that must not be shared, such as arrays).
 * `key` and `binop` may be async; `onError` (after `init`) applies to both; `combine` lets a
 * job run it in pieces. `{ fields }` (with an `init`) names the fields of an item that `key`
 * and `binop` use, so that a JSON source before the sink builds only those; a `binop` that
 * keeps the item itself must not say it. With `{ memory }` (4th argument; `init` undefined for none) the state
 * spills past the budget and the sink resolves to a `SpilledMap`: with `combine` the
 * accumulators spill, without it each key's items do and are folded at the end (see
 * docs/memory.md); `key` and `binop` must then be sync.
 *
 * @example
 * ```ts
 * const add = (a: number, b: number) => a + b;
 * await pipe([1, 2, 3, 4, 5], sinks.reduceBy((x: number) => x % 2 === 0, add)); // Map { false => 9, true => 6 }
 * await pipe(words, sinks.reduceBy((w: string) => w[0], (n: number) => n + 1, 0)); // words per first letter
 * // In a job (pieces merged): how to add two accumulators
 * sinks.reduceBy((w: string) => w[0], (n: number) => n + 1, 0, { combine: (a, b) => a + b });
 * ```
 */
export function reduceBy<T, K>(key: KeyOption<T, K>, binop: (acc: T, item: T, context: ItemContext) => T | PromiseLike<T>): ReducerSink<T, Map<K, T>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T, context: ItemContext) => A | PromiseLike<A>,
  init: A | (() => A) | undefined,
  options: ReduceByOptions<A, T> & { memory: MemoryOption },
): ReducerSink<T, SpilledMap<K, A>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T, context: ItemContext) => A | PromiseLike<A>,
  init: A | (() => A),
  options?: ReduceByOptions<A, T> & { memory?: undefined },
): ReducerSink<T, Map<K, A>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T, context: ItemContext) => A | PromiseLike<A>,
  ...rest: [(A | (() => A))?, ReduceByOptions<A, T>?]
): ReducerSink<T, Map<K, A> | SpilledMap<K, A>> {
  const { fn, label } = keyFunction(key, 'key');
  validateFunction(binop, 'binop');
  const hasInit = rest.length > 0;
  const init = rest[0];
  const initial = typeof init === 'function' ? (init as () => A) : () => init as A;
  const opts = userFnOptions(rest[1], 'sinks.reduceBy()', { combine: true, ...SPILL_OPTION_NAMES, ...FIELDS_OPTION_NAME });
  const fields = fieldsOption(opts.fields);
  // Without init the first item of a key is its accumulator, and the result holds items: read whole.
  const reads = hasInit && init !== undefined ? sinkFields(key, fields, true) : undefined;
  if (opts.combine !== undefined) validateFunction(opts.combine, 'combine');
  const spill = spillConfig(opts);
  if (spill !== undefined) {
    const name = `reduceBy(${label}, ${fnName(binop)}, memory=${spill.memory})`;
    // In the 4-argument form an undefined init means none: a key's first item starts its fold.
    const spec = {
      binop: spillable(binop as (acc: A, item: T) => A | PromiseLike<A>, opts, name),
      init: init === undefined ? undefined : { make: initial },
      combine: opts.combine,
    };
    return declareFields(spillingReduceBy(name, spillable(fn, opts, name), spec, spill), reads);
  }
  const name = `reduceBy(${label}, ${fnName(binop)})`;
  const sink = reducerSink<T, Map<K, A>>(name, (signal) => {
    const accs = new Map<K, A>();
    let acc: A;
    let accKey: K;
    const keyCall = new UserFn(fn, opts, { name });
    const foldCall = new UserFn<T, A>((item, context) => binop(acc, item, context), opts, { name });
    const store = (value: A): void => void accs.set(accKey, value);
    const fold = (k: K, item: T, index: number): void | Promise<void> => {
      // has() only on a miss of get(): undefined may be a legitimate accumulator.
      const found = accs.get(k);
      if (found === undefined && !accs.has(k)) {
        if (!hasInit) return void accs.set(k, item as unknown as A);
        acc = initial();
      } else acc = found as A;
      accKey = k;
      return foldCall.apply(item, index, signal, store);
    };
    return {
      get skipped() {
        const a = keyCall.skipped;
        const b = foldCall.skipped;
        return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
      },
      step: (item, index) => keyCall.apply(item, index, signal, fold),
      result: () => accs,
    };
  });
  const combine = rest[1]?.combine as ((a: unknown, b: unknown) => unknown) | undefined;
  return declareFields(
    mergeable(sink, () =>
      reduceByAggregator({ name: sink[kName], key: fn, label, binop: binop as never, init: hasInit ? { value: init } : undefined, combine }),
    ),
    reads,
  );
}
