import { fnName, SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction } from '../lib/core/validate.js';

class UniqueOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #key: ((item: T) => unknown) | undefined;
  readonly #seen = new Set<unknown>();

  constructor(key: ((item: T) => unknown) | undefined) {
    this.name = key === undefined ? 'unique' : `unique(${fnName(key)})`;
    this.#key = key;
  }

  step(item: T): T | typeof SKIP {
    const k = this.#key === undefined ? item : this.#key(item);
    if (this.#seen.has(k)) return SKIP;
    this.#seen.add(k);
    return item;
  }
}

/**
 * Only the first occurrence of each item, or of each `key(item)` (toolz `unique`). Keys are
 * compared with SameValueZero, as a `Set` does. Memory grows with the number of distinct
 * keys (at most 2^24 in one V8 Set), not with the input.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 1, 3], transforms.unique(), sinks.collect()); // [1, 2, 3]
 * ```
 */
export function unique<T>(key?: (item: T) => unknown): Stage<T, T> {
  if (key !== undefined) validateFunction(key, 'key');
  return opStage(new UniqueOp<T>(key));
}
