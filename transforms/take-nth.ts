import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger } from '../lib/core/validate.js';

class TakeNthOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #n: number;
  /** Items to skip before the next one to pass. */
  #skip = 0;

  constructor(n: number) {
    this.name = `takeNth(${n})`;
    this.#n = n;
  }

  step(item: T): T | typeof SKIP {
    if (this.#skip > 0) {
      this.#skip--;
      return SKIP;
    }
    this.#skip = this.#n - 1;
    return item;
  }
}

/**
 * Every `n`th item, starting with the first (toolz `take_nth`): items 0, n, 2n...
 *
 * @example
 * ```ts
 * await pipe([0, 1, 2, 3, 4, 5, 6], transforms.takeNth(3), sinks.collect()); // [0, 3, 6]
 * ```
 */
export function takeNth<T>(n: number): Stage<T, T> {
  validateInteger(n, 'n', 1);
  return opStage(new TakeNthOp<T>(n));
}
