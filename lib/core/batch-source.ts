/**
 * Base class for sources that produce items in chunks (lines of a file chunk, rows of a CSV
 * chunk, records of a FASTA chunk). In item mode each item is one chunk of the Readable, as
 * any Node user expects; in batch mode (switched on by `pipe()` through
 * {@link kEnableBatches}) each chunk is an array of items, so that the fused fast path pays
 * one stream boundary per batch, not per item.
 */
import { Readable, type ReadableOptions } from 'node:stream';
import { kEnableBatches, kName } from './symbols.js';

/**
 * A Readable of items that it produces a chunk at a time, with `pushItems(chunk)`: items one
 * by one for any Node consumer, whole arrays once `pipe()` switched it to batch mode.
 *
 * @example
 * ```ts
 * class Countdown extends BatchSource<number> {
 *   #n = 1000;
 *   override _read(): void {
 *     const chunk = Array.from({ length: Math.min(100, this.#n) }, () => this.#n--);
 *     if (chunk.length === 0) this.push(null);
 *     else this.pushItems(chunk);
 *   }
 * }
 * await pipe(new Countdown('countdown'), sinks.sum()); // 500500
 * ```
 */
export abstract class BatchSource<T> extends Readable {
  #batched = false;
  /** Display name for errors and stats, e.g. `lines(data.txt)`. */
  [kName]: string;

  constructor(name: string, options?: ReadableOptions) {
    super({ highWaterMark: 16, ...options, objectMode: true });
    this[kName] = name;
  }

  /** True once `pipe()` switched this source to batch mode. */
  protected get batched(): boolean {
    return this.#batched;
  }

  [kEnableBatches](): void {
    this.#batched = true;
  }

  /**
   * Pushes a chunk of items: as one array in batch mode, one by one otherwise. Returns what
   * the last `push()` returned: false means the consumer is full and the source should wait
   * for the next `_read()`. A chunk is pushed whole even past the highWaterMark, so the
   * buffer is bounded by highWaterMark + one chunk.
   */
  protected pushItems(items: T[]): boolean {
    if (items.length === 0) return true;
    if (this.#batched) return this.push(items);
    let more = true;
    for (let i = 0; i < items.length; i++) more = this.push(items[i]);
    return more;
  }
}
