/** The source reader of `sinks.all`'s general path. */
import { finished, type Readable } from 'node:stream';

export const EMPTY: unique symbol = Symbol('empty');

/**
 * Reads the source for the general path. From a Node Readable it takes what is buffered
 * with `read()`, synchronously, and waits only when the buffer is empty: the stream's own
 * async iterator costs a promise per item. Any other async iterable is read with `next()`.
 * `stop()` ends a pending wait at once (a branch failed, or none is left).
 */
export class Reader {
  ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  readonly #stream: Readable | undefined;
  readonly #it: AsyncIterator<unknown> | undefined;
  #item: unknown = EMPTY;
  readonly #cleanup: () => void;

  constructor(source: AsyncIterable<unknown>) {
    const s = source as Readable;
    if (typeof s.read === 'function' && typeof s.on === 'function' && typeof s.readableObjectMode === 'boolean') {
      this.#stream = s;
      const wake = (): void => this.#notify();
      s.on('readable', wake);
      const off = finished(s, { writable: false }, (err) => {
        if (err) this.#error ??= err;
        else this.ended = true;
        wake();
      });
      this.#cleanup = () => (s.off('readable', wake), off());
    } else {
      this.#it = source[Symbol.asyncIterator]();
      this.#cleanup = () => {};
    }
  }

  /** The next item if one is at hand, else `EMPTY` (then check `ended`, or `wait()`). */
  read(): unknown {
    if (this.#error !== undefined) throw this.#error;
    if (this.#stream !== undefined) {
      const x: unknown = this.#stream.read();
      if (x === null && this.#stream.readableEnded) this.ended = true;
      return x === null ? EMPTY : x;
    }
    const x = this.#item;
    this.#item = EMPTY;
    return x;
  }

  /** Resolves when more may be at hand, at the end, on an error (thrown by `read()`), or on `stop()`. */
  wait(): Promise<void> {
    if (this.#error !== undefined || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#it?.next().then(
        (r) => (r.done === true ? (this.ended = true) : (this.#item = r.value), this.#notify()),
        (err: unknown) => ((this.#error ??= err), this.#notify()),
      );
    });
  }

  stop(): void {
    this.#notify();
  }

  /**
   * Stops reading a source that was not read to its end. A pending `next()` may hold up an
   * iterator's `return()`, so a stream is destroyed directly (in a pipeline, the pipeline
   * would close it anyway).
   */
  close(readToEnd: boolean): void {
    this.#cleanup();
    if (readToEnd) return;
    this.#stream?.destroy();
    this.#it?.return?.().catch(() => {});
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }
}
