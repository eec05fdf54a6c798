/**
 * Calling a user function from a stage: what map, filter, flatMap, tap and the sinks' key and
 * reducer functions share. The function gets `(item, { index, signal })`; a thenable it
 * returns is awaited; a failure is retried (`retry`) and then failed, skipped or sent to a
 * dead letter (`onError`). The sync path stays in the caller's own code: only a thenable or a
 * throw reaches this file, so a sync function pays nothing for async support.
 */
import { ErrorPolicy, type OnError } from './error-policy.js';
import { StageError } from './errors.js';
import { ASYNC, isThenable, type Op, type Settled } from './op.js';
import { Retry, sleep, type RetryOptions } from './retry.js';
import { stageError, type StageWhere } from './stage-error.js';
import { checkOptionNames, copyOptions, type OptionNames } from './validate.js';

/**
 * What a user function receives with each item.
 *
 * @example
 * ```ts
 * await pipe(ids, transforms.map(async (id: string, { index, signal }: ItemContext) => fetchUser(id, { signal, attempt: index })), sinks.collect());
 * ```
 */
export interface ItemContext {
  /** 0-based index of the item in the stage's input. */
  readonly index: number;
  /** Aborts when the pipe is aborted or fails: pass it on (`fetch(url, { signal })`). */
  readonly signal: AbortSignal;
}

/**
 * The options every user-function stage takes.
 *
 * @example
 * ```ts
 * await pipe(records, sinks.countBy((r: Row) => lookup(r.zip), { onError: 'skip' } satisfies UserFnOptions<Row>));
 * ```
 */
export interface UserFnOptions<T = unknown> {
  /** Call again after a failure, with exponential backoff (see `RetryOptions`). */
  retry?: RetryOptions | undefined;
  /** What to do with an item whose call failed: `'fail'` (default), `'skip'`, or a dead letter. */
  onError?: OnError<T> | undefined;
}

const USER_FN_OPTIONS: OptionNames<UserFnOptions> = { retry: true, onError: true };

/**
 * Copies the options of a sink's user function (`where` names the sink in errors, e.g.
 * `sinks.countBy()`; `more` are the sink's own option names), throwing at once on an unknown
 * or bad one.
 *
 * @example
 * ```ts
 * const opts = userFnOptions(options, 'sinks.countBy()');
 * ```
 */
export function userFnOptions<O extends UserFnOptions<never>>(options: O | undefined, where: string, more: Readonly<Record<string, true>> = {}): Partial<O> {
  const opts = copyOptions(checkOptionNames(options, { ...USER_FN_OPTIONS, ...more }, where));
  new UserFn(() => undefined, opts, { name: where }); // checks retry and onError now
  return opts;
}

/** A signal that never aborts, for functions called outside any running stage. */
export const NEVER: AbortSignal = new AbortController().signal;

/** What {@link UserFn.settle} resolves to for an item skipped under `onError`. */
export const FAILED: unique symbol = Symbol('streamtoolz.failed');

/** A call that threw, as an outcome to settle like a rejected promise. */
class Thrown {
  constructor(readonly error: unknown) {}
}

/** What a reducer does with the value of a call on an item; a promise it returns is awaited. */
export type Use<I, R> = (value: R, item: I, index: number) => void | Promise<void>;

/** What one call gave: a value, a thenable, or a throw. */
export type Outcome<R> = R | PromiseLike<R> | Thrown;

/**
 * A user function with its retry and error policy, for one stage.
 *
 * @example
 * ```ts
 * const call = new UserFn(fn, { retry: { attempts: 3 } }, op);
 * const value = await call.settle(fn(item, { index, signal }), item, index, signal);
 * ```
 */
export class UserFn<I, R> {
  readonly fn: (item: I, context: ItemContext) => R | PromiseLike<R>;
  readonly #retry: Retry | undefined;
  readonly #policy: ErrorPolicy<I>;
  readonly #stage: StageWhere;

  constructor(fn: (item: I, context: ItemContext) => R | PromiseLike<R>, options: UserFnOptions<I>, stage: StageWhere) {
    this.fn = fn;
    this.#retry = options.retry === undefined ? undefined : new Retry(options.retry);
    this.#policy = new ErrorPolicy(options.onError, stage.name);
    this.#stage = stage;
  }

