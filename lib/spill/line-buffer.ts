/**
 * The in-memory part of sorting lines of bytes: chunks are copied into one buffer, line
 * starts and keys recorded as each line is complete (its bytes are still in the cache), and
 * when the budget is full (text plus 12 bytes a line) the lines are radix-sorted and written
 * back in order, a range at a time (keys, indices and radix scratch: 24 bytes a line of the
 * range), or read back through `LineSource`. A line cut by the end of a chunk or by a spill stays
 * whole: its head is moved to the front of the buffer.
 */
import { byteKey, compareLineBytes, compareNumericLines, numericKey } from './line-keys.js';
import type { LineSource } from './line-source.js';
import type { RunWriter } from './run-file.js';
import { writeString } from './wtf8.js';
import { radixSortKeys, type KeyColumns } from './key-radix-sort.js';

/** How lines are ordered: `numeric` as `sort -g`, `bytes` as `LC_ALL=C sort`. */
export type LineOrder = 'numeric' | 'bytes';

/** Bytes a line costs beyond its text while it is gathered: its start and its key. */
const LINE_OVERHEAD = 12;

/** Bytes a line costs while it is sorted: key, index and their radix scratch. */
export const SORT_OVERHEAD = 24;

const NEWLINE = 10;
const STEP = 64 * 1024;

/**
 * Lines gathered up to a budget.
 *
 * @example
 * ```ts
 * const buffer = new LineBuffer(1 << 20, 'numeric');
 * if (buffer.write(chunk)) spill(buffer.sorted());
 * ```
 */
export class LineBuffer implements LineSource {
  readonly #memory: number;
  readonly #order: LineOrder;
  #data: Buffer;
  /** Bytes in `#data`; the last line (from `#tail`) may have no newline yet. */
  #len = 0;
  #tail = 0;
  #starts: Uint32Array = new Uint32Array(1024);
  /** Each complete line's key (see `line-keys.ts`), made as the line is read. */
  #keyHi: Uint32Array = new Uint32Array(1024);
  #keyLo: Uint32Array = new Uint32Array(1024);
  readonly #key: typeof numericKey;
  #lines = 0;
  #cols: KeyColumns | undefined;
  /** Lines in the last sort; `#pos` is the one read last. */
  #sorted = 0;
  #pos = -1;
  /** Reused by `writeRun`: a block's text, and the block. */
  #text = Buffer.alloc(0);
  #payload = Buffer.alloc(0);
  hi = 0;
  lo = 0;
  buf: Buffer;
  start = 0;
  end = 0;

  constructor(memory: number, order: LineOrder) {
    this.#memory = memory;
    this.#order = order;
    this.#key = order === 'numeric' ? numericKey : byteKey;
    this.#data = Buffer.allocUnsafeSlow(Number.isFinite(memory) ? Math.max(STEP, memory) : 1 << 20);
    this.buf = this.#data;
  }

  /** Complete lines held. */
  get lines(): number {
    return this.#lines;
  }

  get full(): boolean {
    return this.#len + LINE_OVERHEAD * this.#lines >= this.#memory;
  }

  /** True when every line can be sorted at once within the budget (no run to write). */
  get fitsWhole(): boolean {
    return this.#len + (LINE_OVERHEAD + SORT_OVERHEAD) * this.#lines <= this.#memory;
  }

