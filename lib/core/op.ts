/**
 * The fusable form of a per-item stage. A stage such as `map(f)` or `kmers(6)` is an `Op`
 * wrapped in a Transform (`lib/core/op-stage.ts`); `pipe()` and `compose()` take the ops of
 * adjacent stages and run them in one loop (`lib/core/chain.ts`, `lib/core/fuse.ts`), so that a
 * pipe of small functions pays one stream boundary per run of stages instead of one per stage.
 *
 * An op whose user function returns a promise answers {@link ASYNC} and leaves the promise of
 * its result in `pending`: the loop running it stops there and goes on once it settles. A sync
 * result costs the loop one comparison more, never a promise.
 *
 * Ops are stateful and single-use, like the streams that carry them.
 */

/**
 * Returned by `step()`: this item gives no output (filter, drop, unique).
 *
 * @example
 * ```ts
 * const evens: Op<number, number> = { name: 'evens', expands: false, done: false, step: (x) => (x % 2 === 0 ? x : SKIP) };
 * ```
 */
export const SKIP: unique symbol = Symbol('streamtoolz.skip');

/** Returned by `step()`: the result comes later, as the value of `op.pending`. */
export const ASYNC: unique symbol = Symbol('streamtoolz.async');

/**
 * What `step()` returns: one output, {@link SKIP}, {@link ASYNC}, or (for expanding ops) an
 * iterator, sync or async.
 *
 * @example
 * ```ts
 * const odd: Op<number, number> = { name: 'odd', expands: false, done: false, step: (x): StepResult<number> => (x % 2 ? x : SKIP) };
 * ```
 */
export type StepResult<O> = O | typeof SKIP | typeof ASYNC | Iterator<O> | AsyncIterator<O> | undefined;

/** What `op.pending` settles to: a step result that is never {@link ASYNC}. */
export type Settled<O> = Exclude<StepResult<O>, typeof ASYNC>;

/**
 * A per-item operation.
 *
 * @example
 * ```ts
 * const double: Op<number, number> = { name: 'double', expands: false, done: false, step: (x) => x * 2 };
 * const stage = opStage(double); // a Transform
 * ```
 */
export interface Op<I, O> {
  /** Display name for errors and stats, e.g. `map(double)`, `kmers(k=6)`. */
  readonly name: string;
  /**
   * false: `step` returns one output or {@link SKIP}.
   * true: `step` returns an `Iterator` (or `AsyncIterator`) of outputs, driven lazily so that
   * a huge expansion never sits in memory, or `undefined` for none.
   */
  readonly expands: boolean;
  /** Set to true once no further input can give output (take). */
  done: boolean;
  /** 1-based position among `pipe()`'s arguments; set by `pipe()` for error messages. */
  position?: number | undefined;
  /**
   * Set by the stage that runs the op before its first step: aborts when that stage is torn
   * down (the pipe failed or was aborted). User functions receive it.
   */
  signal?: AbortSignal | undefined;
  /** After `step()` returned {@link ASYNC}: the promise of its result. */
  pending?: Promise<Settled<O>> | undefined;
  /** Items dropped or sent to a dead letter under an `onError` policy (see `kSkipped`). */
  readonly skipped?: number | undefined;
  /** Called once per input item, `index` counting from 0. May throw: the error is wrapped. */
  step(item: I, index: number): StepResult<O>;
  /** Called once at the end of the input; may give final outputs (the last partial batch). */
  flush?(): Iterator<O> | undefined;
}

/** The display name of a user function: `double`, or `<anonymous>`. */
export function fnName(fn: { readonly name: string }): string {
  return fn.name || '<anonymous>';
}

/** True for a promise or any other thenable, which a stage awaits rather than emits. */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return ((typeof x === 'object' && x !== null) || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Calls an iterator's `return()`, if it has one, so that a generator's `finally` runs; what
 * that throws or rejects with is dropped (the pipe is ending anyway).
 *
 * @example
 * ```ts
 * closeIterator(frame.it); // a flatMap generator left half-read
 * ```
 */
export function closeIterator(it: Iterator<unknown> | AsyncIterator<unknown>): void {
  try {
    const r: unknown = it.return?.();
    if (r instanceof Promise) r.catch(() => {});
  } catch {
    // a generator that throws in its finally: the pipe is ending anyway
  }
}
