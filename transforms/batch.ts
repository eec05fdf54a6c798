import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger, validateOneOf } from '../lib/core/validate.js';

/** Options of {@link batch}. */
export interface BatchOptions {
  /**
   * What to do with a last batch shorter than `size`: `'emit'` it (toolz `partition_all`,
   * the default: nothing is lost) or `'drop'` it (toolz `partition`).
   */
  remainder?: 'emit' | 'drop';
}

class BatchOp<T> implements Op<T, T[]> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #size: number;
  readonly #emitRemainder: boolean;
  #current: T[] = [];

  constructor(size: number, emitRemainder: boolean) {
    this.name = `batch(${size})`;
    this.#size = size;
    this.#emitRemainder = emitRemainder;
  }

  step(item: T): T[] | typeof SKIP {
    this.#current.push(item);
    if (this.#current.length < this.#size) return SKIP;
    const full = this.#current;
    this.#current = [];
    return full;
  }

  flush(): Iterator<T[]> | undefined {
    const rest = this.#current;
    this.#current = [];
    return rest.length > 0 && this.#emitRemainder ? [rest][Symbol.iterator]() : undefined;
  }
}

/**
 * Groups items into arrays of `size` (toolz `partition_all`); the last, shorter batch is
 * emitted unless `{ remainder: 'drop' }` (toolz `partition`).
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3, 4, 5], transforms.batch(2), sinks.collect()); // [[1, 2], [3, 4], [5]]
 * await pipe([1, 2, 3, 4, 5], transforms.batch(2, { remainder: 'drop' }), sinks.collect()); // [[1, 2], [3, 4]]
 * ```
 */
export function batch<T>(size: number, options?: BatchOptions): Stage<T, T[]> {
  validateInteger(size, 'size', 1);
  const remainder = options?.remainder ?? 'emit';
  validateOneOf(remainder, 'remainder', ['emit', 'drop'] as const);
  return opStage(new BatchOp<T>(size, remainder === 'emit'));
}
