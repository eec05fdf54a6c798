/**
 * k-mer counts by sorting instead of hashing, for large k. A hash table with tens of
 * millions of k-mers is far larger than the CPU caches, so nearly every k-mer costs a trip
 * to memory (about 100 ns here); radix-sorting a block of k-mers reads and writes memory in
 * order, a few ns per k-mer per pass. Measured in-process on 20 MB of random FASTA at k = 21
 * (20 M k-mers, all distinct: the worst case for both), scanning included: about 3.6 s of
 * CPU with `KmerHashTable`, 1.5 s with this table.
 *
 * k-mers are gathered in a pending block; a full block is LSD radix-sorted (11-bit digits
 * over the 2k key bits) and run-length counted into a sorted run. Reads (iteration, lookups)
 * go through a k-way merge of the runs, so the merged table is never built; past 8 runs the
 * two smallest are merged, so each k-mer is moved O(log(distinct / block)) times in all.
 * Memory is the block (20 bytes per slot with its sort buffers, 2^22 slots at most) plus
 * about 12 bytes per distinct k-mer of each run: flat in the input size for a given set of
 * k-mers. Runs are sorted, so iteration is in lexicographic order with no sort at the end.
 */
import type { KmerBatch } from './hash-table.js';
import type { KmerTable } from './table.js';

/** Options of {@link SortedKmerTable}. */
export interface SortedKmerTableOptions {
  /** k-mers gathered before a sort and merge. Default 2^22 (64 MB with its sort buffers). */
  blockSize?: number | undefined;
}

/** Runs kept before the smallest are merged. */
const MAX_RUNS = 8;

/** A sorted run: n distinct k-mers with their counts. */
interface Run {
  hi: Uint32Array;
  lo: Uint32Array;
  count: Uint32Array;
  n: number;
}

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
  /** Sorted, counted runs (one per block, fewer after merges); read through a k-way merge. */
  #runs: Run[] = [];
  /** Distinct k-mers over all runs, or -1 until counted. */
  #size = -1;

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

  /** Number of distinct k-mers (a merge walk over the runs, cached). */
  get size(): number {
    this.#settle();
    if (this.#size < 0) {
      if (this.#runs.length <= 1) {
        this.#size = this.#runs[0]?.n ?? 0;
      } else {
        let n = 0;
        for (const b of this.batches()) n += b.n;
        this.#size = n;
      }
    }
    return this.#size;
  }

  /** Adds `by` (default 1) to a k-mer's count. */
  add(hi: number, lo: number, by = 1): void {
    if (by === 1) {
      this.#push(hi, lo);
      return;
    }
    // A weighted add is a one-entry sorted run.
    this.#addRun({ hi: Uint32Array.of(hi), lo: Uint32Array.of(lo), count: Uint32Array.of(by), n: 1 });
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

  /** A k-mer's count, 0 when absent (a binary search per run). */
  get(hi: number, lo: number): number {
    this.#settle();
    let total = 0;
    for (const run of this.#runs) {
      let a = 0;
      let b = run.n;
      while (a < b) {
        const m = (a + b) >>> 1;
        const mh = run.hi[m]!;
        if (mh < hi || (mh === hi && run.lo[m]! < lo)) a = m + 1;
        else b = m;
      }
      if (a < run.n && run.hi[a] === hi && run.lo[a] === lo) total += run.count[a]!;
    }
    return total;
  }

  /** Calls `fn(hi, lo, count)` for every k-mer, in lexicographic order. */
  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    for (const b of this.batches()) {
      for (let i = 0; i < b.n; i++) fn(b.hi[i]!, b.lo[i]!, b.count[i]!);
    }
  }

  /**
   * The entries in columnar batches, in lexicographic order (arrays reused between
   * batches). With several runs this is a k-way merge over a heap of run heads, done as the
   * batches are read: the merged table is never materialised, which would double the memory
   * at the very end of counting.
   */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    this.#settle();
    const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
    const runs = this.#runs;
    if (runs.length === 1) {
      const run = runs[0]!;
      for (let i = 0; i < run.n; i += size) {
        const end = Math.min(i + size, run.n);
        batch.n = end - i;
        batch.hi.set(run.hi.subarray(i, end));
        batch.lo.set(run.lo.subarray(i, end));
        batch.count.set(run.count.subarray(i, end));
        yield batch;
      }
      return;
    }
    // Heap of run indices keyed by each run's current head, kept in typed arrays so that
    // a comparison is two array loads, not a walk through run objects.
    const R = runs.length;
    const pos = new Int32Array(R);
    const headHi = new Uint32Array(R);
    const headLo = new Uint32Array(R);
    const heap = new Int32Array(R);
    let hn = 0;
    const down = (i: number): void => {
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
    };
    for (let r = 0; r < R; r++) {
      const run = runs[r]!;
      if (run.n === 0) continue;
      headHi[r] = run.hi[0]!;
      headLo[r] = run.lo[0]!;
      heap[hn++] = r;
    }
    for (let i = (hn >> 1) - 1; i >= 0; i--) down(i);
    // The entry being summed over runs; written to the batch once a different k-mer comes.
    let curHi = -1;
    let curLo = -1;
    let curCount = 0;
    while (hn > 0) {
      const r = heap[0]!;
      const run = runs[r]!;
      const p = pos[r]!;
      const h = headHi[r]!;
      const l = headLo[r]!;
      if (h === curHi && l === curLo) {
        curCount += run.count[p]!;
      } else {
        if (curCount > 0) {
          batch.hi[batch.n] = curHi;
          batch.lo[batch.n] = curLo;
          batch.count[batch.n++] = curCount;
          if (batch.n === size) {
            yield batch;
            batch.n = 0;
          }
        }
        curHi = h;
        curLo = l;
        curCount = run.count[p]!;
      }
      if (p + 1 < run.n) {
        pos[r] = p + 1;
        headHi[r] = run.hi[p + 1]!;
        headLo[r] = run.lo[p + 1]!;
      } else {
        heap[0] = heap[--hn]!;
      }
      if (hn > 0) down(0);
    }
    if (curCount > 0) {
      batch.hi[batch.n] = curHi;
      batch.lo[batch.n] = curLo;
      batch.count[batch.n++] = curCount;
    }
    if (batch.n > 0) yield batch;
  }

  #push(hi: number, lo: number): void {
    this.#pHi[this.#pn] = hi;
    this.#pLo[this.#pn++] = lo;
    if (this.#pn === this.#pHi.length) this.#full();
  }

  #releaseBlock(): void {
    const first = Math.min(this.#blockSize, 1 << 16);
    if (this.#pHi.length <= first) return;
    this.#pHi = new Uint32Array(first);
    this.#pLo = new Uint32Array(first);
    this.#tHi = new Uint32Array(first);
    this.#tLo = new Uint32Array(first);
    this.#runCounts = new Uint32Array(first);
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

  /** Sorts the pending block, counts its k-mers and keeps them as a run. */
  #merge(): void {
    const n = this.#pn;
    if (n === 0) return;
    this.#pn = 0;
    this.#radixSort(n);
    const hi = this.#pHi;
    const lo = this.#pLo;
    const counts = this.#runCounts;
    // Run-length count in place: the block's first r slots become (hi, lo), counts aside.
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
    this.#addRun({ hi: hi.slice(0, r), lo: lo.slice(0, r), count: counts.slice(0, r), n: r });
  }

  #addRun(run: Run): void {
    const runs = this.#runs;
    runs.push(run);
    this.#size = -1;
    // Past MAX_RUNS, merge the two smallest runs (as Huffman coding pairs its symbols): each
    // entry is moved O(log(distinct / block)) times, and reads never face more than
    // MAX_RUNS runs. Below it nothing is merged: on data with few repeats (20 M distinct
    // 21-mers in 20 MB) merging would only double the memory for a while.
    while (runs.length > MAX_RUNS) {
      runs.sort((x, y) => y.n - x.n);
      const b = runs.pop()!;
      const a = runs.pop()!;
      runs.push(mergeTwo(a, b));
    }
  }

  /** Makes the runs current: sorts the pending block into a run. */
  #settle(): void {
    if (this.#pn === 0) return;
    this.#merge();
    // Queries come at the end of counting: hand the block's buffers back (they grow again
    // if more k-mers come).
    this.#releaseBlock();
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
}

