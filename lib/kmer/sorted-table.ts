/**
 * k-mer counts by sorting instead of hashing, for large k. A hash table with tens of
 * millions of k-mers is far larger than the CPU caches, so nearly every k-mer costs a trip
 * to memory (about 100 ns here); radix-sorting a block of k-mers reads and writes memory in
 * order, a few ns per k-mer per pass. Measured on 20 M random 21-mers (all distinct, the
 * worst case for both): hash table about 2.5 s of CPU, sort and merge about 0.9 s.
 *
 * k-mers are gathered in a pending block of fixed size; a full block is LSD radix-sorted
 * (11-bit digits over the 2k key bits), run-length counted, and merged into the sorted
 * result. Memory is the block (16 bytes per slot with its sort buffer) plus 12 bytes per
 * distinct k-mer, never more per k-mer occurrence: it stays flat as the input grows. The
 * result is in lexicographic order, so iteration needs no sort.
 */
import type { KmerBatch } from './hash-table.js';
import type { KmerTable } from './table.js';

/** Options of {@link SortedKmerTable}. */
export interface SortedKmerTableOptions {
  /** k-mers gathered before a sort and merge. Default 2^22 (64 MB with its sort buffers). */
  blockSize?: number | undefined;
}

const EMPTY_U32 = new Uint32Array(0);

/**
 * Sorted k-mer counts (see the module comment): the counting table for large k.
 *
 * @example
 * ```ts
 * const t = new SortedKmerTable(21);
 * const scanner = new KmerScanner(21, t, { format: 'fasta' });
 * scanner.scan(bytes); scanner.end();
 * t.forEach((hi, lo, count) => console.log(decode(hi, lo, 21), count)); // in lexicographic order
 * ```
 */
export class SortedKmerTable implements KmerTable {
  readonly k: number;
  readonly #bits: number;
  readonly #blockSize: number;
  // Pending block and its sort buffers.
  #pHi: Uint32Array;
  #pLo: Uint32Array;
  #tHi: Uint32Array;
  #tLo: Uint32Array;
  #pn = 0;
  #digitCounts = new Int32Array(6 * 2048);
  /** Run lengths of the sorted block. */
  #runCounts: Uint32Array;
  // The sorted result.
  #hi: Uint32Array = EMPTY_U32;
  #lo: Uint32Array = EMPTY_U32;
  #count: Uint32Array = EMPTY_U32;
  #size = 0;

  constructor(k: number, options?: SortedKmerTableOptions) {
    if (!Number.isInteger(k) || k < 1 || k > 31) throw new RangeError(`The "k" option must be an integer from 1 to 31. Received ${k}`);
    const block = options?.blockSize ?? 1 << 22;
    if (!Number.isInteger(block) || block < 1) throw new RangeError(`The "blockSize" option must be a positive integer. Received ${block}`);
    this.k = k;
    this.#bits = 2 * k;
    this.#blockSize = block;
    // The block starts small and doubles up to blockSize: a small input costs little memory.
    const first = Math.min(block, 1 << 16);
    this.#pHi = new Uint32Array(first);
    this.#pLo = new Uint32Array(first);
    this.#tHi = new Uint32Array(first);
    this.#tLo = new Uint32Array(first);
    this.#runCounts = new Uint32Array(first);
  }

  /** Number of distinct k-mers. */
  get size(): number {
    this.#merge();
    return this.#size;
  }

  /** Adds `by` (default 1) to a k-mer's count. */
  add(hi: number, lo: number, by = 1): void {
    if (by === 1) {
      this.#push(hi, lo);
      return;
    }
    // A weighted add is a one-entry sorted run merged in directly.
    this.#merge();
    this.#mergeRun(Uint32Array.of(hi), Uint32Array.of(lo), Uint32Array.of(by), 1);
  }

