import { type ASYNC, fnName, isThenable, SKIP, type Op, type Settled } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { type ItemContext, NEVER, UserFn } from '../lib/core/user-fn.js';
import { validateFunction } from '../lib/core/validate.js';

const NONE: unique symbol = Symbol('none');

class PartitionByOp<T, K> implements Op<T, T[]> {
  readonly name: string;
  readonly expands = false;
  done = false;
  position?: number | undefined;
  signal?: AbortSignal | undefined;
  pending?: Promise<Settled<T[]>> | undefined;
  readonly #fn: (item: T, context: ItemContext) => K | PromiseLike<K>;
  readonly #call: UserFn<T, K>;
  #key: K | typeof NONE = NONE;
  #current: T[] = [];

  constructor(fn: (item: T, context: ItemContext) => K | PromiseLike<K>) {
    this.name = `partitionBy(${fnName(fn)})`;
    this.#fn = fn;
    this.#call = new UserFn(fn, {}, this);
  }

  step(item: T, index: number): T[] | typeof SKIP | typeof ASYNC {
    const key = this.#fn(item, { index, signal: this.signal ?? NEVER });
    if (isThenable(key)) return this.#call.later(this, key, item, index, SKIP, (k) => this.#split(item, k));
    return this.#split(item, key);
  }

  /** The run that ends before `item`, if its key starts a new one. */
  #split(item: T, key: K): T[] | typeof SKIP {
    const prev = this.#key;
    this.#key = key;
    // SameValueZero, as a Map compares keys: NaN equals NaN.
    if (prev === NONE || prev === key || (Number.isNaN(prev) && Number.isNaN(key))) {
      this.#current.push(item);
      return SKIP;
    }
    const full = this.#current;
    this.#current = [item];
    return full;
  }

  flush(): Iterator<T[]> | undefined {
    const rest = this.#current;
    this.#current = [];
    return rest.length > 0 ? [rest][Symbol.iterator]() : undefined;
  }
}

/**
 * Splits the input into runs of items with the same `fn(item, { index, signal })` (toolz
 * `partitionby`; `fn` may be async): a new array starts each time the key changes. Memory: the
 * current run.
 *
 * @example
 * ```ts
 * await pipe([1, 3, 2, 4, 5], transforms.partitionBy((x: number) => x % 2), sinks.collect()); // [[1, 3], [2, 4], [5]]
 * ```
 */
export function partitionBy<T, K>(fn: (item: T, context: ItemContext) => K | PromiseLike<K>): Stage<T, T[]> {
  validateFunction(fn, 'fn');
  return opStage(new PartitionByOp(fn));
}
