import { type ASYNC, fnName, isThenable, type Op, type Settled } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { type ItemContext, NEVER, UserFn } from '../lib/core/user-fn.js';
import { validateFunction } from '../lib/core/validate.js';
import { FewIterator } from './few-iterator.js';

const NONE: unique symbol = Symbol('none');

/** Without an initial value: one output per item, the running result. */
class AccumulateOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  position?: number | undefined;
  signal?: AbortSignal | undefined;
  pending?: Promise<Settled<T>> | undefined;
  readonly #fn: Fn<T, T>;
  readonly #call: UserFn<T, T>;
  #acc: T | typeof NONE = NONE;

  constructor(fn: Fn<T, T>) {
    this.name = `accumulate(${fnName(fn)})`;
    this.#fn = fn;
    this.#call = new UserFn((item, context) => fn(this.#acc as T, item, context), {}, this);
  }

  step(item: T, index: number): T | typeof ASYNC {
    if (this.#acc === NONE) return (this.#acc = item);
    const acc = this.#fn(this.#acc, item, { index, signal: this.signal ?? NEVER });
    return isThenable(acc) ? this.#call.later(this, acc, item, index, undefined, this.#set) : this.#set(acc);
  }

  readonly #set = (acc: T): T => (this.#acc = acc);
}

/** A user function of accumulate: the accumulator, the item and its context; may be async. */
type Fn<T, A> = (acc: A, item: T, context: ItemContext) => A | PromiseLike<A>;

/**
 * With an initial value, toolz gives it first: the first item gives two outputs, hence an
 * expanding op (a reused iterator, no allocation per item); an empty input gives the
 * initial value alone, from `flush`.
 */
class AccumulateInitialOp<T, A> implements Op<T, A> {
  readonly name: string;
  readonly expands = true;
  done = false;
  position?: number | undefined;
  signal?: AbortSignal | undefined;
  pending?: Promise<Settled<A>> | undefined;
  readonly #fn: Fn<T, A>;
  readonly #call: UserFn<T, A>;
  readonly #out = new FewIterator<A>();
  #acc: A;
  #started = false;

  constructor(fn: Fn<T, A>, initial: A) {
    this.name = `accumulate(${fnName(fn)})`;
    this.#fn = fn;
    this.#acc = initial;
    this.#call = new UserFn((item, context) => fn(this.#acc, item, context), {}, this);
  }

  step(item: T, index: number): Iterator<A> | typeof ASYNC {
    const acc = this.#fn(this.#acc, item, { index, signal: this.signal ?? NEVER });
    return isThenable(acc) ? this.#call.later(this, acc, item, index, undefined, this.#emit) : this.#emit(acc);
  }

  /** The outputs for a new accumulator: the initial value first, for the first item. */
  readonly #emit = (acc: A): Iterator<A> => {
    const before = this.#acc;
    this.#acc = acc;
    if (this.#started) return this.#out.set(acc);
    this.#started = true;
    return this.#out.set(before, acc);
  };

  flush(): Iterator<A> | undefined {
    return this.#started ? undefined : this.#out.set(this.#acc);
  }
}

/**
 * The running results of `fn(acc, item, { index, signal })` (toolz `accumulate`, also known as
 * scan; `fn` may be async, each call waiting for the one before):
 * `[1, 2, 3]` with `+` gives `1, 3, 6`. With an `initial` value it comes first, as in toolz:
 * `initial, fn(initial, a), ...`, and an empty input gives `initial` alone. Memory: one
 * accumulator.
 *
 * @example
 * ```ts
 * const add = (a: number, b: number) => a + b;
 * await pipe([1, 2, 3], transforms.accumulate(add), sinks.collect()); // [1, 3, 6]
 * await pipe([1, 2, 3], transforms.accumulate(add, 10), sinks.collect()); // [10, 11, 13, 16]
 * ```
 */
export function accumulate<T>(fn: Fn<T, T>): Stage<T, T>;
export function accumulate<T, A>(fn: Fn<T, A>, initial: A): Stage<T, A>;
export function accumulate<T, A>(fn: Fn<T, A>, ...rest: [A?]): Stage<T, A> {
  validateFunction(fn, 'fn');
  if (rest.length === 0) return opStage(new AccumulateOp(fn as unknown as Fn<T, T>)) as unknown as Stage<T, A>;
  return opStage(new AccumulateInitialOp(fn, rest[0] as A));
}

/**
 * Another name for {@link accumulate} (the name most stream libraries use).
 *
 * @example
 * ```ts
 * await pipe([3, 1, 4], transforms.scan((a: number, b: number) => Math.max(a, b)), sinks.collect()); // [3, 3, 4]
 * ```
 */
export const scan = accumulate;
