import { fnName, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction } from '../lib/core/validate.js';

class FlatMapOp<I, O> implements Op<I, O> {
  readonly name: string;
  readonly expands = true;
  done = false;
  readonly #fn: (item: I, index: number) => Iterable<O>;

  constructor(name: string, fn: (item: I, index: number) => Iterable<O>) {
    this.name = name;
    this.#fn = fn;
  }

  step(item: I, index: number): Iterator<O> {
    const out = this.#fn(item, index);
    const iterate = (out as Iterable<O> | null | undefined)?.[Symbol.iterator];
    if (typeof iterate !== 'function') {
      throw new TypeError(`expected an iterable, got ${out === null ? 'null' : typeof out}`);
    }
    // Iterated lazily by the chain: a huge iterable is never held as an array.
    return iterate.call(out);
  }
}

/**
 * Maps each item to an iterable and emits its elements one by one (toolz `mapcat`).
 * Backpressure holds inside one item's expansion: a generator yielding millions of items
 * is driven only as fast as the consumer reads.
 *
 * @example
 * ```ts
 * await pipe(['ab', 'c'], transforms.flatMap((s: string) => s), sinks.collect()); // ['a', 'b', 'c']
 * ```
 */
export function flatMap<I, O>(fn: (item: I, index: number) => Iterable<O>): Stage<I, O> {
  validateFunction(fn, 'fn');
  return opStage(new FlatMapOp(`flatMap(${fnName(fn)})`, fn));
}

/**
 * Flattens a stream of iterables into a stream of their elements (toolz `concat`).
 *
 * @example
 * ```ts
 * await pipe([[1, 2], [3]], transforms.concat(), sinks.collect()); // [1, 2, 3]
 * ```
 */
export function concat<T>(): Stage<Iterable<T>, T> {
  return opStage(new FlatMapOp<Iterable<T>, T>('concat', (items) => items));
}
