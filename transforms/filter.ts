import { type ASYNC, fnName, isThenable, SKIP, type Op, type Settled } from '../lib/core/op.js';
import type { Stage } from '../lib/core/types.js';
import { type ItemContext, NEVER, UserFn } from '../lib/core/user-fn.js';
import { type CheckedOptions, userStage, userStageOptions, type UserStageOptions } from '../lib/core/user-stage.js';
import { validateFunction } from '../lib/core/validate.js';

class FilterOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  position?: number | undefined;
  signal?: AbortSignal | undefined;
  pending?: Promise<Settled<T>> | undefined;
  readonly call: UserFn<T, unknown>;
  readonly #predicate: (item: T, context: ItemContext) => unknown;

  constructor(predicate: (item: T, context: ItemContext) => unknown, options: CheckedOptions<T>) {
    this.name = `filter(${fnName(predicate)})`;
    this.#predicate = predicate;
    this.call = new UserFn(predicate, options, this);
  }

  get skipped(): number | undefined {
    return this.call.skipped;
  }

  step(item: T, index: number): T | typeof SKIP | typeof ASYNC {
    let r: unknown;
    try {
      r = this.#predicate(item, { index, signal: this.signal ?? NEVER });
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
  return userStage(new FilterOp(predicate, opts), opts, kept);
}
