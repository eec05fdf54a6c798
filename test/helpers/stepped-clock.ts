/** A stepped clock given to the timed stages (batch maxWait, rateLimit) in their tests: time moves only when a test says so. */
import type { Clock } from '../../lib/util/clock.js';

interface Timer {
  at: number;
  fn: () => void;
  seq: number;
}

export class SteppedClock implements Clock {
  #now = 0;
  #seq = 0;
  #timers = new Set<Timer>();
  /** Every delay asked for, in order (to check that waits are as long as they must be). */
  readonly delays: number[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.#now + ms, fn, seq: this.#seq++ };
    this.delays.push(ms);
    this.#timers.add(timer);
    return timer;
  }

  clearTimeout(timer: unknown): void {
    this.#timers.delete(timer as Timer);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time on by `ms`, firing due timers in time order (and those they set, when due). */
  tick(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.#timers) if (t.at <= end && (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (next === undefined) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = end;
  }
}
