import { fnName, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction } from '../lib/core/validate.js';
import { FewIterator } from './few-iterator.js';

const NONE: unique symbol = Symbol('none');

/** Without an initial value: one output per item, the running result. */
class AccumulateOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #fn: (acc: T, item: T, index: number) => T;
  #acc: T | typeof NONE = NONE;

  constructor(fn: (acc: T, item: T, index: number) => T) {
    this.name = `accumulate(${fnName(fn)})`;
    this.#fn = fn;
  }

  step(item: T, index: number): T {
    const acc = this.#acc === NONE ? item : this.#fn(this.#acc, item, index);
    this.#acc = acc;
    return acc;
  }
}

/**
 * With an initial value, toolz gives it first: the first item gives two outputs, hence an
 * expanding op (a reused iterator, no allocation per item); an empty input gives the
 * initial value alone, from `flush`.
 */
class AccumulateInitialOp<T, A> implements Op<T, A> {
  readonly name: string;
  readonly expands = true;
  done = false;
  readonly #fn: (acc: A, item: T, index: number) => A;
  readonly #out = new FewIterator<A>();
  #acc: A;
  #started = false;

  constructor(fn: (acc: A, item: T, index: number) => A, initial: A) {
    this.name = `accumulate(${fnName(fn)})`;
    this.#fn = fn;
    this.#acc = initial;
  }

  step(item: T, index: number): Iterator<A> {
    const before = this.#acc;
    const acc = this.#fn(before, item, index);
    this.#acc = acc;
    if (this.#started) return this.#out.set(acc);
    this.#started = true;
    return this.#out.set(before, acc);
  }

  flush(): Iterator<A> | undefined {
    return this.#started ? undefined : this.#out.set(this.#acc);
  }
}

/**
 * The running results of `fn(acc, item, index)` (toolz `accumulate`, also known as scan):
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
export function accumulate<T>(fn: (acc: T, item: T, index: number) => T): Stage<T, T>;
export function accumulate<T, A>(fn: (acc: A, item: T, index: number) => A, initial: A): Stage<T, A>;
export function accumulate<T, A>(fn: (acc: A, item: T, index: number) => A, ...rest: [A?]): Stage<T, A> {
  validateFunction(fn, 'fn');
  if (rest.length === 0) return opStage(new AccumulateOp(fn as unknown as (acc: T, item: T, index: number) => T)) as unknown as Stage<T, A>;
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
