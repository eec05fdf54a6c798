import { type ASYNC, fnName, isThenable, SKIP } from '../lib/core/op.js';
import type { Stage } from '../lib/core/types.js';
import type { ItemContext } from '../lib/core/user-fn.js';
import { UserFnOp, userStage, userStageOptions, type UserStageOptions } from '../lib/core/user-stage.js';
import { validateFunction } from '../lib/core/validate.js';

const same = <O>(value: O): O => value;

class MapOp<I, O> extends UserFnOp<I, O, O> {
  readonly expands = false;

  step(item: I, index: number): O | typeof SKIP | typeof ASYNC {
    let r: unknown;
    try {
      r = this.fn(item, this.context(index));
    } catch (err) {
      return this.call.thrown(this, err, item, index, SKIP, same);
    }
    return isThenable(r) ? this.call.later(this, r as PromiseLike<O>, item, index, SKIP, same) : (r as O);
  }
}

/**
 * Applies `fn` to every item (toolz `map`). `fn` gets the item and `{ index, signal }`: the
 * 0-based index, and a signal that aborts with the pipe. A promise it returns is awaited, so
 * `fn` may be async; `{ concurrency: n }` runs up to n calls at once, in input order unless
 * `ordered: false`. `retry` calls again after a failure; `onError: 'skip'` (or a dead letter)
 * drops a failed item and counts it.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3], transforms.map((x: number) => x * 2), sinks.collect()); // [2, 4, 6]
 * await pipe(ids, transforms.map(async (id: string, { signal }) => (await fetch(`${api}/${id}`, { signal })).json(), { concurrency: 8 }), sinks.collect());
 * ```
 */
export function map<I, R>(fn: (item: I, context: ItemContext) => R, options?: UserStageOptions<I>): Stage<I, Awaited<R>> {
  validateFunction(fn, 'fn');
  const opts = userStageOptions(options, 'transforms.map()');
  return userStage(new MapOp<I, Awaited<R>>(`map(${fnName(fn)})`, fn, opts), opts, (_item, value) => value);
}
