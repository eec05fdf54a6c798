import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { codes } from '../lib/core/errors.js';
import { checkOptionNames, type OptionNames, validateInteger, validateNumber, validateOneOf } from '../lib/core/validate.js';
import { TimedBatch } from './timed-batch.js';

/** Options of {@link batch}. */
export interface BatchOptions {
  /**
   * What to do with a last batch shorter than `size`: `'emit'` it (toolz `partition_all`,
   * the default: nothing is lost) or `'drop'` it (toolz `partition`).
   */
  remainder?: 'emit' | 'drop';
  /**
   * Also emit a batch once its oldest item has waited this many milliseconds, full or not
   * (never an empty one). Without it, batch is a fused per-item stage; with it, a Transform
   * with a timer. Cannot be combined with `remainder: 'drop'`.
   */
  maxWait?: number | undefined;
}

const BATCH_OPTIONS: OptionNames<BatchOptions> = { remainder: true, maxWait: true };

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
 * emitted unless `{ remainder: 'drop' }` (toolz `partition`). With `{ maxWait: ms }` a batch
 * also goes out once its oldest item has waited `ms` milliseconds.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3, 4, 5], transforms.batch(2), sinks.collect()); // [[1, 2], [3, 4], [5]]
 * await pipe([1, 2, 3, 4, 5], transforms.batch(2, { remainder: 'drop' }), sinks.collect()); // [[1, 2], [3, 4]]
 * await pipe(events, transforms.batch(500, { maxWait: 1000 }), transforms.map(insertRows), sinks.count());
 * ```
 */
export function batch<T>(size: number, options?: BatchOptions): Stage<T, T[]> {
  validateInteger(size, 'size', 1);
  const opts = { ...checkOptionNames(options, BATCH_OPTIONS, 'transforms.batch()') };
  const remainder = opts.remainder ?? 'emit';
  validateOneOf(remainder, 'remainder', ['emit', 'drop'] as const);
  if (opts.maxWait === undefined) return opStage(new BatchOp<T>(size, remainder === 'emit'));
  validateNumber(opts.maxWait, 'maxWait', 1, MAX_TIMEOUT);
  if (remainder === 'drop') {
    const err = new TypeError('The "maxWait" option emits partial batches: it cannot be combined with remainder: \'drop\'');
    throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
  }
  return new TimedBatch<T>(size, opts.maxWait);
}

/** The longest delay Node's timers take (about 24.8 days). */
const MAX_TIMEOUT = 2 ** 31 - 1;