  /** Adds one occurrence of each of the first `n` k-mers. */
  addBatch(his: Uint32Array, los: Uint32Array, n: number): void {
    let j = 0;
    while (j < n) {
      const room = this.#pHi.length - this.#pn;
      const take = Math.min(room, n - j);
      this.#pHi.set(his.subarray(j, j + take), this.#pn);
      this.#pLo.set(los.subarray(j, j + take), this.#pn);
      this.#pn += take;
      j += take;
      if (this.#pn === this.#pHi.length) this.#full();
    }
  }

  /** A k-mer's count, 0 when absent (binary search). */
  get(hi: number, lo: number): number {
    this.#merge();
    let a = 0;
    let b = this.#size;
    while (a < b) {
      const m = (a + b) >>> 1;
      const mh = this.#hi[m]!;
      if (mh < hi || (mh === hi && this.#lo[m]! < lo)) a = m + 1;
      else b = m;
    }
    return a < this.#size && this.#hi[a] === hi && this.#lo[a] === lo ? this.#count[a]! : 0;
  }

  /** Calls `fn(hi, lo, count)` for every k-mer, in lexicographic order. */
  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    this.#merge();
    for (let i = 0; i < this.#size; i++) fn(this.#hi[i]!, this.#lo[i]!, this.#count[i]!);
  }

  /** The entries in columnar batches, in lexicographic order (arrays reused between batches). */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    this.#merge();
    const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
    for (let i = 0; i < this.#size; i += size) {
      const end = Math.min(i + size, this.#size);
      batch.n = end - i;
      batch.hi.set(this.#hi.subarray(i, end));
      batch.lo.set(this.#lo.subarray(i, end));
      batch.count.set(this.#count.subarray(i, end));
      yield batch;
    }
  }

  #push(hi: number, lo: number): void {
    this.#pHi[this.#pn] = hi;
    this.#pLo[this.#pn++] = lo;
    if (this.#pn === this.#pHi.length) this.#full();
  }

  /** The pending block is full: grow it while below blockSize, else sort and merge it. */
  #full(): void {
    const n = this.#pHi.length;
    if (n >= this.#blockSize) {
      this.#merge();
      return;
    }
    const size = Math.min(n * 2, this.#blockSize);
    this.#pHi = grow(this.#pHi, size, n);
    this.#pLo = grow(this.#pLo, size, n);
    this.#tHi = new Uint32Array(size);
    this.#tLo = new Uint32Array(size);
    this.#runCounts = new Uint32Array(size);
  }

  /** Sorts the pending block, counts its runs and merges them into the result. */
  #merge(): void {
    const n = this.#pn;
    if (n === 0) return;
    this.#pn = 0;
    this.#radixSort(n);
    // Run-length count in place: the block's first r slots become (hi, lo), counts aside.
    const hi = this.#pHi;
    const lo = this.#pLo;
    const counts = this.#runCounts;
    let r = 0;
    for (let i = 0; i < n; ) {
      const h = hi[i]!;
      const l = lo[i]!;
      let j = i + 1;
      while (j < n && hi[j] === h && lo[j] === l) j++;
      hi[r] = h;
      lo[r] = l;
      counts[r++] = j - i;
      i = j;
    }
    this.#mergeRun(hi, lo, counts, r);
  }

  /**
   * LSD radix sort of the first n pending k-mers by (hi, lo), 11 bits per pass. The digit
   * histograms of all passes are counted in one read of the data, before the first pass.
   */
  #radixSort(n: number): void {
    const passes = Math.ceil(this.#bits / 11);
    const c = this.#digitCounts.length >= passes * 2048 ? this.#digitCounts : (this.#digitCounts = new Int32Array(passes * 2048));
    c.fill(0);
    {
      const hi = this.#pHi;
      const lo = this.#pLo;
      for (let i = 0; i < n; i++) {
        const l = lo[i]!;
        const h = hi[i]!;
        // Digits 0-2 cover lo (the third takes 1 bit of hi), 3-5 the rest of hi.
        c[l & 2047]!++;
        c[2048 + ((l >>> 11) & 2047)]!++;
        c[4096 + (((l >>> 22) | (h << 10)) & 2047)]!++;
        if (passes > 3) {
          c[6144 + ((h >>> 1) & 2047)]!++;
          if (passes > 4) c[8192 + ((h >>> 12) & 2047)]!++;
          if (passes > 5) c[10240 + ((h >>> 23) & 2047)]!++;
        }
      }
    }
    for (let p = 0; p < passes; p++) {
      // Prefix sums turn counts into start offsets.
      let sum = 0;
      for (let d = p * 2048, end = d + 2048; d < end; d++) {
        const v = c[d]!;
        c[d] = sum;
        sum += v;
      }
      const base = p * 2048;
      const srcHi = this.#pHi;
      const srcLo = this.#pLo;
      const dstHi = this.#tHi;
      const dstLo = this.#tLo;
      if (p < 2) {
        const shift = 11 * p;
        for (let i = 0; i < n; i++) {
          const l = srcLo[i]!;
          const o = c[base + ((l >>> shift) & 2047)]!++;
          dstHi[o] = srcHi[i]!;
          dstLo[o] = l;
        }
      } else if (p === 2) {
        for (let i = 0; i < n; i++) {
          const l = srcLo[i]!;
          const h = srcHi[i]!;
          const o = c[base + (((l >>> 22) | (h << 10)) & 2047)]!++;
          dstHi[o] = h;
          dstLo[o] = l;
        }
      } else {
        const shift = 11 * p - 32;
        for (let i = 0; i < n; i++) {
          const h = srcHi[i]!;
          const o = c[base + ((h >>> shift) & 2047)]!++;
          dstHi[o] = h;
          dstLo[o] = srcLo[i]!;
        }
      }
      // The sorted data is now in the other buffers: swap roles.
      this.#pHi = dstHi;
      this.#pLo = dstLo;
      this.#tHi = srcHi;
      this.#tLo = srcLo;
    }
  }

  /**
   * Merges a sorted run of r (hi, lo, count) entries into the sorted result, in place from
   * the back (the result's arrays have spare capacity, grown by half when short), so that a
   * merge moves each entry once and allocates nothing in the common case.
   */
  #mergeRun(rHi: Uint32Array, rLo: Uint32Array, rCount: Uint32Array, r: number): void {
    const m = this.#size;
    if (this.#hi.length < m + r) {
      const cap = Math.max(m + r, Math.ceil(this.#hi.length * 1.5));
      this.#hi = grow(this.#hi, cap, m);
      this.#lo = grow(this.#lo, cap, m);
      this.#count = grow(this.#count, cap, m);
    }
    const hi = this.#hi;
    const lo = this.#lo;
    const count = this.#count;
    let i = m - 1;
    let j = r - 1;
    let o = m + r - 1;
    // o > i until the run is used up (each step takes one from the run or the result), so
    // writing at o never overwrites a result entry not yet read.
    while (j >= 0) {
      const bh = rHi[j]!;
      const bl = rLo[j]!;
      if (i >= 0) {
        const ah = hi[i]!;
        const al = lo[i]!;
        if (ah > bh || (ah === bh && al > bl)) {
          hi[o] = ah;
          lo[o] = al;
          count[o--] = count[i--]!;
          continue;
        }
        if (ah === bh && al === bl) {
          const c = count[i--]! + rCount[j--]!;
          if (c > 0xffffffff) throw new RangeError('k-mer count exceeds 2^32 - 1');
          hi[o] = bh;
          lo[o] = bl;
          count[o--] = c;
          continue;
        }
      }
      hi[o] = bh;
      lo[o] = bl;
      count[o--] = rCount[j--]!;
    }
    // Entries 0..i are in place. Merged duplicates left a gap of (o - i) before the part
    // written from the back: close it.
    const gap = o - i;
    if (gap > 0) {
      hi.copyWithin(i + 1, o + 1, m + r);
      lo.copyWithin(i + 1, o + 1, m + r);
      count.copyWithin(i + 1, o + 1, m + r);
    }
    this.#size = m + r - gap;
  }
}

/** A copy of the first `used` entries in an array of `capacity`. */
function grow(a: Uint32Array, capacity: number, used: number): Uint32Array {
  const b = new Uint32Array(capacity);
  b.set(a.subarray(0, used));
  return b;
}
