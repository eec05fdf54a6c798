/**
 * The items a concurrent stage has taken and not yet emitted, and their way out: in input
 * order (a finished item waits for the ones before it) or as they finish. An expanding
 * stage's item gives its elements one by one, sync or async, as fast as the consumer takes
 * them. The window's size is what the stage weighs against `concurrency + highWaterMark`.
 */
import { closeIterator, SKIP } from './op.js';

/** One item's place in the window. */
export interface Slot {
  readonly index: number;
  done: boolean;
  /** The output: a value or SKIP, or for an expanding stage an iterator or undefined. */
  value: unknown;
}

/** Where the window's outputs go. */
export interface WindowOut {
  /** Emits one output; false when the consumer is full. */
  push(value: unknown): boolean;
  /** An iterator failed while giving the elements of item `index`. */
  fail(index: number, err: unknown): void;
  /** An async element came after the window stopped waiting for it: drain and go on. */
  wake(): void;
}

/**
 * The reorder window of a {@link ConcurrentStage}.
 *
 * @example
 * ```ts
 * const slot = window.take(index); // when a call starts
 * window.finish(slot, output);     // when it settles
 * window.drain();                  // emits what can go out now
 * ```
 */
export class ReorderWindow {
  readonly #ordered: boolean;
  readonly #expands: boolean;
  readonly #out: WindowOut;
  /** Ordered: every item taken and not yet emitted, in input order. Unordered: finished ones. */
  readonly #slots: Slot[] = [];
  /** An async iterator's `next()` is pending (flatMap of async iterables). */
  #pulling = false;
  #draining = false;
  #again = false;
  #closed = false;

  constructor(ordered: boolean, expands: boolean, out: WindowOut) {
    this.#ordered = ordered;
    this.#expands = expands;
    this.#out = out;
  }

  /** Items held: taken and not emitted (ordered), or finished and not emitted (unordered). */
  get size(): number {
    return this.#slots.length;
  }

  /** A slot for item `index`, whose call starts now. */
  take(index: number): Slot {
    const slot: Slot = { index, done: false, value: undefined };
    if (this.#ordered) this.#slots.push(slot);
    return slot;
  }

  /** The call of `slot` gave `value`. */
  finish(slot: Slot, value: unknown): void {
    slot.done = true;
    slot.value = value;
    if (!this.#ordered) this.#slots.push(slot);
  }

  /** Forgets everything, closing the iterators not yet drained: the stage is torn down. */
  close(): void {
    this.#closed = true;
    if (this.#expands) for (const slot of this.#slots) if (slot.done && slot.value !== undefined) closeIterator(slot.value as Iterator<unknown>);
    this.#slots.length = 0;
  }

  /**
   * Emits finished outputs from the head while the consumer takes them. A push can make the
   * consumer read at once and re-enter here: the outer loop then goes on instead.
   */
  drain(): void {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    try {
      do {
        this.#again = false;
        this.#drainOnce();
      } while (this.#again && !this.#closed);
    } finally {
      this.#draining = false;
    }
  }

  #drainOnce(): void {
    const slots = this.#slots;
    while (slots.length > 0 && !this.#closed) {
      const head = slots[0]!;
      if (!head.done || this.#pulling) return;
      if (!this.#expands) {
        slots.shift();
        if (head.value !== SKIP && !this.#out.push(head.value)) return;
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
          return this.#out.fail(head.index, err);
        }
        if (r.done === true) break;
        if (!this.#out.push(r.value)) return;
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
        if (this.#closed) return;
        if (r.done === true) this.#slots.shift();
        else if (!this.#out.push(r.value)) return;
        this.#out.wake();
      },
      (err: unknown) => this.#out.fail(head.index, err),
    );
  }
}
