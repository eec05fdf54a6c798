import { fnName, type Op } from '../lib/op.js';
import { opStage } from '../lib/op-stage.js';
import type { Stage } from '../lib/types.js';
import { validateFunction } from '../lib/validate.js';

class TapOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #fn: (item: T, index: number) => unknown;

  constructor(fn: (item: T, index: number) => unknown) {
    this.name = `tap(${fnName(fn)})`;
    this.#fn = fn;
  }

  step(item: T, index: number): T {
    this.#fn(item, index);
    return item;
  }
}

/**
 * Calls `fn` on each item for its side effect and passes the item on unchanged: the way to
 * look inside a long pipe (toolz `do`).
 *
 * @example
 * ```ts
 * await pipe(src, transforms.tap((x, i) => { if (i < 3) console.error('parsed', x); }), sinks.count());
 * ```
 */
export function tap<T>(fn: (item: T, index: number) => unknown): Stage<T, T> {
  validateFunction(fn, 'fn');
  return opStage(new TapOp(fn));
}
