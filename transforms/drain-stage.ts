import { Duplex, type DuplexOptions } from 'node:stream';
import { stageError } from '../lib/core/stage-error.js';
import { kName, kSpill } from '../lib/core/symbols.js';
import type { SpillStats } from '../lib/spill/spill-stats.js';

/** Returned by `next()` when the output has ended. */
export const DONE: unique symbol = Symbol('streamtoolz.done');

/**
 * What a stage that holds its input until the end runs: `take` each written chunk (and say
 * whether it passes through at once), `end` when the input has ended, then `next` until
 * `DONE`; `close` releases its files whatever happened.
 */
export interface DrainKernel<I, O> {
  readonly stats: SpillStats;
  take(chunk: I, index: number): boolean;
  end(): void;
  next(): O | typeof DONE;
  close(): void;
}

/**
 * The Duplex behind the stages that spill (`sort`, `sortLines`, `unique` with a budget): the
 * writable side feeds a kernel, the readable side gives what passes at once and, after the
 * input has ended, drains the kernel, a chunk per `push()` until the consumer is full. Errors
 * are StageErrors naming the stage (and the item, when there is one); destroying it closes
 * the kernel, so that no temporary file outlives an error or an abort.
 *
 * @example
 * ```ts
 * class SortStage<T> extends DrainStage<T, T> {}
 * const stage = new DrainStage('sort()', kernel, { objectMode: true, highWaterMark: 16 });
 * ```
 */
export class DrainStage<I, O> extends Duplex {
  readonly [kName]: string;
  readonly #kernel: DrainKernel<I, O>;
  #index = 0;
  #ended = false;
  #wantRead = false;
  /** A write whose chunk passed through while the consumer was full: released by `_read`. */
  #held: ((error?: Error | null) => void) | undefined;

  constructor(name: string, kernel: DrainKernel<I, O>, options: DuplexOptions) {
    super(options);
    this[kName] = name;
    this.#kernel = kernel;
  }

  get [kSpill](): SpillStats {
    return this.#kernel.stats;
  }

  override _write(chunk: I, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let pass: boolean;
    try {
      pass = this.#kernel.take(chunk, this.#index);
    } catch (err) {
      return callback(stageError({ name: this[kName] }, this.#index, err));
    }
    this.#index++;
    if (!pass || this.push(chunk)) return callback();
    this.#held = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.#kernel.end();
    } catch (err) {
      return callback(stageError({ name: this[kName] }, undefined, err));
    }
    this.#ended = true;
    callback();
    if (this.#wantRead) this._read();
  }

  override _read(): void {
    const held = this.#held;
    if (held !== undefined) {
      this.#held = undefined;
      return held();
    }
    if (!this.#ended) {
      this.#wantRead = true;
      return;
    }
    this.#wantRead = false;
    try {
      for (;;) {
        const out = this.#kernel.next();
        if (out === DONE) {
          this.#kernel.close();
          this.push(null);
          return;
        }
        if (!this.push(out)) return;
      }
    } catch (err) {
      this.destroy(stageError({ name: this[kName] }, undefined, err));
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    try {
      this.#kernel.close();
    } catch (closeErr) {
      return callback(err ?? (closeErr as Error));
    }
    callback(err);
  }
}
