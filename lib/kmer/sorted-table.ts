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
 * go through a k-way merge of the runs, so the merged table is never built; past 16 runs the
 * two smallest are merged, so each k-mer is moved O(log(distinct / block)) times in all.
 * Memory is the block (16 bytes per slot with its sort buffers, 2^21 slots at most) plus
 * about 5 bytes per distinct k-mer of each run for k ≤ 24, 9 above (`packed-run.ts`; plain
 * uint32 columns took 12 and put the 20 MB k = 21 benchmark at 380 MB peak RSS): flat in
 * the input size for a given set of k-mers. Runs are sorted, so iteration is in lexicographic order with no sort at the end.
 */
import type { KmerBatch } from './hash-table.js';
import { capRuns, mergedPackedBatches } from './packed-merge.js';
import { PackedRunBuilder, type PackedRun } from './packed-run.js';
import { radixSortPairs } from './radix-sort.js';
import type { KmerTable } from './table.js';

/** Options of {@link SortedKmerTable}. */
export interface SortedKmerTableOptions {
  /** k-mers gathered before a sort and merge. Default 2^21 (32 MB with its sort buffers). */
  blockSize?: number | undefined;
  /** Keep the runs in SharedArrayBuffers, readable by other threads at once (see `PackedRunBuilder`). */
  sharedRuns?: boolean | undefined;
}

/** Runs kept before the smallest are merged. */
const MAX_RUNS = 16;

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
  readonly #shared: boolean;
  // Pending block and its sort buffers.
  #pHi: Uint32Array;
  #pLo: Uint32Array;
  #tHi: Uint32Array;
  #tLo: Uint32Array;
  #pn = 0;
  readonly #digitCounts = new Int32Array(6 * 2048);
  /** Sorted, counted runs (one per block, fewer after merges); read through a k-way merge. */
  #runs: PackedRun[] = [];
  /** Distinct k-mers over all runs, or -1 until counted. */
  #size = -1;
  /** Bumped by every new run, so that a walk knows whether its count is still current. */
  #version = 0;

  constructor(k: number, options?: SortedKmerTableOptions) {
    if (!Number.isInteger(k) || k < 1 || k > 31) throw new RangeError(`The "k" option must be an integer from 1 to 31. Received ${k}`);
    const block = options?.blockSize ?? 1 << 21;
    if (!Number.isInteger(block) || block < 1) throw new RangeError(`The "blockSize" option must be a positive integer. Received ${block}`);
    this.k = k;
    this.#bits = 2 * k;
    this.#blockSize = block;
    this.#shared = options?.sharedRuns === true;
    // The block starts small and doubles up to blockSize: a small input costs little memory.
    const first = Math.min(block, 1 << 16);
    this.#pHi = new Uint32Array(first);
    this.#pLo = new Uint32Array(first);
    this.#tHi = new Uint32Array(first);
    this.#tLo = new Uint32Array(first);
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
    const one = new PackedRunBuilder(this.k, 1, this.#shared);
    one.push(hi, lo, by);
    this.#addRun(one.finish());
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
    for (const run of this.#runs) total += run.get(hi, lo);
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
   * batches). Do not add k-mers while iterating.
   */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    this.#settle();
    const version = this.#version;
    let n = 0;
    for (const b of mergedPackedBatches(this.#runs, size)) {
      n += b.n;
      yield b;
    }
    // A whole walk has counted the distinct k-mers: `size` need not walk again, unless
    // k-mers were added meanwhile.
    if (this.#version === version && this.#pn === 0) this.#size = n;
  }

  /**
   * Hands over the sorted runs (the pending block sorted first) and leaves the table empty:
   * for a caller that moves them elsewhere, e.g. to another thread, without a copy.
   */
  takeRuns(): PackedRun[] {
    this.#settle();
    const runs = this.#runs;
    this.#runs = [];
    this.#size = -1;
    this.#version++;
    return runs;
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
  }

  /** Sorts the pending block, counts its k-mers and keeps them as a run. */
  #merge(): void {
    const n = this.#pn;
    if (n === 0) return;
    this.#pn = 0;
    const buf = { hi: this.#pHi, lo: this.#pLo, tmpHi: this.#tHi, tmpLo: this.#tLo };
    radixSortPairs(buf, n, this.#bits, this.#digitCounts);
    // The sort may leave the data in what were the scratch arrays: keep both pairs.
    this.#pHi = buf.hi;
    this.#pLo = buf.lo;
    this.#tHi = buf.tmpHi;
    this.#tLo = buf.tmpLo;
    const hi = this.#pHi;
    const lo = this.#pLo;
    // The sort's scratch is free now: it holds the counts.
    const counts = this.#tHi;
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
    const run = new PackedRunBuilder(this.k, r, this.#shared);
    for (let i = 0; i < r; i++) run.push(hi[i]!, lo[i]!, counts[i]!);
    this.#addRun(run.finish());
  }

  #addRun(run: PackedRun): void {
    const runs = this.#runs;
    runs.push(run);
    this.#size = -1;
    this.#version++;
    // Below MAX_RUNS nothing is merged: on data with few repeats (20 M distinct 21-mers in
    // 20 MB) merging would only double the memory for a while.
    capRuns(runs, MAX_RUNS, this.k, this.#shared);
  }

  /** Makes the runs current: sorts the pending block into a run. */
  #settle(): void {
    if (this.#pn === 0) return;
    this.#merge();
    // Queries come at the end of counting: hand the block's buffers back (they grow again
    // if more k-mers come).
    this.#releaseBlock();
  }
}

/** A copy of the first `used` entries in an array of `capacity`. */
function grow(a: Uint32Array, capacity: number, used: number): Uint32Array {
  const b = new Uint32Array(capacity);
  b.set(a.subarray(0, used));
  return b;
}
