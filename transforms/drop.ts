import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger } from '../lib/core/validate.js';

class DropOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #n: number;

  constructor(n: number) {
    this.name = `drop(${n})`;
    this.#n = n;
  }

  step(item: T, index: number): T | typeof SKIP {
    return index < this.#n ? SKIP : item;
  }
}

/**
 * Skips the first `n` items (toolz `drop`).
 *
 * @example
 * ```ts
 * await pipe(['header', 'a', 'b'], transforms.drop(1), sinks.collect()); // ['a', 'b']
 * ```
 */
export function drop<T>(n: number): Stage<T, T> {
  validateInteger(n, 'n', 0);
  return opStage(new DropOp<T>(n));
}
