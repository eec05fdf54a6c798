/**
 * k-mer counts by sorting instead of hashing, for large k. A hash table with tens of
 * millions of k-mers is far larger than the CPU caches, so nearly every k-mer costs a trip
 * to memory (about 100 ns here); radix-sorting a block of k-mers reads and writes memory in
 * order, a few ns per k-mer per pass. Measured in-process on 20 MB of random FASTA at k = 21
 * (20 M k-mers, all distinct: the worst case for both), scanning included: about 3.6 s of
 * CPU with `KmerHashTable`, 1.5 s with this table.
 *
 * k-mers are gathered in a pending block; a full block is LSD radix-sorted (11-bit digits
 * over the 2k key bits), run-length counted into a sorted run, and runs of similar size are
 * merged as they come (as in an LSM tree), so each k-mer is moved O(log(distinct / block))
 * times. Memory is the block (20 bytes per slot with its sort buffers, 2^22 slots at most)
 * plus about 12 bytes per distinct k-mer (twice that during the last merge), never more per
 * occurrence. The result is in lexicographic order, so iteration needs no sort.
 */
import type { KmerBatch } from './hash-table.js';
import type { KmerTable } from './table.js';

/** Options of {@link SortedKmerTable}. */
export interface SortedKmerTableOptions {
  /** k-mers gathered before a sort and merge. Default 2^22 (64 MB with its sort buffers). */
  blockSize?: number | undefined;
}

const EMPTY_U32 = new Uint32Array(0);

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
  /** Sorted, counted runs not yet merged (one per block); merged together when queried. */
  #runs: Run[] = [];
  // The sorted result, once the runs are merged.
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
    this.#settle();
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

  /** A k-mer's count, 0 when absent (binary search). */
  get(hi: number, lo: number): number {
    this.#settle();
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
    this.#settle();
    for (let i = 0; i < this.#size; i++) fn(this.#hi[i]!, this.#lo[i]!, this.#count[i]!);
  }

  /** The entries in columnar batches, in lexicographic order (arrays reused between batches). */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    this.#settle();
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
    if (this.#size > 0) {
      // The merged result becomes a run again (new k-mers arrived after a query).
      this.#runs.push({ hi: this.#hi, lo: this.#lo, count: this.#count, n: this.#size });
      this.#hi = this.#lo = this.#count = EMPTY_U32;
      this.#size = 0;
    }
    // Merge runs of similar size as they come (a binary counter, as in an LSM tree): each
    // entry is moved about log2(distinct / block) times in all, not once per block, and
    // there are never more than about that many runs.
    const runs = this.#runs;
    runs.push(run);
    while (runs.length >= 2 && runs[runs.length - 2]!.n <= 2 * runs[runs.length - 1]!.n) {
      const b = runs.pop()!;
      const a = runs.pop()!;
      runs.push(mergeTwo(a, b));
    }
  }

  /** Makes the result current: sorts the pending block and merges all runs. */
  #settle(): void {
    this.#merge();
    if (this.#runs.length > 0) {
      // Queries come at the end of counting: hand the block's buffers back before the last
      // merge, which needs room for its output (they grow again if more k-mers come).
      this.#releaseBlock();
      if (this.#size > 0) this.#runs.push({ hi: this.#hi, lo: this.#lo, count: this.#count, n: this.#size });
      this.#mergeRuns();
      const run = this.#runs.pop()!;
      this.#hi = run.hi;
      this.#lo = run.lo;
      this.#count = run.count;
      this.#size = run.n;
    }
  }

  /** Merges all runs into one, smallest first. */
  #mergeRuns(): void {
    const runs = this.#runs;
    while (runs.length > 1) {
      const b = runs.pop()!;
      const a = runs.pop()!;
      runs.push(mergeTwo(a, b));
    }
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
