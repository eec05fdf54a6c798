import { fnName, SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction } from '../lib/core/validate.js';

const NONE: unique symbol = Symbol('none');

class PartitionByOp<T, K> implements Op<T, T[]> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #fn: (item: T, index: number) => K;
  #key: K | typeof NONE = NONE;
  #current: T[] = [];

  constructor(fn: (item: T, index: number) => K) {
    this.name = `partitionBy(${fnName(fn)})`;
    this.#fn = fn;
  }

  step(item: T, index: number): T[] | typeof SKIP {
    const key = this.#fn(item, index);
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
 * Splits the input into runs of items with the same `fn(item)` (toolz `partitionby`):
 * a new array starts each time the key changes. Memory: the current run.
 *
 * @example
 * ```ts
 * await pipe([1, 3, 2, 4, 5], transforms.partitionBy((x: number) => x % 2), sinks.collect()); // [[1, 3], [2, 4], [5]]
 * ```
 */
export function partitionBy<T, K>(fn: (item: T, index: number) => K): Stage<T, T[]> {
  validateFunction(fn, 'fn');
  return opStage(new PartitionByOp(fn));
}
