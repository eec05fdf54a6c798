/** One async branch of `sinks.all`: a fixed ring buffer read as an async iterator. */

/**
 * An async branch's view of the stream: an async iterator over a fixed ring buffer. The
 * reading loop pushes; the branch's sink pulls; `return()` (the sink stopped reading)
 * detaches the branch so that it no longer holds the others back.
 */
export class Branch implements AsyncIterableIterator<unknown> {
  readonly #ring: unknown[];
  #head = 0;
  #length = 0;
  #waiting: { resolve: (r: IteratorResult<unknown>) => void; reject: (e: unknown) => void } | undefined;
  #space: (() => void) | undefined;
  #ended = false;
  #error: unknown;
  #failed = false;
  detached = false;
  readonly #onDetach: () => void;

  constructor(highWaterMark: number, onDetach: () => void) {
    this.#ring = new Array<unknown>(highWaterMark);
    this.#onDetach = onDetach;
  }

  /** True when the branch can take no more items until its sink reads one. */
  get full(): boolean {
    return this.#length === this.#ring.length;
  }

  push(item: unknown): void {
    const w = this.#waiting;
    if (w !== undefined) {
      this.#waiting = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    this.#ring[(this.#head + this.#length++) % this.#ring.length] = item;
  }

  /** Resolves once the sink has taken an item, or the branch is detached or failed. */
  space(): Promise<void> {
    return this.full && !this.detached && !this.#failed ? new Promise((resolve) => (this.#space = resolve)) : Promise.resolve();
  }

  end(): void {
    this.#ended = true;
    this.#settle();
  }

  /** Tears the branch down: a pending or later read rejects with `err`. */
  fail(err: unknown): void {
    this.#failed = true;
    this.#error = err;
    this.#clear();
    this.#settle();
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.#length > 0) {
      const value = this.#ring[this.#head];
      this.#ring[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#ring.length;
      this.#length--;
      this.#wake();
      return Promise.resolve({ value, done: false });
    }
    if (this.#failed) return Promise.reject(this.#error);
    if (this.#ended || this.detached) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<unknown>> {
    this.detach();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The sink is done with the stream (it stopped reading, or resolved). */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    this.#clear();
    this.#settle();
    this.#onDetach();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #clear(): void {
    this.#ring.fill(undefined);
    this.#length = 0;
    this.#wake();
  }

  #wake(): void {
    const s = this.#space;
    this.#space = undefined;
    s?.();
  }

  #settle(): void {
    const w = this.#waiting;
    if (w === undefined) return;
    this.#waiting = undefined;
    if (this.#failed) w.reject(this.#error);
    else w.resolve({ value: undefined, done: true });
  }
}
