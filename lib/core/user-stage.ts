/**
 * The options and the making of a user-function stage (map, filter, flatMap, tap): one call
 * at a time is an op, fused by `pipe()` with its neighbours; `{ concurrency: n > 1 }` is a
 * {@link ConcurrentStage}, a stream boundary of its own.
 */
import { validateOnError } from './error-policy.js';
import { declareFields, fieldsOption } from './field-use.js';
import { ConcurrentStage } from './concurrent-stage.js';
import type { Op, Settled, StepResult } from './op.js';
import { opStage } from './op-stage.js';
import { Retry } from './retry.js';
import type { Stage } from './types.js';
import { type ItemContext, NEVER, UserFn, type UserFnOptions } from './user-fn.js';
import { checkOptionNames, copyOptions, type OptionNames, validateBoolean, validateInteger } from './validate.js';

/**
 * Options of map, filter, flatMap and tap.
 *
 * @example
 * ```ts
 * const options: UserStageOptions<string> = { concurrency: 16, ordered: false, retry: { attempts: 3 }, onError: 'skip' };
 * await pipe(urls, transforms.map(fetchJson, options), sinks.collect());
 * ```
 */
export interface UserStageOptions<T = unknown> extends UserFnOptions<T> {
  /** Calls in flight at most. Default 1: one at a time, fused with the stages around it. */
  concurrency?: number | undefined;
  /** With concurrency > 1: emit in input order (default) or in completion order. */
  ordered?: boolean | undefined;
  /**
   * With concurrency > 1: items buffered beyond the calls in flight (default 16). Items in
   * flight plus items buffered never exceed `concurrency + highWaterMark`.
   */
  highWaterMark?: number | undefined;
  /**
   * The fields of an item the function reads (dotted paths for nested ones): then `pipe()`
   * may have a JSON source read only the fields the pipe reads (docs/records.md). Read
   * another, and it is missing.
   */
  fields?: readonly string[] | undefined;
}

/** The checked options, copied. */
export type CheckedOptions<T> = UserFnOptions<T> & { concurrency: number; ordered: boolean; highWaterMark: number; fields: readonly string[] | undefined };

const USER_STAGE_OPTIONS: OptionNames<UserStageOptions> = { concurrency: true, ordered: true, highWaterMark: true, retry: true, onError: true, fields: true };

/**
 * Copies and checks the options of a user-function stage (`where` names it in errors, e.g.
 * `transforms.map()`); throws at once on a bad or unknown one.
 */
export function userStageOptions<T>(options: UserStageOptions<T> | undefined, where: string): CheckedOptions<T> {
  const opts = copyOptions(checkOptionNames(options, USER_STAGE_OPTIONS, where));
  const { concurrency = 1, ordered = true, highWaterMark = 16 } = opts;
  validateInteger(concurrency, 'concurrency', 1);
  validateBoolean(ordered, 'ordered');
  validateInteger(highWaterMark, 'highWaterMark', 0);
  validateOnError(opts.onError);
  if (opts.retry !== undefined) new Retry(opts.retry); // checks it now, not at the first failure
  return { ...opts, concurrency, ordered, highWaterMark, fields: fieldsOption(opts.fields) };
}

/** What a user-function op keeps: its function with retry and policy. */
export interface UserOp<I, R, O> extends Op<I, O> {
  readonly call: UserFn<I, R>;
}

/**
 * The state every user-function op (map, filter, flatMap, tap) shares. Each writes its own
 * `step`, so that each call site of `fn` sees one kind of op and V8 can inline the user's
 * function there; only a thenable or a throw leaves `step`, for `call`.
 *
 * @example
 * ```ts
 * class NegateOp extends UserFnOp<number, number, unknown> {
 *   readonly expands = false;
 *   step(item: number, index: number) { return -(this.fn(item, this.context(index)) as number); }
 * }
 * ```
 */
export abstract class UserFnOp<I, O, R> implements UserOp<I, R, O> {
  readonly name: string;
  abstract readonly expands: boolean;
  done = false;
  position?: number | undefined;
  pending?: Promise<Settled<O>> | undefined;
  readonly call: UserFn<I, R>;
  protected readonly fn: (item: I, context: ItemContext) => unknown;
  /** Functions that name a second parameter get a context of their own per call. */
  readonly #fresh: boolean;
  readonly #shared: { index: number; signal: AbortSignal } = { index: 0, signal: NEVER };

  constructor(name: string, fn: (item: I, context: ItemContext) => unknown, options: UserFnOptions<I>) {
    this.name = name;
    this.fn = fn;
    this.#fresh = fn.length >= 2;
    this.call = new UserFn(fn as (item: I, context: ItemContext) => R, options, this);
  }

  get signal(): AbortSignal {
    return this.#shared.signal;
  }

  set signal(signal: AbortSignal | undefined) {
    this.#shared.signal = signal ?? NEVER;
  }

  get skipped(): number | undefined {
    return this.call.skipped;
  }

  /**
   * The context of the call on item `index`. A function that does not name the parameter
   * (`(x) => x * 2`, most sync ones) gets one object per op, updated per call: a fresh object
   * per item is a measurable cost of the fused loop (benchmarks/NOTES.md), and such a function
   * can reach it only through `arguments` or a rest parameter, and only during the call (the
   * op waits for a promise before it takes the next item).
   */
  protected context(index: number): ItemContext {
    const shared = this.#shared;
    if (this.#fresh) return { index, signal: shared.signal };
    shared.index = index;
    return shared;
  }

  abstract step(item: I, index: number): StepResult<O>;
}

/**
 * The stage for `op`: the op itself in an op stage, or with concurrency > 1 a concurrent
 * stage calling the same function, `output` turning its value into the stage's output.
 * `passes`: the stage outputs its input items themselves (filter, tap), which matters to
 * the fields it says it reads.
 *
 * @example
 * ```ts
 * return userStage(new MapOp(fn, opts), opts, (_item, value) => value);
 * ```
 */
export function userStage<I, R, O>(op: UserOp<I, R, O>, options: CheckedOptions<I>, output: (item: I, value: R) => unknown, passes = false): Stage<I, O> {
  // Only fused ops say what they read: a concurrent stage is a stream boundary, read whole.
  if (options.concurrency === 1) return opStage(declareFields(op, options.fields && { reads: options.fields, passes }));
  const { concurrency, ordered, highWaterMark } = options;
  const stage = new ConcurrentStage(op.name, op.call, output, { concurrency, ordered, highWaterMark, expands: op.expands });
  return stage as unknown as Stage<I, O>;
}
