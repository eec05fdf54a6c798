import { fnName, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction } from '../lib/core/validate.js';

class MapOp<I, O> implements Op<I, O> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #fn: (item: I, index: number) => O;

  constructor(fn: (item: I, index: number) => O) {
    this.name = `map(${fnName(fn)})`;
    this.#fn = fn;
  }

  step(item: I, index: number): O {
    return this.#fn(item, index);
  }
}

/**
 * Applies `fn` to every item (toolz `map`). `fn` gets the item and its 0-based index.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3], transforms.map((x: number) => x * 2), sinks.collect()); // [2, 4, 6]
 * ```
 */
export function map<I, O>(fn: (item: I, index: number) => O): Stage<I, O> {
  validateFunction(fn, 'fn');
  return opStage(new MapOp(fn));
}
