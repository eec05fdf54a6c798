/**
 * Running a compiled loop (`lib/core/fuse.ts`) where it may suspend: {@link Runner} keeps the
 * batch and the place of the item that waits, and finishes both once the promise settled;
 * {@link CompiledChain} is the `Chain` interface over it that an op stage runs per written item.
 */
import { compile, type Compiled, type LoopResult, STOPPED, SUSPENDED, type Tail } from './fuse.js';
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

  /** Runs one item, as `run([item], 0)` does without the array. */
  runOne(item: unknown): LoopResult {
    const r = this.#compiled.from(0, item);
    if (r === SUSPENDED) this.#suspend(NONE);
    return r;
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

  constructor(ops: readonly Op<unknown, unknown>[], out: (item: unknown) => boolean) {
    this.ops = ops;
    const tail: Tail = {
      step(item) {
        out(item);
        return undefined;
      },
    };
    this.#runner = new Runner(ops, tail, ops[ops.length - 1]!);
  }

  /** Set while an op waits for a promise; resolves once it settled: then call `resume()`. */
  get pending(): Promise<void> | undefined {
    return this.#runner.pending;
  }

  get done(): boolean {
    for (const op of this.ops) if (op.done) return true;
    return false;
  }

  /** Runs one item; false while it waits for a promise. */
  feed(item: unknown): boolean {
    return this.#runner.runOne(item) !== SUSPENDED;
  }

  /** Runs the items of a batch from `start`; false while one waits for a promise. */
  feedBatch(batch: ArrayLike<unknown>, start: number): boolean {
    return this.#runner.run(batch, start) !== SUSPENDED;
  }

  resume(): boolean {
    if (this.#runner.pending === undefined) return true;
    return this.#runner.resume() !== SUSPENDED;
  }

  flush(): boolean {
    return this.resume();
  }
}
