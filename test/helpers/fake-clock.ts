/**
 * A tiny fake clock for tests of timers (retry backoff): it replaces `setTimeout` and
 * `clearTimeout` on `globalThis` while installed, records every delay asked for, and fires
 * timers only when the test advances it. Mocha keeps its own references to the real timers,
 * so its timeouts still work.
 */
import { setImmediate as tick } from 'node:timers/promises';

interface Timer {
  at: number;
  fn: () => void;
}

export class FakeClock {
  now = 0;
  /** Every delay passed to setTimeout while installed, in order. */
  readonly delays: number[] = [];
  readonly #timers = new Map<object, Timer>();
  #restore: (() => void) | undefined;

  /** Replaces the global timer functions; returns this clock. */
  install(): this {
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const fakeSet = (fn: () => void, ms = 0): object => {
      const handle = { unref: () => handle, ref: () => handle, hasRef: () => true };
      this.delays.push(ms);
      this.#timers.set(handle, { at: this.now + ms, fn });
      return handle;
    };
    const fakeClear = (handle: object | undefined): void => {
      if (handle !== undefined) this.#timers.delete(handle);
    };
    globalThis.setTimeout = fakeSet as unknown as typeof setTimeout;
    globalThis.clearTimeout = fakeClear as unknown as typeof clearTimeout;
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

  /** Timers set and neither fired nor cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Lets promises and stream callbacks run until a timer is pending (or `turns` run out). */
  async untilTimer(turns = 1000): Promise<boolean> {
    for (let i = 0; i < turns && this.pending === 0; i++) await tick();
    return this.pending > 0;
  }

  /** Moves the clock to the next timer and fires it, then lets the work it starts run a turn. */
  async fireNext(): Promise<void> {
    let next: [object, Timer] | undefined;
    for (const entry of this.#timers) if (next === undefined || entry[1].at < next[1].at) next = entry;
    if (next === undefined) throw new Error('no timer pending');
    this.#timers.delete(next[0]);
    this.now = Math.max(this.now, next[1].at);
    next[1].fn();
    await tick();
  }
}
