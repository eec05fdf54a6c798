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
import { stageError } from './stage-error.js';
import { kName, kSkipped } from './symbols.js';
import { FAILED, type UserFn } from './user-fn.js';

interface Slot {
  index: number;
  done: boolean;
  /** The output: a value, SKIP, or for expanding stages an iterator (or undefined). */
  value: unknown;
}

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
  /** Ordered: every item taken and not yet emitted, in input order. Unordered: finished ones. */
  readonly #slots: Slot[] = [];
  #inFlight = 0;
  #index = 0;
  #held: TransformCallback | null = null;
  #flushed: TransformCallback | null = null;
  /** An async iterator's `next()` is pending (flatMap of async iterables). */
  #pulling = false;
  #draining = false;
  #again = false;

  constructor(name: string, call: UserFn<I, R>, output: (item: I, value: R) => unknown, options: ConcurrentOptions) {
    super({ objectMode: true, highWaterMark: options.highWaterMark });
    this[kName] = name;
    this.#call = call;
    this.#output = output;
    this.#options = options;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.#inFlight;
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
    this.#drain();
    this.#release();
    super._read(size);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#controller.abort(err ?? new AbortError());
    this.#slots.length = 0;
    callback(err);
  }

  #start(item: I): void {
    const slot: Slot = { index: this.#index++, done: false, value: undefined };
    if (this.#options.ordered) this.#slots.push(slot);
    this.#inFlight++;
    const signal = this.#controller.signal;
    const call = this.#call;
    call.settle(call.attempt(item, slot.index, signal), item, slot.index, signal).then(
      (v) => {
        let out: unknown;
        try {
          out = v === FAILED ? (this.#options.expands ? undefined : SKIP) : this.#output(item, v);
        } catch (err) {
          return this.#finished(slot, undefined, err);
        }
        this.#finished(slot, out);
      },
      (err: unknown) => this.#finished(slot, undefined, err),
    );
  }

  #finished(slot: Slot, value: unknown, err?: unknown): void {
    this.#inFlight--;
    if (this.destroyed) return;
    if (err !== undefined) return void this.destroy(stageError({ name: this[kName] }, slot.index, err));
    slot.done = true;
    slot.value = value;
    if (!this.#options.ordered) this.#slots.push(slot);
    this.#drain();
    this.#release();
  }

  /** True when another item may start: a free slot, and room in the window. */
  #room(): boolean {
    const { concurrency, ordered, highWaterMark } = this.#options;
    const taken = (ordered ? this.#slots.length : this.#inFlight + this.#slots.length) + this.readableLength;
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
    if (flushed !== null && this.#inFlight === 0 && this.#slots.length === 0) {
      this.#flushed = null;
      flushed();
    }
  }

  /**
   * Emits finished outputs from the head while the consumer takes them. A push can make the
   * consumer read at once and re-enter here: the outer loop then goes on instead.
   */
  #drain(): void {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    try {
      do {
        this.#again = false;
        this.#drainOnce();
      } while (this.#again && !this.destroyed);
    } finally {
      this.#draining = false;
    }
  }

  #drainOnce(): void {
    const slots = this.#slots;
    while (slots.length > 0 && !this.destroyed) {
      const head = slots[0]!;
      if (!head.done || this.#pulling) return;
      if (!this.#options.expands) {
        slots.shift();
        if (head.value !== SKIP && !this.#push(head.value)) return;
        continue;
      }
      const it = head.value as Iterator<unknown> | AsyncIterator<unknown> | undefined;
      if (it === undefined) {
        slots.shift();
        continue;
      }
      if (typeof (it as AsyncIterableIterator<unknown>)[Symbol.asyncIterator] === 'function') return this.#pull(head, it as AsyncIterator<unknown>);
      for (;;) {
        let r: IteratorResult<unknown>;
        try {
          r = (it as Iterator<unknown>).next();
        } catch (err) {
          return void this.destroy(stageError({ name: this[kName] }, head.index, err));
        }
        if (r.done === true) break;
        if (!this.#push(r.value)) return;
      }
      slots.shift();
    }
  }

  /** One element of an async iterator at the head; draining goes on when it comes. */
  #pull(head: Slot, it: AsyncIterator<unknown>): void {
    this.#pulling = true;
    it.next().then(
      (r) => {
        this.#pulling = false;
        if (this.destroyed) return;
        if (r.done === true) this.#slots.shift();
        else if (!this.#push(r.value)) return;
        this.#drain();
        this.#release();
      },
      (err: unknown) => this.destroy(stageError({ name: this[kName] }, head.index, err)),
    );
  }

  #push(value: unknown): boolean {
    if (value === null) {
      this.destroy(stageError({ name: this[kName] }, undefined, new TypeError('null cannot flow through a Node stream (it means end of stream)')));
      return false;
    }
    return this.push(value);
  }
}
