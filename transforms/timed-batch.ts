/**
 * `batch(size, { maxWait })`: batches that go out when full or when their oldest item has
 * waited `maxWait` ms, whichever comes first, so that a slow trickle of items is not held
 * back (a service writing to a database in bulk). A Transform of its own, not a fusable op:
 * an op only runs when an item arrives, and this stage must also act when none does.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { kName } from '../lib/core/symbols.js';
import type { Stage } from '../lib/core/types.js';
import { type Clock, systemClock } from '../lib/util/clock.js';

/**
 * The stage behind `batch(size, { maxWait })`. Never emits an empty batch; the last partial
 * batch is emitted at the end; the timer is cleared at the end, on an error and on abort.
 *
 * @example
 * ```ts
 * const stage = new TimedBatch<Event>(500, 1000); // 500 events, or what came within 1 s
 * ```
 */
export class TimedBatch<T> extends Transform implements Stage<T, T[]> {
  readonly [kName]: string;
  readonly #size: number;
  readonly #maxWait: number;
  readonly #clock: Clock;
  #current: T[] = [];
  #timer: unknown;

  constructor(size: number, maxWait: number, clock: Clock = systemClock) {
    super({ objectMode: true });
    this[kName] = `batch(${size}, maxWait=${maxWait})`;
    this.#size = size;
    this.#maxWait = maxWait;
    this.#clock = clock;
  }

  override _transform(item: T, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#current.push(item);
    if (this.#current.length >= this.#size) this.#emit();
    else if (this.#current.length === 1) this.#timer = this.#clock.setTimeout(this.#onTimer, this.#maxWait);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#emit();
    callback();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#stopTimer();
    this.#current = [];
    callback(err);
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    // While the consumer is full, upstream is already held back (the write callback waits),
    // so this pushes at most one batch past the highWaterMark.
    if (!this.destroyed) this.#emit();
  };

  #emit(): void {
    this.#stopTimer();
    const batch = this.#current;
    if (batch.length === 0) return;
    this.#current = [];
    this.push(batch);
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
