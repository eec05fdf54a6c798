import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger } from '../lib/core/validate.js';

class TakeOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done: boolean;
  #left: number;

  constructor(n: number) {
    this.name = `take(${n})`;
    this.#left = n;
    this.done = n === 0;
  }

  step(item: T): T | typeof SKIP {
    if (this.#left === 0) return SKIP;
    if (--this.#left === 0) this.done = true;
    return item;
  }
}

/**
 * The first `n` items (toolz `take`). Once they have passed, the stage ends its output and
 * `pipe()` stops reading the source: `take(10)` of a 10 GB file reads one chunk.
 *
 * @example
 * ```ts
 * await pipe(sources.lines('big.txt'), transforms.take(3), sinks.collect());
 * ```
 */
export function take<T>(n: number): Stage<T, T> {
  validateInteger(n, 'n', 0);
  return opStage(new TakeOp<T>(n));
}
