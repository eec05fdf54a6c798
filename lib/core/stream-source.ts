/**
 * The source `pipe()` makes of a Readable the caller passed in. It reads the stream with
 * `read()` until that returns null, then waits for 'readable' (a batch at a time when `pipe()`
 * fuses the stages after it, instead of a stream boundary per item), and it leaves the stream
 * to the caller: when the pipe fails, is aborted or stops early, the stream is paused and let
 * go, never destroyed, so that an HTTP handler can still answer the request it came from.
 *
 * Reading starts at the stream's first 'readable' event, not before: a stream read while its
 * buffer is still empty schedules a 'readable' event per item read (Node refills it one item
 * behind the reader), which costs more than the items; once it has data buffered, each read()
 * refills it before taking from it.
 */
import type { Readable } from 'node:stream';
import { BatchSource } from './batch-source.js';
import { codedError, codes } from './errors.js';

/**
 * Items per batch in batch mode: the first batches are small and each is twice the one before,
 * up to the most, so that a pipe that stops early (first, take) takes little ahead of it.
 */
const FIRST_BATCH = 16;
const MOST_BATCH = 1024;

/**
 * A caller's Readable, read for `pipe()`.
 *
 * @example
 * ```ts
 * const source = new StreamSource(req, 'IncomingMessage'); // pipe() does this for any Readable not made here
 * ```
 */
export class StreamSource<T> extends BatchSource<T> {
  readonly #src: Readable;
  #batchSize = FIRST_BATCH;
  /** Our buffer has room: read on when the stream has more. */
  #wanting = false;
  /** The stream said 'readable' once: reading it from `_read` is cheap from then on. */
  #primed = false;
  #ended = false;

  constructor(src: Readable, name: string) {
    // One chunk buffered: the caller may want to read on where the pipe stopped (after first()).
    super(name, { highWaterMark: 1 });
    this.#src = src;
    src.on('readable', this.#onReadable);
    src.on('end', this.#onEnd);
    src.on('error', this.#onError);
    src.on('close', this.#onClose);
    if (src.readableEnded) queueMicrotask(this.#onEnd);
    else if (src.destroyed) queueMicrotask(this.#onClose);
  }

  /** The caller's stream. */
  get stream(): Readable {
    return this.#src;
  }

  override _read(): void {
    this.#wanting = true;
    if (this.#primed) this.#pull();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#detach();
    callback(err);
  }

  readonly #onReadable = (): void => {
    this.#primed = true;
    if (this.#wanting) this.#pull();
  };

  #pull(): void {
    const src = this.#src;
    for (;;) {
      if (!this.batched) {
        const x = src.read() as T | null;
        if (x === null) return;
        if (!this.push(x)) return void (this.#wanting = false);
        continue;
      }
      const size = this.#batchSize;
      const batch: T[] = [];
      let x: T | null;
      while (batch.length < size && (x = src.read() as T | null) !== null) batch.push(x);
      if (batch.length === 0) return;
      if (size < MOST_BATCH) this.#batchSize = size * 2;
      if (!this.push(batch)) return void (this.#wanting = false);
    }
  }

  readonly #onEnd = (): void => {
    if (this.#ended || this.destroyed) return;
    this.#ended = true;
    this.push(null);
  };

  readonly #onError = (err: Error): void => {
    this.destroy(err);
  };

  readonly #onClose = (): void => {
    // Closed before its end, by its owner or its peer: Node's pipeline calls that a premature close.
    if (!this.#ended && !this.destroyed) this.destroy(codedError(Error, codes.PREMATURE_CLOSE, 'Premature close'));
  };

  /** Stops reading the caller's stream and lets it go: paused, with none of our listeners. */
  #detach(): void {
    const src = this.#src;
    if (!src.destroyed && !src.readableEnded) src.pause();
    src.off('readable', this.#onReadable);
    src.off('end', this.#onEnd);
    src.off('error', this.#onError);
    src.off('close', this.#onClose);
  }
}
