/**
 * The source `pipe()` makes of a Readable the caller passed in. It reads it with `read()`
 * until that returns null, then waits for 'readable' (a batch per wait when `pipe()` fuses the
 * stages after it, instead of one item per tick), and it leaves the stream to the caller: when
 * the pipe fails, is aborted or stops early, the stream is paused and let go, never destroyed,
 * so that an HTTP handler can still answer the request it came from.
 */
import type { Readable } from 'node:stream';
import { BatchSource } from './batch-source.js';
import { codedError, codes } from './errors.js';
import { kName } from './symbols.js';

/**
 * Items per batch in batch mode: the first batches are small and each is twice the one before,
 * up to the most, so that a pipe that stops early (first, take) reads little ahead of it.
 */
const FIRST_BATCH = 16;
const MOST_BATCH = 1024;

/**
 * A caller's Readable, read for `pipe()`.
 *
 * @example
 * ```ts
 * const source = new StreamSource(req); // pipe() does this for any Readable not made here
 * ```
 */
export class StreamSource<T> extends BatchSource<T> {
  readonly #src: Readable;
  /** The last read() gave null: the next 'readable' goes on. */
  #waiting = false;
  #ended = false;
  #batchSize = FIRST_BATCH;

  constructor(src: Readable, name: string) {
    // One chunk buffered: the caller may want to read on where the pipe stopped (after first()).
    super(name, { highWaterMark: 1 });
    this.#src = src;
    src.on('readable', this.#onReadable);
    src.on('end', this.#onEnd);
    src.on('error', this.#onError);
    src.on('close', this.#onClose);
  }

  /** The caller's stream. */
  get stream(): Readable {
    return this.#src;
  }

  override _read(): void {
    this.#waiting = false;
    const src = this.#src;
    if (this.batched) {
      for (;;) {
        const batch: T[] = [];
        const size = this.#batchSize;
        let x: T | null;
        while (batch.length < size && (x = src.read() as T | null) !== null) batch.push(x);
        if (batch.length === 0) return void (this.#waiting = true);
        if (size < MOST_BATCH) this.#batchSize = size * 2;
        if (!this.push(batch)) return;
      }
    }
    let x: T | null;
    while ((x = src.read() as T | null) !== null) if (!this.push(x)) return;
    this.#waiting = true;
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#detach();
    callback(err);
  }

  readonly #onReadable = (): void => {
    if (this.#waiting) this._read();
  };

  readonly #onEnd = (): void => {
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

  /** Stops reading the caller's stream and lets it go, as it was before `pipe()` took it. */
  #detach(): void {
    const src = this.#src;
    src.off('readable', this.#onReadable);
    src.off('end', this.#onEnd);
    src.off('error', this.#onError);
    src.off('close', this.#onClose);
    if (!src.destroyed && !src.readableEnded) src.pause();
  }
}

/** True for a stream made by streamtoolz (a source or a stage), which `pipe()` may close. */
export const isOwn = (stream: object): boolean => kName in stream;
