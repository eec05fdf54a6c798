import { type ASYNC, fnName, isThenable } from '../lib/core/op.js';
import type { Stage } from '../lib/core/types.js';
import type { ItemContext } from '../lib/core/user-fn.js';
import { UserFnOp, userStage, userStageOptions, type UserStageOptions } from '../lib/core/user-stage.js';
import { validateFunction } from '../lib/core/validate.js';

/** The elements' type of what a flatMap function returns (awaited). */
export type ElementOf<R> = Awaited<R> extends Iterable<infer X> ? X : Awaited<R> extends AsyncIterable<infer X> ? X : never;

/**
 * An iterator over `out`'s elements, driven lazily by the loop: a huge iterable is never held
 * as an array. An async iterable gives an async iterator that also answers to
 * `Symbol.asyncIterator`, which is how the loop tells it apart.
 */
function elements<O>(out: unknown): Iterator<O> | AsyncIterator<O> {
  const sync = (out as Iterable<O> | null | undefined)?.[Symbol.iterator];
  if (typeof sync === 'function') return sync.call(out);
  const async = (out as AsyncIterable<O> | null | undefined)?.[Symbol.asyncIterator];
  if (typeof async !== 'function') throw new TypeError(`expected an iterable, got ${out === null ? 'null' : typeof out}`);
  const it: AsyncIterator<O> = async.call(out);
  if (typeof (it as AsyncIterableIterator<O>)[Symbol.asyncIterator] === 'function') return it;
  return { next: () => it.next(), [Symbol.asyncIterator]: () => it } as AsyncIterableIterator<O>;
}

class FlatMapOp<I, O> extends UserFnOp<I, O, unknown> {
  readonly expands = true;

  step(item: I, index: number): Iterator<O> | AsyncIterator<O> | typeof ASYNC | undefined {
    let r: unknown;
    try {
      r = this.fn(item, this.context(index));
    } catch (err) {
      return this.call.thrown(this, err, item, index, undefined, elements);
    }
    return isThenable(r) ? this.call.later(this, r, item, index, undefined, elements) : elements<O>(r);
  }
}

/**
 * Maps each item to an iterable (or async iterable, or a promise of either) and emits its
 * elements one by one (toolz `mapcat`). Backpressure holds inside one item's expansion: a
 * generator yielding millions of items is driven only as fast as the consumer reads. `fn`
 * gets `(item, { index, signal })`; the options are those of `map`.
 *
 * @example
 * ```ts
 * await pipe(['ab', 'c'], transforms.flatMap((s: string) => s), sinks.collect()); // ['a', 'b', 'c']
 * ```
 */
export function flatMap<I, R extends Iterable<unknown> | AsyncIterable<unknown> | PromiseLike<Iterable<unknown> | AsyncIterable<unknown>>>(
  fn: (item: I, context: ItemContext) => R,
  options?: UserStageOptions<I>,
): Stage<I, ElementOf<R>> {
  validateFunction(fn, 'fn');
  const opts = userStageOptions(options, 'transforms.flatMap()');
  return userStage(new FlatMapOp<I, ElementOf<R>>(`flatMap(${fnName(fn)})`, fn, opts), opts, (_item, value) => elements(value));
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
  const opts = userStageOptions<Iterable<T>>(undefined, 'transforms.concat()');
  return userStage(new FlatMapOp<Iterable<T>, T>('concat', (items) => items, opts), opts, (_item, value) => elements(value));
}
