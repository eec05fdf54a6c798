/**
 * `rateLimit(limit, intervalMs)`: at most `limit` items pass in any `intervalMs` window. A
 * token bucket of `limit` tokens where each token comes back `intervalMs` after it was
 * spent (so bursts of up to `limit` pass at once, and no window of `intervalMs`, wherever it
 * starts, sees more). An item without a token waits, and its write callback with it: the
 * stage holds back upstream through backpressure and never buffers more than its
 * highWaterMark, however fast the source.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { kName } from '../lib/core/symbols.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger, validateNumber } from '../lib/core/validate.js';
import { type Clock, systemClock } from '../lib/util/clock.js';

/** Most tokens a bucket holds: one timestamp (8 bytes) each. */
const MAX_LIMIT = 1 << 20;
/** The longest delay Node's timers take (about 24.8 days). */
const MAX_INTERVAL = 2 ** 31 - 1;

/**
 * The stage behind {@link rateLimit}; the clock is the system's unless a test steps its own.
 *
 * @example
 * ```ts
 * const stage = new RateLimit<Request>(10, 1000); // 10 a second
 * ```
 */
export class RateLimit<T> extends Transform implements Stage<T, T> {
  readonly [kName]: string;
  readonly #limit: number;
  readonly #interval: number;
  readonly #clock: Clock;
  /** When each of the last `limit` items passed, as a ring: `#next` is the oldest. */
  readonly #spent: Float64Array;
  #next = 0;
  #passed = 0;
  #timer: unknown;

  constructor(limit: number, intervalMs: number, clock: Clock = systemClock) {
    super({ objectMode: true });
    this[kName] = `rateLimit(${limit}/${intervalMs}ms)`;
    this.#limit = limit;
    this.#interval = intervalMs;
    this.#clock = clock;
    this.#spent = new Float64Array(limit);
  }

  override _transform(item: T, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#admit(item, callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    callback(err);
  }

  #admit(item: T, callback: TransformCallback): void {
    const now = this.#clock.now();
    if (this.#passed >= this.#limit) {
      const free = (this.#spent[this.#next] as number) + this.#interval;
      if (now < free) {
        // Timers may fire a little early by this clock: #admit checks again and waits on.
        this.#timer = this.#clock.setTimeout(
          () => {
            this.#timer = undefined;
            if (!this.destroyed) this.#admit(item, callback);
          },
          Math.max(1, Math.ceil(free - now)),
        );
        return;
      }
    }
    this.#spent[this.#next] = now;
    this.#next = (this.#next + 1) % this.#limit;
    this.#passed++;
    this.push(item);
    callback();
  }
}

/**
 * Lets at most `limit` items pass in any window of `intervalMs` milliseconds (up to `limit`
 * at once, then one more each time the oldest pass is `intervalMs` old), by holding back
 * upstream: calls to a rate-limited API, in a pipe. `limit` is an integer from 1 to 2^20
 * (a timestamp is kept per token); `intervalMs` at least 1.
 *
 * @example
 * ```ts
 * await pipe(ids, transforms.rateLimit(10, 1000), transforms.map(fetchUser, { concurrency: 4 }), sinks.collect());
 * ```
 */
export function rateLimit<T>(limit: number, intervalMs: number): Stage<T, T> {
  validateInteger(limit, 'limit', 1, MAX_LIMIT);
  validateNumber(intervalMs, 'intervalMs', 1, MAX_INTERVAL);
  return new RateLimit<T>(limit, intervalMs);
}
