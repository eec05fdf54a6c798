import { fnName, SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction } from '../lib/core/validate.js';

class FilterOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #predicate: (item: T, index: number) => unknown;

  constructor(predicate: (item: T, index: number) => unknown) {
    this.name = `filter(${fnName(predicate)})`;
    this.#predicate = predicate;
  }

  step(item: T, index: number): T | typeof SKIP {
    return this.#predicate(item, index) ? item : SKIP;
  }
}

/**
 * Keeps the items for which `predicate` is truthy (toolz `filter`). A type guard narrows
 * the output type.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3, 4], transforms.filter((x: number) => x % 2 === 0), sinks.collect()); // [2, 4]
 * ```
 */
export function filter<T, S extends T>(predicate: (item: T, index: number) => item is S): Stage<T, S>;
export function filter<T>(predicate: (item: T, index: number) => unknown): Stage<T, T>;
export function filter<T>(predicate: (item: T, index: number) => unknown): Stage<T, T> {
  validateFunction(predicate, 'predicate');
  return opStage(new FilterOp(predicate));
}
