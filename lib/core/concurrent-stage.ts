/**
 * The stage of a user function with `{ concurrency: n }`, n > 1: up to n calls in flight, the
 * results emitted in input order (`ordered: true`, the default) or as they complete.
 *
 * Ordered output waits for the oldest call, but one slow call does not hold the other n − 1
 * slots: calls go on starting while fewer than n are in flight and the window of items taken
 * and not yet read downstream (in flight, finished and waiting their turn, or in the readable
 * buffer) is below n + highWaterMark. That window bounds memory however slow the consumer,
 * and a stalled head occupies only it (nodejs/node#46132; Node's operators.js `map` bounds its
 * queue the same way).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { AbortError } from './errors.js';
import { SKIP } from './op.js';
import { ReorderWindow, type Slot } from './reorder-window.js';
import { stageError } from './stage-error.js';
import { kName, kSkipped } from './symbols.js';
import { FAILED, type UserFn } from './user-fn.js';

/** How a concurrent stage runs: see {@link ConcurrentStage}. */
export interface ConcurrentOptions {
  concurrency: number;
  ordered: boolean;
  highWaterMark: number;
  /** The stage emits the elements of an iterable per item (flatMap). */
  expands: boolean;
}

/**
 * A Transform calling a user function on up to `concurrency` items at a time.
 *
 * @example
 * ```ts
 * const stage = new ConcurrentStage('map(fetchUser)', call, (item, user) => user, { concurrency: 8, ordered: true, highWaterMark: 16, expands: false });
 * ```
 */
export class ConcurrentStage<I, R> extends Transform {
  readonly [kName]: string;
  readonly #call: UserFn<I, R>;
  readonly #output: (item: I, value: R) => unknown;
  readonly #options: ConcurrentOptions;
  readonly #controller = new AbortController();
  readonly #window: ReorderWindow;
  #inFlight = 0;
  #index = 0;
  #held: TransformCallback | null = null;
  #flushed: TransformCallback | null = null;

  constructor(name: string, call: UserFn<I, R>, output: (item: I, value: R) => unknown, options: ConcurrentOptions) {
    super({ objectMode: true, highWaterMark: options.highWaterMark });
    this[kName] = name;
    this.#call = call;
    this.#output = output;
    this.#options = options;
    this.#window = new ReorderWindow(options.ordered, options.expands, {
      push: (value) => this.#push(value),
      fail: (index, err) => this.destroy(stageError({ name: this[kName] }, index, err)),
      wake: () => {
        this.#window.drain();
        this.#release();
      },
    });
  }

  /** Items skipped under the `onError` policy. */
  get [kSkipped](): number | undefined {
    return this.#call.skipped;
  }

  override _transform(item: I, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#start(item);
    if (this.#room()) callback();
    else this.#held = callback;
  }

  override _flush(callback: TransformCallback): void {
    this.#flushed = callback;
    this.#release();
  }

  override _read(size: number): void {
    this.#window.drain();
    this.#release();
    super._read(size);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#controller.abort(err ?? new AbortError());
    this.#window.close();
    callback(err);
  }

  #start(item: I): void {
    const slot = this.#window.take(this.#index++);
    this.#inFlight++;
    const signal = this.#controller.signal;
    const call = this.#call;
    const skip = this.#options.expands ? undefined : SKIP;
    call
      .settle(call.attempt(item, slot.index, signal), item, slot.index, signal)
      .then((v) => (v === FAILED ? skip : this.#output(item, v)))
      .then(
        (out) => this.#finished(slot, true, out),
        (err: unknown) => this.#finished(slot, false, err),
      );
  }

  #finished(slot: Slot, ok: boolean, value: unknown): void {
    this.#inFlight--;
    if (this.destroyed) return;
    if (!ok) return void this.destroy(stageError({ name: this[kName] }, slot.index, value));
    this.#window.finish(slot, value);
    this.#window.drain();
    this.#release();
  }

  /** True when another item may start: a free slot, and room in the window. */
  #room(): boolean {
    const { concurrency, ordered, highWaterMark } = this.#options;
    const taken = (ordered ? 0 : this.#inFlight) + this.#window.size + this.readableLength;
    return this.#inFlight < concurrency && taken < concurrency + highWaterMark;
  }

  /** Hands the held write back once there is room, and ends the stage once all is out. */
  #release(): void {
    const held = this.#held;
    if (held !== null && this.#room()) {
      this.#held = null;
      held();
    }
    const flushed = this.#flushed;
    if (flushed !== null && this.#inFlight === 0 && this.#window.size === 0) {
      this.#flushed = null;
      flushed();
    }
  }

  #push(value: unknown): boolean {
    if (value === null) {
      this.destroy(stageError({ name: this[kName] }, undefined, new TypeError('null cannot flow through a Node stream (it means end of stream)')));
      return false;
    }
    return this.push(value);
  }
}
