/**
 * The stepped clock of the timed stages' tests (`stepped-clock.ts`), installed in place of the
 * global `setTimeout` and `clearTimeout`: for code that looks the timer functions up when it
 * runs (retry's backoff, `lib/core/retry.ts`) rather than taking a clock. Mocha keeps its own
 * references to the real timers, so its timeouts still work.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { SteppedClock } from './stepped-clock.js';

export class FakeClock extends SteppedClock {
  #restore: (() => void) | undefined;

  /** Replaces the global timer functions; returns this clock. */
  install(): this {
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    globalThis.setTimeout = ((fn: () => void, ms = 0) => this.setTimeout(fn, ms)) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((timer: unknown) => this.clearTimeout(timer)) as unknown as typeof clearTimeout;
    this.#restore = () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    };
    return this;
  }

  uninstall(): void {
    this.#restore?.();
    this.#restore = undefined;
  }

  /** Lets promises and stream callbacks run until a timer is pending (or `turns` run out). */
  async untilTimer(turns = 1000): Promise<boolean> {
    for (let i = 0; i < turns && this.pending === 0; i++) await tick();
    return this.pending > 0;
  }

  /** Moves time on to the timer set last and fires it (one is pending at a time here), then lets its work run a turn. */
  async fireNext(): Promise<void> {
    if (this.pending === 0) throw new Error('no timer pending');
    this.tick(this.delays.at(-1)!);
    await tick();
  }
}
