import { addAbortSignal, Duplex } from 'node:stream';
import { stageError } from '../lib/core/chain.js';
import { kName, kSpill } from '../lib/core/symbols.js';
import type { Stage } from '../lib/core/types.js';
import { copyOptions, validateBoolean, validateSignal } from '../lib/core/validate.js';
import { LineSort } from '../lib/spill/line-sort.js';
import { spillConfig, type SpillOptions } from '../lib/spill/memory-option.js';
import type { SpillStats } from '../lib/spill/spill-stats.js';

/** Options of {@link sortLines}. */
export interface SortLinesOptions extends SpillOptions {
  /** Order lines by the number they start with, as `sort -g` does. Default false: byte order, as `LC_ALL=C sort`. */
  numeric?: boolean | undefined;
  /** Aborts: the stage is destroyed with an `AbortError` and the temporary files removed. */
  signal?: AbortSignal | undefined;
}

class SortLinesStage extends Duplex {
  readonly [kName]: string;
  readonly #sorter: LineSort;
  #ended = false;
  #wantRead = false;

  constructor(name: string, sorter: LineSort) {
    super({ readableHighWaterMark: 1 << 20, writableHighWaterMark: 1 << 20 });
    this[kName] = name;
    this.#sorter = sorter;
  }

  get [kSpill](): SpillStats {
    return this.#sorter.stats;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.#sorter.write(chunk);
    } catch (err) {
      return callback(stageError({ name: this[kName] }, undefined, err));
    }
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.#sorter.end();
    } catch (err) {
      return callback(stageError({ name: this[kName] }, undefined, err));
    }
    this.#ended = true;
    callback();
    if (this.#wantRead) this._read();
  }

  override _read(): void {
    if (!this.#ended) {
      this.#wantRead = true;
      return;
    }
    this.#wantRead = false;
    try {
      for (;;) {
        const chunk = this.#sorter.read();
        if (chunk === null) {
          this.#sorter.close();
          this.push(null);
          return;
        }
        if (!this.push(chunk)) return;
      }
    } catch (err) {
      this.destroy(stageError({ name: this[kName] }, undefined, err));
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    try {
      this.#sorter.close();
    } catch (closeErr) {
      return callback(err ?? (closeErr as Error));
    }
    callback(err);
  }
}

/**
 * Sorts lines of text as bytes, the way GNU `sort` does: bytes in (a file's chunks, from
 * `sources.openBytes` or any byte stream), the same lines out, sorted and each ending in a
 * newline. By default in byte order (`LC_ALL=C sort`); `numeric: true` orders by the number
 * each line starts with (`sort -g`: lines that do not start with a number first, then NaN,
 * then by value). Stable, like `sort -s`: equal keys keep their input order.
 *
 * The fast path for big files of lines: no string or object per line, keys sorted by radix.
 * With `memory` (bytes, or `'32MB'`) sorted runs go to a temporary folder under `tmpdir` and
 * are merged at the end; the files are removed at the end, on an error and on abort. For
 * items (objects, numbers, strings) use `transforms.sort`. See docs/memory.md.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * await pipe(sources.openBytes('numbers.txt'), transforms.sortLines({ numeric: true, memory: '32MB' }), createWriteStream('sorted.txt'));
 * ```
 */
export function sortLines(options?: SortLinesOptions): Stage<Buffer, Buffer> {
  const opts = copyOptions(options);
  if (opts.numeric !== undefined) validateBoolean(opts.numeric, 'numeric');
  validateSignal(opts.signal);
  const config = spillConfig(opts);
  const parts = [opts.numeric ? 'numeric' : undefined, config && `memory=${config.memory}`];
  const stage = new SortLinesStage(`sortLines(${parts.filter((p) => p !== undefined).join(', ')})`, new LineSort(config, opts.numeric ? 'numeric' : 'bytes'));
  if (opts.signal !== undefined) addAbortSignal(opts.signal, stage);
  return stage as unknown as Stage<Buffer, Buffer>;
}
