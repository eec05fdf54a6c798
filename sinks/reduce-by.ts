import { fnName } from '../lib/core/op.js';
import { kName } from '../lib/core/symbols.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { validateFunction } from '../lib/core/validate.js';
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
export interface ReduceByOptions<A> {
  /** Merges two accumulators of one key, the earlier first: what lets a job run it in pieces. */
  combine?: ((a: A, b: A) => A) | undefined;
}

/**
 * Folds the items of each key with `binop(acc, item)` (toolz `reduceby`), as a Map in
 * order of first occurrence. Memory grows with the number of distinct keys, one
 * accumulator each, never with the input: the bounded form of `groupBy` followed by a
 * reduce. Without `init` a key's first item starts its fold; `init` is a value, or a
 * function called once per key (for accumulators that must not be shared, such as arrays).
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
  init: A | (() => A),
  options?: ReduceByOptions<A>,
): ReducerSink<T, Map<K, A>>;
export function reduceBy<T, K, A>(
  key: KeyOption<T, K>,
  binop: (acc: A, item: T) => A,
  ...rest: [(A | (() => A))?, ReduceByOptions<A>?]
): ReducerSink<T, Map<K, A>> {
  const { fn, label } = keyFunction(key, 'key');
  validateFunction(binop, 'binop');
  const hasInit = rest.length > 0;
  const init = rest[0];
  const initial = typeof init === 'function' ? (init as () => A) : () => init as A;
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
