/**
 * The op of `take(n)`, in the core because `pipe()`'s `sample` option runs it too: the first
 * `n` items pass, then the op is done and the pipe stops reading its source.
 */
import { declareFields } from './field-use.js';
import { SKIP, type Op } from './op.js';

/**
 * Passes the first `n` items, then is done.
 *
 * @example
 * ```ts
 * const stage = opStage(new TakeOp<number>(3)); // transforms.take(3)
 * ```
 */
export class TakeOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done: boolean;
  position?: number | undefined;
  #left: number;

  constructor(n: number, name = `take(${n})`) {
    this.name = name;
    this.#left = n;
    this.done = n === 0;
    declareFields(this, { reads: [], passes: true });
  }

  step(item: T): T | typeof SKIP {
    if (this.#left === 0) return SKIP;
    if (--this.#left === 0) this.done = true;
    return item;
  }
}
