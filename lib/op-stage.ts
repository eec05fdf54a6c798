/**
 * A Transform that runs ops: the stream form of every per-item stage. It honours
 * backpressure inside one-to-many ops: when `push()` returns false in the middle of an
 * expansion it keeps its place (the write callback is held) and goes on in `_read()`.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { Chain } from './chain.js';
import type { Op } from './op.js';
import { kIn, kName, kOps } from './symbols.js';
import type { Stage } from './types.js';

/** Options of an op stage. */
export interface OpStageOptions {
  /** Readable and writable highWaterMark, in items. Default 16. */
  highWaterMark?: number | undefined;
}

/** The types an op stage carries for the compiler (see `lib/types.ts`). */
export interface OpStage<I, O> {
  [Symbol.asyncIterator](): AsyncIterableIterator<O>;
  readonly [kIn]?: (item: I) => void;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- phantom types only
export class OpStage<I = unknown, O = unknown> extends Transform {
  readonly [kOps]: readonly Op<unknown, unknown>[];
  readonly [kName]: string;
  readonly #chain: Chain;
  /** The write (or flush) callback held while the consumer is full mid-expansion. */
  #pending: TransformCallback | null = null;
  #flushing = false;
  #ended = false;
  /** In batch mode (set by `pipe()`) each written chunk is an array of items. */
  #batchedInput = false;
  #batch: readonly unknown[] | null = null;
  #batchPos = 0;

  constructor(ops: readonly Op<unknown, unknown>[], options?: OpStageOptions) {
    const hwm = options?.highWaterMark;
    super({ objectMode: true, ...(hwm === undefined ? {} : { highWaterMark: hwm }) });
    this[kOps] = ops;
    this[kName] = ops.map((op) => op.name).join(' | ');
    this.#chain = new Chain(ops, (item) => this.push(item));
  }

  /** Called by `pipe()` when the upstream source sends arrays of items. */
  acceptBatches(): void {
    this.#batchedInput = true;
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#chain.done) {
      this.#endEarly();
      return callback();
    }
    let more: boolean;
    try {
      if (this.#batchedInput) {
        this.#batch = chunk as readonly unknown[];
        this.#batchPos = 0;
        more = this.#pump();
      } else {
        more = this.#chain.feed(chunk);
      }
    } catch (err) {
      return callback(err as Error);
    }
    this.#settle(more, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#ended) return callback();
    this.#flushing = true;
    let more: boolean;
    try {
      more = this.#chain.flush();
    } catch (err) {
      return callback(err as Error);
    }
    this.#settle(more, callback);
  }

  override _read(size: number): void {
    const callback = this.#pending;
    if (callback === null) return super._read(size);
    this.#pending = null;
    let more: boolean;
    try {
      more = this.#flushing ? this.#chain.flush() : this.#pump();
    } catch (err) {
      return callback(err as Error);
    }
    this.#settle(more, callback);
  }

  /** Goes on with pending work, then with the rest of the current batch. */
  #pump(): boolean {
    if (!this.#chain.resume()) return false;
    const batch = this.#batch;
    if (batch !== null) {
      while (this.#batchPos < batch.length && !this.#chain.done) {
        if (!this.#chain.feed(batch[this.#batchPos++])) return false;
      }
      this.#batch = null;
    }
    return true;
  }

  #settle(more: boolean, callback: TransformCallback): void {
    if (!more) {
      this.#pending = callback;
      return;
    }
    if (this.#chain.done) this.#endEarly();
    callback();
  }

  /** take(n) is satisfied: end the readable side now rather than after the whole input. */
  #endEarly(): void {
    if (this.#ended || this.#flushing) return;
    this.#ended = true;
    this.push(null);
  }
}

/**
 * Wraps an op as a real object-mode Transform (see {@link OpStage}).
 *
 * @example
 * ```ts
 * const double = opStage<number, number>({ name: 'double', expands: false, done: false, step: (x) => x * 2 });
 * await pipeline(Readable.from([1, 2, 3]), double, async (src) => { for await (const x of src) console.log(x); });
 * ```
 */
export function opStage<I, O>(op: Op<I, O>, options?: OpStageOptions): Stage<I, O> {
  return new OpStage<I, O>([op as Op<unknown, unknown>], options);
}