  /**
   * Takes bytes from `chunk[offset...]` until the chunk is used up or the budget is full;
   * returns how many it took.
   */
  write(chunk: Uint8Array, offset: number): number {
    let room = this.#data.length - this.#len;
    if (room === 0) {
      if (this.#lines > 0 && Number.isFinite(this.#memory)) return 0;
      // One line longer than the budget (or no budget at all): the buffer must grow.
      const bigger = Buffer.allocUnsafeSlow(this.#data.length * 2);
      this.#data.copy(bigger, 0, 0, this.#len);
      this.#data = bigger;
      this.buf = bigger;
      room = bigger.length - this.#len;
    }
    const n = Math.min(room, chunk.length - offset, STEP);
    const data = this.#data;
    data.set(chunk.subarray(offset, offset + n), this.#len);
    const end = this.#len + n;
    // A byte loop: lines are short, and a native indexOf per line costs more than it scans.
    let starts = this.#starts;
    let keyHi = this.#keyHi;
    let keyLo = this.#keyLo;
    const key = this.#key;
    let lines = this.#lines;
    let tail = this.#tail;
    for (let p = this.#len; p < end; p++) {
      if (data[p] !== NEWLINE) continue;
      if (lines === starts.length) {
        starts = this.#starts = grow(starts);
        keyHi = this.#keyHi = grow(keyHi);
        keyLo = this.#keyLo = grow(keyLo);
      }
      starts[lines] = tail;
      key(data, tail, p, keyHi, keyLo, lines);
      lines++;
      tail = p + 1;
    }
    this.#lines = lines;
    this.#tail = tail;
    this.#len = end;
    return n;
  }

  /**
   * Adds a string as one record: its UTF-8 bytes (WTF-8 for a lone surrogate) and a newline
   * that frames nothing (the starts do; the string may hold newlines itself). False when it
   * does not fit: spill, then add it again. For the string sort, in byte order.
   */
  appendString(s: string): boolean {
    const need = 3 * s.length + 1;
    if (this.#len + need > this.#data.length) {
      if (this.#lines > 0 && Number.isFinite(this.#memory)) return false;
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.#data.length * 2, this.#len + need));
      this.#data.copy(bigger, 0, 0, this.#len);
      this.#data = bigger;
      this.buf = bigger;
    }
    const data = this.#data;
    const at = this.#len;
    const n = writeString(data, at, s);
    data[at + n] = NEWLINE;
    const lines = this.#lines;
    if (lines === this.#starts.length) {
      this.#starts = grow(this.#starts);
      this.#keyHi = grow(this.#keyHi);
      this.#keyLo = grow(this.#keyLo);
    }
    this.#starts[lines] = at;
    this.#key(data, at, at + n, this.#keyHi, this.#keyLo, lines);
    this.#lines = lines + 1;
    this.#len = this.#tail = at + n + 1;
    return true;
  }

  /** Ends the input: a last line without a newline gets one, as GNU sort gives it. */
  finish(): void {
    if (this.#tail === this.#len) return;
    this.write(Buffer.from([NEWLINE]), 0);
  }

  /** The line index where the lines from `from` reach `bytes` bytes of text (or the last line). */
  rangeEnd(from: number, bytes: number): number {
    const limit = this.#starts[from]! + bytes;
    let to = from + 1;
    while (to < this.#lines && this.#starts[to]! < limit) to++;
    return to;
  }

  /**
   * Sorts the complete lines `[from, to)` (default all); this buffer then reads them in order
   * as a `LineSource`. A range whose text fits the caches sorts and reads back much faster
   * than a whole buffer: reading lines back in key order is a random walk over their text.
   */
  sort(from = 0, to = this.#lines): LineSource {
    const n = to - from;
    let cols = this.#cols;
    if (cols === undefined || cols.hi.length < n) {
      const size = Math.max(1024, n);
      const a = (): Uint32Array => new Uint32Array(size);
      cols = this.#cols = { hi: a(), lo: a(), idx: a(), tmpHi: a(), tmpLo: a(), tmpIdx: a() };
    }
    const { hi, lo, idx } = cols;
    hi.set(this.#keyHi.subarray(from, to));
    lo.set(this.#keyLo.subarray(from, to));
    for (let i = 0; i < n; i++) idx[i] = from + i;
    radixSortKeys(cols, n);
    this.#breakTies(cols, n);
    this.#pos = -1;
    this.#sorted = n;
    return this;
  }

  #lineEnd(i: number): number {
    return i + 1 < this.#lines ? this.#starts[i + 1]! : this.#tail;
  }

  /** Lines with equal keys, in input order after the radix sort: sorted by the tie-break of their order. */
  #breakTies(cols: KeyColumns, n: number): void {
    const { hi, lo, idx } = cols;
    const data = this.#data;
    const tie = this.#order === 'numeric' ? compareNumericLines : compareLineBytes;
    const starts = this.#starts;
    const cmp = (a: number, b: number): number => tie(data, starts[a]!, this.#lineEnd(a) - 1, data, starts[b]!, this.#lineEnd(b) - 1);
    let i = 0;
    while (i < n) {
      let j = i + 1;
      while (j < n && hi[j] === hi[i] && lo[j] === lo[i]) j++;
      if (j - i > 1 && !this.#allSame(idx, i, j)) {
        const group = Array.from(idx.subarray(i, j)).sort(cmp);
        idx.set(group, i);
      }
      i = j;
    }
  }

  /** True when the lines at idx[i, j) are byte for byte the same (repeated values): no need to sort them. */
  #allSame(idx: Uint32Array, i: number, j: number): boolean {
    const data = this.#data;
    const starts = this.#starts;
    const first = idx[i]!;
    const firstEnd = this.#lineEnd(first);
    for (let k = i + 1; k < j; k++) {
      const line = idx[k]!;
      if (compareLineBytes(data, starts[first]!, firstEnd, data, starts[line]!, this.#lineEnd(line)) !== 0) return false;
    }
    return true;
  }

  /**
   * Writes the lines of the last `sort()` to `writer` as run blocks (`line-source.ts`), in
   * one loop over local arrays: the same as `writeLineRun(this, ...)`, without a call per line.
   */
  writeRun(writer: RunWriter, blockBytes: number): void {
    const { hi, lo, idx } = this.#cols!;
    const n = this.#sorted;
    const data = this.#data;
    const starts = this.#starts;
    const lines = this.#lines;
    const tail = this.#tail;
    if (this.#text.length < blockBytes + 1024) this.#text = Buffer.allocUnsafe(blockBytes + 1024);
    let text = this.#text;
    const ends = new Uint32Array(n);
    for (let from = 0; from < n; ) {
      let bytes = 0;
      let to = from;
      while (to < n && bytes < blockBytes) {
        const i = idx[to]!;
        const s = starts[i]!;
        const e = i + 1 < lines ? starts[i + 1]! : tail;
        if (bytes + (e - s) > text.length) {
          const bigger = Buffer.allocUnsafe(2 * (bytes + (e - s)));
          text.copy(bigger, 0, 0, bytes);
          text = bigger;
        }
        if (e - s > 64) data.copy(text, bytes, s, e);
        else for (let k = s; k < e; k++) text[bytes + k - s] = data[k]!;
        bytes += e - s;
        ends[to++] = bytes;
      }
      const count = to - from;
      if (this.#payload.length < 12 * count + bytes) this.#payload = Buffer.allocUnsafe(2 * (12 * count + bytes));
      // The writer copies the payload at once: one buffer serves every block.
      const payload = this.#payload.subarray(0, 12 * count + bytes);
      payload.set(new Uint8Array(hi.buffer, hi.byteOffset + 4 * from, 4 * count), 0);
      payload.set(new Uint8Array(lo.buffer, lo.byteOffset + 4 * from, 4 * count), 4 * count);
      payload.set(new Uint8Array(ends.buffer, 4 * from, 4 * count), 8 * count);
      payload.set(text.subarray(0, bytes), 12 * count);
      writer.writeRaw(payload, count);
      from = to;
    }
    this.#text = text;
  }

  nextLine(): boolean {
    const cols = this.#cols!;
    const p = ++this.#pos;
    if (p >= this.#sorted) return false;
    const i = cols.idx[p]!;
    this.hi = cols.hi[p]!;
    this.lo = cols.lo[p]!;
    this.start = this.#starts[i]!;
    this.end = this.#lineEnd(i);
    return true;
  }

  /** Drops the lines read (all of them), keeping the unfinished last line at the front. */
  clear(): void {
    const tail = this.#tail;
    this.#data.copyWithin(0, tail, this.#len);
    this.#len -= tail;
    this.#tail = 0;
    this.#lines = 0;
    this.#pos = -1;
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
