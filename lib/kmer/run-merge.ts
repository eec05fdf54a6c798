/**
 * The two pieces every k-way merge of sorted k-mer runs needs, whatever the runs' storage
 * (`sorted-runs.ts`, `packed-merge.ts`): a min-heap of run indices keyed by each run's head
 * k-mer, and a batcher that adds the counts of equal k-mers and fills reused batches.
 * Keys live in typed arrays, so that a heap comparison is two array loads.
 */
import type { KmerBatch } from './hash-table.js';

/**
 * A min-heap of run indices ordered by their head k-mer `(headHi[r], headLo[r])`.
 *
 * @example
 * ```ts
 * const heap = new RunHeap(2);
 * heap.add(0, 0, 7);
 * heap.add(1, 0, 3);
 * heap.build();
 * heap.top; // 1
 * ```
 */
export class RunHeap {
  readonly headHi: Uint32Array;
  readonly headLo: Uint32Array;
  readonly #heap: Int32Array;
  size = 0;

  constructor(runs: number) {
    this.headHi = new Uint32Array(runs);
    this.headLo = new Uint32Array(runs);
    this.#heap = new Int32Array(runs);
  }

  /** Adds run `r` with its first k-mer, before `build()`. */
  add(r: number, hi: number, lo: number): void {
    this.headHi[r] = hi;
    this.headLo[r] = lo;
    this.#heap[this.size++] = r;
  }

  build(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  /** The run whose head is the smallest k-mer. */
  get top(): number {
    return this.#heap[0]!;
  }

  /** The top run moved on to the k-mer (hi, lo). */
  advanceTop(hi: number, lo: number): void {
    const r = this.#heap[0]!;
    this.headHi[r] = hi;
    this.headLo[r] = lo;
    this.#down(0);
  }

  /** The top run is exhausted. */
  removeTop(): void {
    this.#heap[0] = this.#heap[--this.size]!;
    if (this.size > 0) this.#down(0);
  }

  #down(i: number): void {
    const heap = this.#heap;
    const headHi = this.headHi;
    const headLo = this.headLo;
    const hn = this.size;
    const x = heap[i]!;
    const xh = headHi[x]!;
    const xl = headLo[x]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= hn) break;
      let c = l;
      let ch = headHi[heap[l]!]!;
      let cl = headLo[heap[l]!]!;
      if (l + 1 < hn) {
        const rh = headHi[heap[l + 1]!]!;
        const rl = headLo[heap[l + 1]!]!;
        if (rh < ch || (rh === ch && rl < cl)) {
          c = l + 1;
          ch = rh;
          cl = rl;
        }
      }
      if (!(ch < xh || (ch === xh && cl < xl))) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = x;
  }
}

/**
 * Sums the counts of equal consecutive k-mers into a reused batch: `add` returns true when
 * the batch is full (yield it, then `clear()`); `finish` writes the last entry.
 *
 * @example
 * ```ts
 * const out = new SummingBatcher(1 << 16);
 * if (out.add(hi, lo, count)) { yield out.batch; out.clear(); }
 * ```
 */
export class SummingBatcher {
  readonly batch: KmerBatch;
  readonly #size: number;
  #hi = -1;
  #lo = -1;
  #count = 0;

  constructor(size: number) {
    this.#size = size;
    this.batch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
  }

  add(hi: number, lo: number, count: number): boolean {
    if (hi === this.#hi && lo === this.#lo) {
      this.#count += count;
      return false;
    }
    const full = this.#emit();
    this.#hi = hi;
    this.#lo = lo;
    this.#count = count;
    return full;
  }

  /** Writes the k-mer being summed; true when there is anything left to yield. */
  finish(): boolean {
    this.#emit();
    this.#count = 0;
    return this.batch.n > 0;
  }

  clear(): void {
    this.batch.n = 0;
  }

  #emit(): boolean {
    if (this.#count === 0) return false;
    const b = this.batch;
    b.hi[b.n] = this.#hi;
    b.lo[b.n] = this.#lo;
    b.count[b.n++] = this.#count;
    return b.n === this.#size;
  }
}
