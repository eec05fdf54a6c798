/**
 * Reading a stream the caller passed in (a Readable such as an HTTP request, stdin, or a Web
 * `ReadableStream` such as a `fetch()` body) without taking it over. The stream belongs to
 * the caller: when the source stops (an error, an early end, an abort) it only lets go of it
 * (removes its listeners, releases its reader lock) and never destroys or cancels it, so
 * that, for one, an HTTP handler can still answer its request with a 400. `release()` works
 * at any time, even while a read is waiting, which a Readable's own async iterator cannot do.
 */
import type { Readable } from 'node:stream';
import type { ReadableStreamDefaultReader, ReadableStreamReadResult, ReadableStream as WebReadableStream } from 'node:stream/web';
import { InputError } from '../core/errors.js';

/** Chunks of a borrowed stream, and the way to let go of it. */
export interface Borrowed extends AsyncIterator<unknown> {
  /** Stops reading and lets go of the stream, leaving it usable by its owner. Safe to call twice. */
  release(): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** What both kinds share: `return()` and `release()` let go once, through `letGo()`. */
abstract class Borrowing implements Borrowed {
  protected released = false;

  abstract next(): Promise<IteratorResult<unknown>>;

  /** Removes what holds the stream; called once. */
  protected abstract letGo(): void;

  async return(): Promise<IteratorResult<unknown>> {
    this.release();
    return DONE;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.letGo();
  }
}

/** The standard error of a stream that closed before it ended. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a Node Readable with `read()` and `'readable'`; letting go pauses it (unless it ended).
 *
 * @example
 * ```ts
 * const chunks = new BorrowedReadable(req);
 * try { for (let r = await chunks.next(); !r.done; r = await chunks.next()) parse(r.value); }
 * finally { chunks.release(); } // req is left open
 * ```
 */
export class BorrowedReadable extends Borrowing {
  readonly #stream: Readable;
  #error: unknown;
  #wake: (() => void) | undefined;
  readonly #onWake = (): void => {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  };
  readonly #onError = (err: unknown): void => {
    this.#error ??= err;
    this.#onWake();
  };
  readonly #onClose = (): void => {
    if (!this.#stream.readableEnded) this.#onError(this.#stream.errored ?? prematureClose());
  };

  constructor(stream: Readable) {
    super();
    this.#stream = stream;
    stream.on('readable', this.#onWake);
    stream.on('end', this.#onWake);
    stream.on('error', this.#onError);
    stream.on('close', this.#onClose);
    if (stream.destroyed && !stream.readableEnded) this.#error = stream.errored ?? prematureClose();
  }

  async next(): Promise<IteratorResult<unknown>> {
    for (;;) {
      if (this.released) return DONE;
      if (this.#error !== undefined) {
        const err = this.#error;
        this.release();
        throw err;
      }
      const chunk: unknown = this.#stream.read();
      if (chunk !== null) return { done: false, value: chunk };
      if (this.#stream.readableEnded) {
        this.release();
        return DONE;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  protected letGo(): void {
    const stream = this.#stream;
    stream.off('readable', this.#onWake);
    stream.off('end', this.#onWake);
    stream.off('error', this.#onError);
    stream.off('close', this.#onClose);
    // Paused, not just left: stdin then stops reading its pipe, and the owner resumes at will.
    if (!stream.readableEnded && !stream.destroyed) stream.pause();
    this.#onWake();
  }
}

/**
 * Reads a Web `ReadableStream` through its default reader; `release()` releases the lock
 * (a read still waiting then ends quietly) and does not cancel the stream.
 *
 * @example
 * ```ts
 * const response = await fetch(url);
 * const chunks = new BorrowedWebStream(response.body, url);
 * ```
 */
export class BorrowedWebStream extends Borrowing {
  readonly #reader: ReadableStreamDefaultReader<unknown>;

  constructor(stream: WebReadableStream<unknown>, name: string) {
    super();
    if (stream.locked) throw new InputError(name, 'the ReadableStream is locked: something else is reading it');
    this.#reader = stream.getReader();
  }

  async next(): Promise<IteratorResult<unknown>> {
    if (this.released) return DONE;
    let r: ReadableStreamReadResult<unknown>;
    try {
      r = await this.#reader.read();
    } catch (err) {
      if (this.released) return DONE;
      this.release();
      throw err;
    }
    if (r.done) this.release();
    return r.done ? DONE : { done: false, value: r.value };
  }

  protected letGo(): void {
    this.#reader.releaseLock();
  }
}
