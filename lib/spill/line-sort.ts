/**
 * Sorting lines of bytes in a memory budget, as GNU `sort` does (`-g`, or byte order under
 * `LC_ALL=C`), stable like `sort -s`: chunks in, runs of sorted lines written when the
 * budget is full, merged up to 512 ways at the end; output in chunks of whole lines. No stream
 * code: `transforms/sort-lines.ts` drives it.
 */
import { LineBuffer, type LineOrder } from './line-buffer.js';
import { LineMerge } from './line-merge.js';
import { readChunk, writeLineRun, type LineSource } from './line-source.js';
import type { SpillConfig } from './memory-option.js';
import { RunWriter, SharedFile, type Run } from './run-file.js';
import { SpillDir } from './spill-dir.js';
import { spillStats, type SpillStats } from './spill-stats.js';

/** Output chunks: whole lines, about this many bytes. */
const CHUNK = 256 * 1024;

/**
 * Text per run: a full buffer is sorted and written as runs of this size, whose lines are
 * read back in key order from the CPU's caches rather than from all over the buffer (a
 * random walk over 8 MB of lines costs six times one over 1 MB; see benchmarks/NOTES.md).
 */
const RUN_BYTES = 1024 * 1024;

/** Runs merged at once: lines are cheap to compare, so many small runs merge in one pass. */
const LINE_FAN_IN = 512;

/**
 * One sort of lines.
 *
 * @example
 * ```ts
 * const sorter = new LineSort({ memory: 32 << 20, tmpdir: os.tmpdir() }, 'numeric');
 * for (const chunk of chunks) sorter.write(chunk);
 * sorter.end();
 * for (let c = sorter.read(); c !== null; c = sorter.read()) out.write(c);
 * sorter.close();
 * ```
 */
export class LineSort {
  readonly stats: SpillStats = spillStats();
  readonly #order: LineOrder;
  readonly #buffer: LineBuffer;
  readonly #dir: SpillDir | undefined;
  readonly #blockBytes: number;
  readonly #fanIn: number;
  #runs: Run[] = [];
  readonly #files: SharedFile[] = [];
  #output: LineSource | undefined;
  #merge: LineMerge | undefined;
  #writer: RunWriter | undefined;
  readonly #pending = { has: false };

  constructor(config: SpillConfig | undefined, order: LineOrder) {
    this.#order = order;
    this.#buffer = new LineBuffer(config?.memory ?? Number.POSITIVE_INFINITY, order);
    this.#dir = config === undefined ? undefined : new SpillDir(config.tmpdir);
    this.#blockBytes = config === undefined ? 0 : Math.min(1 << 20, Math.max(4096, Math.floor(config.memory / 2048)));
    // As many runs as fit the budget with one block each are merged at once.
    this.#fanIn = config === undefined ? 2 : Math.max(2, Math.min(LINE_FAN_IN, Math.floor(config.memory / (2 * this.#blockBytes))));
  }

  write(chunk: Uint8Array): void {
    const buffer = this.#buffer;
    let offset = 0;
    while (offset < chunk.length) {
      if (buffer.full && buffer.lines > 0) this.#spill();
      const n = buffer.write(chunk, offset);
      if (n === 0) this.#spill();
      offset += n;
    }
  }

  /** Adds one string as a record (the string sort of `transforms.sort`, in byte order). */
  append(s: string): void {
    const buffer = this.#buffer;
    if (buffer.full && buffer.lines > 0) this.#spill();
    if (!buffer.appendString(s)) {
      this.#spill();
      buffer.appendString(s);
    }
  }

  #spill(): void {
    const buffer = this.#buffer;
    // The runs of one spill share a file: a few files rather than one per run (creating and
    // deleting hundreds of files cost more system time than writing them).
    const file = new SharedFile(this.#dir!.file('spill'));
    this.#files.push(file);
    for (let from = 0; from < buffer.lines; ) {
      const to = buffer.rangeEnd(from, RUN_BYTES);
      const writer = (this.#writer = new RunWriter(file.path, 'raw', this.stats, file));
      buffer.sort(from, to);
      buffer.writeRun(writer, this.#blockBytes);
      this.#runs.push(writer.close());
      this.#writer = undefined;
      from = to;
    }
    buffer.clear();
  }

  /** Ends the input; then `read()` gives the sorted output. */
  end(): void {
    const buffer = this.#buffer;
    buffer.finish();
    if (this.#runs.length === 0 && buffer.fitsWhole) {
      this.#output = buffer.sort();
      return;
    }
    if (buffer.lines > 0) this.#spill();
    while (this.#runs.length > this.#fanIn) {
      const group = this.#runs.slice(0, this.#fanIn);
      this.stats.runsMerged += group.length;
      const merge = (this.#merge = new LineMerge(group, this.#order));
      const writer = (this.#writer = new RunWriter(this.#dir!.file('run'), 'raw', this.stats));
      writeLineRun(merge, writer, this.#blockBytes);
      this.#runs = [writer.close(), ...this.#runs.slice(this.#fanIn)];
      this.#merge = this.#writer = undefined;
    }
    this.stats.runsMerged += this.#runs.length;
    this.#output = this.#merge = new LineMerge(this.#runs, this.#order);
  }

  /** After `end()`: the sorted records one by one (not to be mixed with `read()`). */
  records(): LineSource {
    if (this.#output === undefined) throw new Error('LineSort.records() before end()');
    return this.#output;
  }

  /** The next chunk of sorted lines, or null at the end. */
  read(): Buffer | null {
    if (this.#output === undefined) throw new Error('LineSort.read() before end()');
    if (this.#output === this.#merge) return this.#merge.readChunk(CHUNK);
    return readChunk(this.#output, CHUNK, this.#pending);
  }

  /** Closes every file and removes the temporary folder. */
  close(): void {
    this.#merge?.close();
    this.#writer?.abort();
    this.#merge = this.#writer = undefined;
    for (const file of this.#files) file.close();
    this.#dir?.remove();
  }
}
