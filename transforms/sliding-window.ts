import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger } from '../lib/core/validate.js';

class SlidingWindowOp<T> implements Op<T, T[]> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #n: number;
  /** The last n items, oldest first; each output is a fresh copy that the consumer owns. */
  #window: T[] = [];

  constructor(n: number) {
    this.name = `slidingWindow(${n})`;
    this.#n = n;
  }

  step(item: T): T[] | typeof SKIP {
    const w = this.#window;
    if (w.length === this.#n) w.shift();
    w.push(item);
    return w.length === this.#n ? w.slice() : SKIP;
  }
}

/**
 * Every window of `n` consecutive items, as arrays (toolz `sliding_window`): `[a, b, c, d]`
 * with n = 2 gives `[a, b]`, `[b, c]`, `[c, d]`. Fewer than `n` items give nothing.
 *
 * @example
 * ```ts
 * await pipe([...'ACGTA'], transforms.slidingWindow(3), transforms.map((w: string[]) => w.join('')), sinks.collect());
 * // ['ACG', 'CGT', 'GTA']
 * ```
 */
export function slidingWindow<T>(n: number): Stage<T, T[]> {
  validateInteger(n, 'n', 1);
  return opStage(new SlidingWindowOp<T>(n));
}
