import { type ASYNC, fnName, isThenable, SKIP } from '../lib/core/op.js';
import type { Stage } from '../lib/core/types.js';
import type { ItemContext } from '../lib/core/user-fn.js';
import { UserFnOp, userStage, userStageOptions, type UserStageOptions } from '../lib/core/user-stage.js';
import { validateFunction } from '../lib/core/validate.js';

class FilterOp<T> extends UserFnOp<T, T, unknown> {
  readonly expands = false;

  step(item: T, index: number): T | typeof SKIP | typeof ASYNC {
    let r: unknown;
    try {
      r = this.fn(item, this.context(index));
    } catch (err) {
      return this.call.thrown(this, err, item, index, SKIP, (v) => kept(item, v));
    }
    if (isThenable(r)) return this.call.later(this, r, item, index, SKIP, (v) => kept(item, v));
    return r ? item : SKIP;
  }
}

const kept = <T>(item: T, verdict: unknown): T | typeof SKIP => (verdict ? item : SKIP);

/**
 * Keeps the items for which `predicate` is truthy (toolz `filter`). A type guard narrows
 * the output type. `predicate` gets `(item, { index, signal })` and may be async; the options
 * are those of `map` (`concurrency`, `ordered`, `retry`, `onError`).
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3, 4], transforms.filter((x: number) => x % 2 === 0), sinks.collect()); // [2, 4]
 * ```
 */
export function filter<T, S extends T>(predicate: (item: T, context: ItemContext) => item is S, options?: UserStageOptions<T>): Stage<T, S>;
export function filter<T>(predicate: (item: T, context: ItemContext) => unknown, options?: UserStageOptions<T>): Stage<T, T>;
export function filter<T>(predicate: (item: T, context: ItemContext) => unknown, options?: UserStageOptions<T>): Stage<T, T> {
  validateFunction(predicate, 'predicate');
  const opts = userStageOptions(options, 'transforms.filter()');
  return userStage(new FilterOp(`filter(${fnName(predicate)})`, predicate, opts), opts, kept, true);
}
