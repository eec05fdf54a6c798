/**
 * Running a compiled loop (`lib/core/fuse.ts`) where it may suspend: {@link Runner} keeps the
 * batch and the place of the item that waits, and finishes both once the promise settled;
 * {@link CompiledChain} is the `Chain` interface over it that an op stage runs per written item.
 */
import { compile, type Compiled, type LoopResult, MORE, STOPPED, SUSPENDED, type Tail } from './fuse.js';
import { SKIP, type Op } from './op.js';
import { STOP } from './sink.js';
import { stageError, type StageWhere } from './stage-error.js';
import { Waiting } from './waiting.js';

const NONE: readonly unknown[] = [];

/**
 * A compiled loop with its suspension handled.
 *
 * @example
 * ```ts
 * const runner = new Runner(ops, reducer, info);
 * let r = runner.run(batch, 0);
 * while (r === SUSPENDED) { await runner.pending; r = runner.resume(); }
 * ```
 */
export class Runner {
  readonly ops: readonly Op<unknown, unknown>[];
  readonly #compiled: Compiled;
  readonly #tailInfo: StageWhere;
  #batch: ArrayLike<unknown> = NONE;
  #waiting: Waiting | undefined;

  constructor(ops: readonly Op<unknown, unknown>[], tail: Tail, tailInfo: StageWhere) {
    this.ops = ops;
    this.#compiled = compile(ops, tail, tailInfo);
    this.#tailInfo = tailInfo;
  }

  /** Set while the loop waits; resolves (never rejects) once the promise settled. */
  get pending(): Promise<void> | undefined {
    return this.#waiting?.done;
  }

  /** Runs items `start...` of `batch`; on SUSPENDED wait for `pending`, then `resume()`. */
  run(batch: ArrayLike<unknown>, start: number): LoopResult {
    const r = this.#compiled.loop(batch, start);
    if (r === SUSPENDED) this.#suspend(batch);
    return r;
  }

  /** The loop's one-item entry: `from(0, item)` runs one item; SUSPENDED then calls for `suspended()`. */
  get from(): Compiled['from'] {
    return this.#compiled.from;
  }

  /** After `from(0, item)` gave SUSPENDED: starts waiting, as `run` does. */
  suspended(): void {
    this.#suspend(NONE);
  }

  /** Finishes the item that waited, then the rest of its batch. SUSPENDED while it still waits. */
  resume(): LoopResult {
    const waiting = this.#waiting;
    if (waiting === undefined || !waiting.settled) return SUSPENDED;
    this.#waiting = undefined;
    const compiled = this.#compiled;
    const { at, level } = compiled.waiting();
    const n = this.ops.length;
    const value = waiting.value((err) => stageError(level === n ? this.#tailInfo : this.ops[level]!, compiled.index(level), err));
    let r: LoopResult;
    if (level === n) r = value === STOP ? STOPPED : compiled.from(n + 1, undefined);
    else r = value === SKIP ? compiled.from(n + 1, undefined) : compiled.from(level + 1, value);
    const batch = this.#batch;
    this.#batch = NONE;
    if (r === SUSPENDED) {
      this.#suspend(batch);
      return r;
    }
    return r === STOPPED ? r : this.run(batch, at + 1);
  }

  #suspend(batch: ArrayLike<unknown>): void {
    this.#batch = batch;
    this.#waiting = new Waiting(this.#compiled.waiting().promise);
  }
}

/**
 * The `Chain` interface for one-to-one ops, compiled: what an op stage runs per written item
 * when none of its ops expands. With nothing to drive lazily there is never output pending: a
 * full consumer is the Transform's business, as for any core Transform.
 */
export class CompiledChain {
  readonly ops: readonly Op<unknown, unknown>[];
  readonly #runner: Runner;
  /** The compiled one-item loop, called directly: this runs once per item. */
  readonly #from: Compiled['from'];
  /** An op is done (the loop said STOPPED): no further input can give output. */
  #done = false;

  constructor(ops: readonly Op<unknown, unknown>[], out: (item: unknown) => boolean) {
    this.ops = ops;
    const tail: Tail = { step: out, quiet: true };
    this.#runner = new Runner(ops, tail, ops[ops.length - 1]!);
    this.#from = this.#runner.from;
    this.#done = ops.some((op) => op.done);
  }

  /** Set while an op waits for a promise; resolves once it settled: then call `resume()`. */
  get pending(): Promise<void> | undefined {
    return this.#runner.pending;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Runs one item; false while it waits for a promise. */
  feed(item: unknown): boolean {
    const r = this.#from(0, item);
    if (r === MORE) return true;
    if (r === SUSPENDED) this.#runner.suspended();
    return this.#after(r);
  }

  resume(): boolean {
    if (this.#runner.pending === undefined) return true;
    return this.#after(this.#runner.resume());
  }

  flush(): boolean {
    return this.resume();
  }

  #after(r: LoopResult): boolean {
    if (r === STOPPED) this.#done = true;
    return r !== SUSPENDED;
  }
}