/** Merges two sorted runs, adding the counts of k-mers in both. */
function mergeTwo(a: Run, b: Run): Run {
  const total = a.n + b.n;
  const hi = new Uint32Array(total);
  const lo = new Uint32Array(total);
  const count = new Uint32Array(total);
  const aHi = a.hi;
  const aLo = a.lo;
  const aC = a.count;
  const bHi = b.hi;
  const bLo = b.lo;
  const bC = b.count;
  const m = a.n;
  const r = b.n;
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < m && j < r) {
    const ah = aHi[i]!;
    const bh = bHi[j]!;
    const al = aLo[i]!;
    const bl = bLo[j]!;
    if (ah < bh || (ah === bh && al < bl)) {
      hi[o] = ah;
      lo[o] = al;
      count[o++] = aC[i++]!;
    } else if (ah === bh && al === bl) {
      const c = aC[i++]! + bC[j++]!;
      if (c > 0xffffffff) throw new RangeError('k-mer count exceeds 2^32 - 1');
      hi[o] = ah;
      lo[o] = al;
      count[o++] = c;
    } else {
      hi[o] = bh;
      lo[o] = bl;
      count[o++] = bC[j++]!;
    }
  }
  if (i < m) {
    hi.set(aHi.subarray(i, m), o);
    lo.set(aLo.subarray(i, m), o);
    count.set(aC.subarray(i, m), o);
    o += m - i;
  }
  if (j < r) {
    hi.set(bHi.subarray(j, r), o);
    lo.set(bLo.subarray(j, r), o);
    count.set(bC.subarray(j, r), o);
    o += r - j;
  }
  // Trim only when duplicates left much slack: a copy costs time, slack costs memory.
  if (o < total * 0.75) return { hi: hi.slice(0, o), lo: lo.slice(0, o), count: count.slice(0, o), n: o };
  return { hi, lo, count, n: o };
}

/** A copy of the first `used` entries in an array of `capacity`. */
function grow(a: Uint32Array, capacity: number, used: number): Uint32Array {
  const b = new Uint32Array(capacity);
  b.set(a.subarray(0, used));
  return b;
}
