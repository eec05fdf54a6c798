/**
 * An external merge sort (as GNU `sort` and DuckDB do it): items are gathered up to the
 * memory budget, each full buffer is sorted and written as a run, and at the end the runs
 * are merged k ways, in more than one pass when there are more runs than the merge can hold
 * blocks for. Strings without a key or compare function are sorted as bytes by
 * `line-sort.ts` instead. With no run written the sort never touches the disk. Stable: runs
 * are in input order and merges prefer the earlier run. No stream code: the stage
 * (`transforms/sort.ts`) calls `add`, then reads `finish()`'s merge.
 */
import { SpillDir } from './spill-dir.js';
import { LineSort } from './line-sort.js';
import type { LineSource } from './line-source.js';
import type { SpillConfig } from './memory-option.js';
import { END, mergeRuns, type Merge } from './run-merge.js';
import { RunWriter, type Run } from './run-file.js';
import { mixed, sortBuffer, type SortBuffer, type SortOrder } from './sort-buffer.js';
import { spillStats, type SpillStats } from './spill-stats.js';
import { readString } from './wtf8.js';

/** Runs merged at once: one block of each is in memory (about budget / 64 bytes each). */
export const FAN_IN = 16;

/** Reads sorted blocks from memory: the sort that never spilled. */
class MemoryMerge<T> implements Merge<T> {
  readonly #blocks: Iterator<Float64Array | unknown[]>;
  #block: ArrayLike<unknown> = [];
  #pos = 0;

  constructor(blocks: Iterator<Float64Array | unknown[]>) {
    this.#blocks = blocks;
  }

  read(): T | typeof END {
    while (this.#pos >= this.#block.length) {
      const r = this.#blocks.next();
      if (r.done === true) return END;
      this.#block = r.value;
      this.#pos = 0;
    }
    return this.#block[this.#pos++] as T;
  }

  close(): void {
    this.#block = [];
  }
}

/** Reads sorted string records (`line-sort.ts`) back as strings. */
class StringMerge implements Merge<string> {
  readonly #records: LineSource;

  constructor(records: LineSource) {
    this.#records = records;
  }

  read(): string | typeof END {
    const r = this.#records;
    // Each record ends with a newline that is not part of the string.
    return r.nextLine() ? readString(r.buf, r.start, r.end - 1) : END;
  }

  close(): void {}
}

/**
 * One external sort.
 *
 * @example
 * ```ts
 * const sorter = new ExternalSort<number>({ memory: 65536, tmpdir: os.tmpdir() }, {});
 * for (const x of numbers) sorter.add(x);
 * const merge = sorter.finish();
 * for (let x = merge.read(); x !== END; x = merge.read()) console.log(x);
 * sorter.close();
 * ```
 */
export class ExternalSort<T> {
  readonly #stats: SpillStats = spillStats();
  readonly #config: SpillConfig;
  readonly #order: SortOrder<T>;
  readonly #dir: SpillDir;
  readonly #blockBytes: number;
  #buffer: SortBuffer<T> | undefined;
  #runs: Run[] = [];
  #merge: Merge<T> | undefined;
  #writer: RunWriter | undefined;
  /** Strings without a key or compare function: sorted as UTF-8 bytes, never held as strings. */
  #strings: LineSort | undefined;

  constructor(config: SpillConfig, order: SortOrder<T>) {
    this.#config = config;
    this.#order = order;
    this.#dir = new SpillDir(config.tmpdir);
    this.#blockBytes = Math.min(1 << 20, Math.max(4096, Math.floor(config.memory / 64)));
  }

  /** Bytes spilled and runs merged so far. */
  get stats(): SpillStats {
    return this.#strings?.stats ?? this.#stats;
  }

  /** Adds an item; writes a run when the budget is full. Throws for an item it cannot sort. */
  add(item: T): void {
    const strings = this.#strings;
    if (strings !== undefined) {
      if (typeof item !== 'string') throw mixed('string', item);
      strings.append(item);
      return;
    }
    if (this.#buffer === undefined) {
      if (typeof item === 'string' && this.#order.key === undefined && this.#order.compare === undefined) {
        const memory = this.#config.memory;
        this.#strings = new LineSort(Number.isFinite(memory) ? this.#config : undefined, 'bytes');
        return this.add(item);
      }
      this.#buffer = sortBuffer(this.#config.memory, this.#order, item);
    }
    if (this.#buffer.add(item)) this.#spill();
  }

  #spill(): void {
    const buffer = this.#buffer!;
    const writer = (this.#writer = new RunWriter(this.#dir.file('run'), buffer.kind, this.#stats));
    for (const block of buffer.drain(this.#blockBytes)) {
      if (block instanceof Float64Array) writer.writeNumbers(block, 0, block.length);
      else writer.writeValues(block);
    }
    this.#runs.push(writer.close());
    this.#writer = undefined;
  }

  /** Ends the input: the sorted items, to read one by one. */
  finish(): Merge<T> {
    if (this.#strings !== undefined) {
      this.#strings.end();
      return (this.#merge = new StringMerge(this.#strings.records()) as unknown as Merge<T>);
    }
    const buffer = this.#buffer;
    if (buffer === undefined) return (this.#merge = new MemoryMerge<T>([][Symbol.iterator]()));
    if (this.#runs.length === 0) return (this.#merge = new MemoryMerge<T>(buffer.drain(this.#blockBytes)));
    if (buffer.count > 0) this.#spill();
    while (this.#runs.length > FAN_IN) this.#mergePass(buffer);
    return (this.#merge = mergeRuns<T>(this.#runs, buffer.key, buffer.compare, this.#stats));
  }

  /** Merges the oldest FAN_IN runs into one, which takes their place (stability holds). */
  #mergePass(buffer: SortBuffer<T>): void {
    const group = this.#runs.slice(0, FAN_IN);
    const items = group.reduce((n, r) => n + r.items, 0);
    const bytes = group.reduce((n, r) => n + r.bytes, 0);
    const perBlock = Math.max(1, Math.floor(this.#blockBytes / Math.max(1, bytes / items)));
    const merge = (this.#merge = mergeRuns<T>(group, buffer.key, buffer.compare, this.#stats));
    const writer = (this.#writer = new RunWriter(this.#dir.file('run'), buffer.kind, this.#stats));
    if (buffer.kind === 'f64') {
      const block = new Float64Array(perBlock);
      let n = 0;
      for (let x = merge.read(); x !== END; x = merge.read()) {
        block[n++] = x as number;
        if (n === perBlock) {
          writer.writeNumbers(block, 0, n);
          n = 0;
        }
      }
      writer.writeNumbers(block, 0, n);
    } else {
      let block: unknown[] = [];
      for (let x = merge.read(); x !== END; x = merge.read()) {
        block.push(x);
        if (block.length === perBlock) {
          writer.writeValues(block);
          block = [];
        }
      }
      writer.writeValues(block);
    }
    this.#runs = [writer.close(), ...this.#runs.slice(FAN_IN)];
    this.#writer = undefined;
    this.#merge = undefined;
  }

  /** Closes every file and removes the temporary folder: after the output, an error or an abort. */
  close(): void {
    this.#merge?.close();
    this.#writer?.abort();
    this.#merge = undefined;
    this.#writer = undefined;
    this.#buffer = undefined;
    this.#runs = [];
    this.#strings?.close();
    this.#dir.remove();
  }
}

export { END };