  /** Items skipped or sent to the dead letter so far; undefined under `'fail'`. */
  get skipped(): number | undefined {
    return this.#policy.fails ? undefined : this.#policy.skipped;
  }

  /**
   * After a call threw: rethrows (the loop names the item), or gives {@link FAILED} at once
   * (skipped), or a promise of the retried value or of the dead letter's end.
   */
  recover(err: unknown, item: I, index: number, signal: AbortSignal): typeof FAILED | Promise<R | typeof FAILED> {
    if (this.#retry !== undefined) return this.settle(new Thrown(err), item, index, signal);
    if (this.#policy.fails) throw err;
    const handled = this.#policy.handle({ error: stageError(this.#stage, index, err), item, index, stage: this.#stage.name });
    return handled === undefined ? FAILED : handled.then(() => FAILED);
  }

  /** For an op whose call threw: answers `skip` at once, or {@link ASYNC} with `op.pending` set. */
  thrown<O, S>(op: Op<I, O>, err: unknown, item: I, index: number, skip: S, toOutput: (value: R) => unknown): S | typeof ASYNC {
    const r = this.recover(err, item, index, op.signal ?? NEVER);
    if (r === FAILED) return skip;
    op.pending = r.then((v) => (v === FAILED ? skip : toOutput(v))) as Promise<Settled<O>>;
    return ASYNC;
  }

  /**
   * For a reducer: calls the function on the item and hands its value to `use`, at once for a
   * sync value, or once a promise settled: then returns the promise the reducer's loop waits
   * for. An item skipped under `onError` never reaches `use`.
   */
  apply(item: I, index: number, signal: AbortSignal, use: Use<I, R>): void | Promise<void> {
    let r: R | PromiseLike<R>;
    try {
      r = this.fn(item, { index, signal });
    } catch (err) {
      return this.#then(this.recover(err, item, index, signal), item, index, use);
    }
    if (isThenable(r)) return this.#then(this.settle(r, item, index, signal), item, index, use);
    return use(r, item, index);
  }

  #then(r: typeof FAILED | Promise<R | typeof FAILED>, item: I, index: number, use: Use<I, R>): void | Promise<void> {
    if (r === FAILED) return;
    return r.then((v) => (v === FAILED ? undefined : use(v, item, index)));
  }

  /** For an op whose call returned a thenable: its settled output goes to `op.pending`. */
  later<O, S>(op: Op<I, O>, first: Outcome<R>, item: I, index: number, skip: S, toOutput: (value: R) => unknown): typeof ASYNC {
    const settled = this.settle(first, item, index, op.signal ?? NEVER).then((v) => (v === FAILED ? skip : toOutput(v)));
    op.pending = settled as Promise<Settled<O>>;
    return ASYNC;
  }

  /**
   * The value of a call: awaits `first`, retries while the policy allows, and resolves with
   * {@link FAILED} for an item skipped under `onError`. Rejects with a StageError naming the
   * stage, the item and the attempts; or with the abort, once the signal has aborted.
   */
  async settle(first: Outcome<R>, item: I, index: number, signal: AbortSignal): Promise<R | typeof FAILED> {
    let outcome = first;
    for (let attempt = 1; ; attempt++) {
      try {
        if (outcome instanceof Thrown) throw outcome.error;
        return await outcome;
      } catch (err) {
        if (signal.aborted) throw err;
        const retry = this.#retry;
        if (retry?.again(err, attempt)) {
          await sleep(retry.delay(attempt), signal);
          outcome = this.attempt(item, index, signal);
          continue;
        }
        const error =
          retry === undefined
            ? stageError(this.#stage, index, err)
            : new StageError({ stage: this.#stage.name, position: this.#stage.position, index, attempts: attempt }, err);
        await this.#policy.handle({ error, item, index, stage: this.#stage.name });
        return FAILED;
      }
    }
  }

  /** One call, a throw caught as an outcome for {@link UserFn.settle}. */
  attempt(item: I, index: number, signal: AbortSignal): Outcome<R> {
    try {
      return this.fn(item, { index, signal });
    } catch (err) {
      return new Thrown(err);
    }
  }
}
