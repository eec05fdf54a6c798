/**
 * Time as the timed stages (batch's `maxWait`, rateLimit) see it: a monotonic `now()` in
 * milliseconds and one-shot timers. The system clock is the default; tests give a fake one,
 * so that timing is stepped, not waited for.
 */

/** A monotonic clock in milliseconds, with one-shot timers. */
export interface Clock {
  /** Milliseconds since some fixed point; never goes back. */
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer set by {@link Clock.setTimeout} (a fired or cleared one is ignored). */
  clearTimeout(timer: unknown): void;
}

/**
 * The process's clock: `performance.now()` and Node's timers.
 *
 * @example
 * ```ts
 * const timer = systemClock.setTimeout(() => flush(), 50);
 * systemClock.clearTimeout(timer);
 * ```
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};
