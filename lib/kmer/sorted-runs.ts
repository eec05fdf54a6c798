/**
 * Sorted runs of packed k-mer counts, the pieces a `SortedKmerTable` is made of: merging
 * two of them, finding a k-mer in one, and reading many as one sorted sequence through a
 * k-way merge (so that the merged table never has to be built).
 */
import type { KmerBatch } from './hash-table.js';
import { RunHeap, SummingBatcher } from './run-merge.js';

/** A sorted run: `n` distinct k-mers `(hi[i], lo[i])` in increasing order, with counts. */
export interface SortedRun {
  hi: Uint32Array;
  lo: Uint32Array;
  count: Uint32Array;
  n: number;
}

/**
 * The count of k-mer (hi, lo) in a run, 0 when absent (binary search).
 *
 * @example
 * ```ts
 * findInRun({ hi: Uint32Array.of(0, 0), lo: Uint32Array.of(3, 9), count: Uint32Array.of(1, 4), n: 2 }, 0, 9); // 4
 * ```
 */
export function findInRun(run: SortedRun, hi: number, lo: number): number {
  let a = 0;
  let b = run.n;
  while (a < b) {
    const m = (a + b) >>> 1;
    const mh = run.hi[m]!;
    if (mh < hi || (mh === hi && run.lo[m]! < lo)) a = m + 1;
    else b = m;
  }
  return a < run.n && run.hi[a] === hi && run.lo[a] === lo ? run.count[a]! : 0;
}

/**
 * Reads runs as one sorted sequence of (hi, lo, count) batches, adding the counts of a k-mer
 * found in several runs. With several runs this is a k-way merge over a heap of run heads,
 * done as the batches are read. The batch arrays are reused: copy what you keep.
 *
 * @example
 * ```ts
 * for (const b of mergedBatches([runA, runB])) for (let i = 0; i < b.n; i++) use(b.hi[i], b.lo[i], b.count[i]);
 * ```
 */
export function* mergedBatches(runs: readonly SortedRun[], size = 1 << 16): Generator<KmerBatch> {
  if (runs.length === 1) {
    const run = runs[0]!;
    const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
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
  const heap = new RunHeap(runs.length);
  const pos = new Int32Array(runs.length);
  runs.forEach((run, r) => {
    if (run.n > 0) heap.add(r, run.hi[0]!, run.lo[0]!);
  });
  heap.build();
  const out = new SummingBatcher(size);
  while (heap.size > 0) {
    const r = heap.top;
    const run = runs[r]!;
    const p = pos[r]!;
    if (out.add(heap.headHi[r]!, heap.headLo[r]!, run.count[p]!)) {
      yield out.batch;
      out.clear();
    }
    if (p + 1 < run.n) {
      pos[r] = p + 1;
      heap.advanceTop(run.hi[p + 1]!, run.lo[p + 1]!);
    } else {
      heap.removeTop();
    }
  }
  if (out.finish()) yield out.batch;
}

/**
 * Merges two sorted runs into a new one, adding the counts of k-mers in both.
 *
 * @example
 * ```ts
 * const ab = mergeTwo(runA, runB); // ab.n <= runA.n + runB.n
 * ```
 */
export function mergeTwo(a: SortedRun, b: SortedRun): SortedRun {
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
