/**
 * A k-way merge of runs of lines (`line-source.ts` blocks), itself a `LineSource`: one block
 * per run in memory, heads compared by key, ties by the lines' bytes in byte order (their
 * keys are prefixes), otherwise by run, so the merge is stable.
 */
import { compareLineBytes, compareNumericLines } from './line-keys.js';
import type { LineOrder } from './line-buffer.js';
import type { LineSource } from './line-source.js';
import { KeyHeap } from './key-heap.js';
import { discardRun, RunReader, type Run } from './run-file.js';

interface Cursor {
  reader: RunReader;
  hi: Uint32Array;
  lo: Uint32Array;
  ends: Uint32Array;
  text: Buffer;
  pos: number;
}

const EMPTY = new Uint32Array(0);

/**
 * Merges runs of lines.
 *
 * @example
 * ```ts
 * const merge = new LineMerge(runs, 'numeric');
 * while (merge.nextLine()) out.push(merge.buf.subarray(merge.start, merge.end));
 * ```
 */
export class LineMerge implements LineSource {
  readonly #cursors: Cursor[];
  readonly #heap: KeyHeap;
  #started = false;
  hi = 0;
  lo = 0;
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;

  constructor(runs: readonly Run[], order: LineOrder) {
    this.#cursors = runs.map((run) => {
      const c: Cursor = { reader: new RunReader(run), hi: EMPTY, lo: EMPTY, ends: EMPTY, text: Buffer.alloc(0), pos: 0 };
      if (!this.#load(c)) throw new Error(`spill file ${run.path} is empty`);
      return c;
    });
    const cursors = this.#cursors;
    const lineStart = (c: Cursor): number => (c.pos === 0 ? 0 : c.ends[c.pos - 1]!);
    const tie = order === 'numeric' ? compareNumericLines : compareLineBytes;
    this.#heap = new KeyHeap(cursors.length, (i, j) => {
      const a = cursors[i]!;
      const b = cursors[j]!;
      return tie(a.text, lineStart(a), a.ends[a.pos]! - 1, b.text, lineStart(b), b.ends[b.pos]! - 1);
    });
    cursors.forEach((c, r) => this.#heap.add(r, c.hi[0]!, c.lo[0]!));
    this.#heap.build();
  }

  /** Reads the cursor's next block; false at the end of its run. */
  #load(c: Cursor): boolean {
    const block = c.reader.nextRaw();
    if (block === undefined) return false;
    const n = block.count;
    const ab = block.buffer.buffer;
    const at = block.buffer.byteOffset;
    c.hi = new Uint32Array(ab, at, n);
    c.lo = new Uint32Array(ab, at + 4 * n, n);
    c.ends = new Uint32Array(ab, at + 8 * n, n);
    c.text = Buffer.from(ab, at + 12 * n, block.bytes - 12 * n);
    c.pos = 0;
    return true;
  }

  nextLine(): boolean {
    const heap = this.#heap;
    if (this.#started && heap.size > 0) {
      // Move past the line given last time.
      const c = this.#cursors[heap.top]!;
      if (++c.pos < c.hi.length || this.#load(c)) heap.advanceTop(c.hi[c.pos]!, c.lo[c.pos]!);
      else {
        c.reader.close();
        discardRun(c.reader.run);
        heap.removeTop();
      }
    }
    this.#started = true;
    if (heap.size === 0) return false;
    const c = this.#cursors[heap.top]!;
    this.hi = heap.headHi[heap.top]!;
    this.lo = heap.headLo[heap.top]!;
    this.buf = c.text;
    this.start = c.pos === 0 ? 0 : c.ends[c.pos - 1]!;
    this.end = c.ends[c.pos]!;
    return true;
  }

  /**
   * The next chunk of output, up to about `size` bytes of whole lines (more for one longer
   * line), or null at the end: `readChunk(this, ...)` in one loop, without a call per line.
   * Not to be mixed with `nextLine()`.
   */
  readChunk(size: number): Buffer | null {
    const heap = this.#heap;
    const cursors = this.#cursors;
    let chunk = Buffer.allocUnsafe(size);
    let at = 0;
    while (heap.size > 0) {
      const r = heap.top;
      const c = cursors[r]!;
      const start = c.pos === 0 ? 0 : c.ends[c.pos - 1]!;
      const end = c.ends[c.pos]!;
      const len = end - start;
      if (at + len > chunk.length) {
        if (at > 0) break;
        chunk = Buffer.allocUnsafe(len);
      }
      const text = c.text;
      if (len > 64) chunk.set(text.subarray(start, end), at);
      else for (let k = start; k < end; k++) chunk[at++] = text[k]!;
      if (len > 64) at += len;
      if (++c.pos < c.hi.length || this.#load(c)) heap.advanceTop(c.hi[c.pos]!, c.lo[c.pos]!);
      else {
        c.reader.close();
        discardRun(c.reader.run);
        heap.removeTop();
      }
    }
    return at === 0 ? null : chunk.subarray(0, at);
  }

  close(): void {
    for (const c of this.#cursors) c.reader.close();
  }
}
