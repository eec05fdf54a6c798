import { fnName } from '../lib/core/op.js';
import { kName } from '../lib/core/symbols.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { copyOptions, validateFunction } from '../lib/core/validate.js';
import { spillConfig, type MemoryOption, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingReduceBy } from '../lib/spill/spilling-sinks.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { keyFunction, type KeyOption } from './key-option.js';
import { mergeable } from '../lib/job/mergeable.js';
import { reduceByAggregator } from '../lib/job/keyed-aggregators.js';

/**
 * Options of {@link reduceBy}.
 *
 * @example
 * ```ts
 * sinks.reduceBy('lang', (n: number) => n + 1, 0, { combine: (a, b) => a + b });
 * ```
 */
export interface ReduceByOptions<A> extends SpillOptions {
  /** Merges two accumulators of one key, the earlier first: what lets a job run it in pieces, and a budget spill accumulators. */
  combine?: ((a: A, b: A) => A) | undefined;
}

/**
 * Folds the items of each key with `binop(acc, item)` (toolz `reduceby`), as a Map in
 * order of first occurrence. Memory grows with the number of distinct keys, one
 * accumulator each, never with the input: the bounded form of `groupBy` followed by a
 * reduce. Without `init` a key's first item starts its fold; `init` is a value, or a
 * function called once per key (for accumulators that must not be shared, such as arrays).
 * With `{ memory }` (4th argument; `init` undefined for none) the state spills past the
 * budget and the sink resolves to a `SpilledMap`: with `combine` the accumulators spill,
 * without it each key's items do and are folded at the end (see docs/memory.md).
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
export function reduceBy<T, K>(key: KeyOption<T, K>, binop: (acc: T, item: T) => T): ReducerSink<T, Map<K, T>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T) => A,
  init: A | (() => A) | undefined,
  options: ReduceByOptions<A> & { memory: MemoryOption },
): ReducerSink<T, SpilledMap<K, A>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T) => A,
  init: A | (() => A),
  options?: ReduceByOptions<A> & { memory?: undefined },
): ReducerSink<T, Map<K, A>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T) => A,
  ...rest: [(A | (() => A))?, ReduceByOptions<A>?]
): ReducerSink<T, Map<K, A> | SpilledMap<K, A>> {
  const { fn, label } = keyFunction(key, 'key');
  validateFunction(binop, 'binop');
  const hasInit = rest.length > 0;
  const init = rest[0];
  const initial = typeof init === 'function' ? (init as () => A) : () => init as A;
  const options = copyOptions(rest[1]);
  if (options.combine !== undefined) validateFunction(options.combine, 'combine');
  const spill = spillConfig(options);
  if (spill !== undefined) {
    // In the 4-argument form an undefined init means none: a key's first item starts its fold.
    const spec = { binop, init: init === undefined ? undefined : { make: initial }, combine: options.combine };
    return spillingReduceBy(`reduceBy(${label}, ${fnName(binop)}, memory=${spill.memory})`, fn, spec, spill);
  }
  const sink = reducerSink<T, Map<K, A>>(`reduceBy(${label}, ${fnName(binop)})`, () => {
    const accs = new Map<K, A>();
    return {
      step(item) {
        const k = fn(item);
        // has() only on a miss of get(): undefined may be a legitimate accumulator.
        let acc = accs.get(k);
        if (acc === undefined && !accs.has(k)) {
          if (!hasInit) {
            accs.set(k, item as unknown as A);
            return;
          }
          acc = initial();
        }
        accs.set(k, binop(acc as A, item));
      },
      result: () => accs,
    };
  });
  const combine = rest[1]?.combine as ((a: unknown, b: unknown) => unknown) | undefined;
  return mergeable(sink, () =>
    reduceByAggregator({ name: sink[kName], key: fn, label, binop: binop as never, init: hasInit ? { value: init } : undefined, combine }),
  );
}
