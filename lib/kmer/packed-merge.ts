/**
 * Reading many {@link PackedRun}s as one sorted sequence (a k-way merge over a heap of run
 * heads, counts of a k-mer in several runs added), and merging two into one. The same walk
 * as `mergedBatches` of `sorted-runs.ts`, over the compact storage.
 *
 * The heap is `run-merge.ts`'s RunHeap (as in `sorted-runs.ts`): same output, CPU and peak
 * RSS as the copy it replaced (`kmers -k 21` on the 20 MB FASTA, 3 runs each: 2.1 s, 200 MB
 * with the full output; 1.55 s, 191 MB with --top 10). The summing stays written out here:
 * with run-merge's SummingBatcher as well, peak RSS had risen from 199 to 226 MB.
 */
import type { KmerBatch } from './hash-table.js';
import { RunHeap } from './run-merge.js';
import { OVERFLOW, PackedRunBuilder, type PackedRun } from './packed-run.js';

/**
 * The runs' entries in increasing (hi, lo) order, in batches of `size` (arrays reused
 * between batches: copy what you keep).
 *
 * @example
 * ```ts
 * for (const b of mergedPackedBatches([runA, runB])) for (let i = 0; i < b.n; i++) use(b.hi[i], b.lo[i], b.count[i]);
 * ```
 */
export function* mergedPackedBatches(runs: readonly PackedRun[], size = 1 << 16): Generator<KmerBatch> {
  const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
  // Per run: position, current segment and its end, next overflow entry, head key. Kept in
  // typed arrays so that a heap comparison is two array loads.
  const R = runs.length;
  const pos = new Int32Array(R);
  const seg = new Int32Array(R);
  const segEnd = new Int32Array(R);
  const ov = new Int32Array(R);
  const heap = new RunHeap(R);
  const { headHi, headLo } = heap;
  for (let r = 0; r < R; r++) {
    const run = runs[r]!;
    if (run.n === 0) continue;
    segEnd[r] = run.hi === null ? run.segEnd[0]! : run.n;
    heap.add(r, run.hi === null ? run.segHi[0]! : run.hi[0]!, run.lo[0]!);
  }
  heap.build();
  let curHi = -1;
  let curLo = -1;
  let curCount = 0;
  while (heap.size > 0) {
    const r = heap.top;
    const run = runs[r]!;
    const p = pos[r]!;
    const h = headHi[r]!;
    const l = headLo[r]!;
    let c = run.count8[p]!;
    if (c === OVERFLOW) c = run.ovCount[ov[r]!++]!;
    if (h === curHi && l === curLo) {
      curCount += c;
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
      curCount = c;
    }
    const q = p + 1;
    if (q < run.n) {
      pos[r] = q;
      let hi = h;
      if (run.hi !== null) {
        hi = run.hi[q]!;
      } else if (q === segEnd[r]) {
        const s = ++seg[r]!;
        hi = run.segHi[s]!;
        segEnd[r] = run.segEnd[s]!;
      }
      heap.advanceTop(hi, run.lo[q]!);
    } else {
      heap.removeTop();
    }
  }
  if (curCount > 0) {
    batch.hi[batch.n] = curHi;
    batch.lo[batch.n] = curLo;
    batch.count[batch.n++] = curCount;
  }
  if (batch.n > 0) yield batch;
}

/**
 * Merges two packed runs into a new one, adding the counts of k-mers in both (in
 * SharedArrayBuffers when `shared`, see `PackedRunBuilder`).
 *
 * @example
 * ```ts
 * const ab = mergePacked(21, runA, runB); // ab.n <= runA.n + runB.n
 * ```
 */
export function mergePacked(k: number, a: PackedRun, b: PackedRun, shared = false): PackedRun {
  const out = new PackedRunBuilder(k, a.n + b.n, shared);
  for (const batch of mergedPackedBatches([a, b])) {
    for (let i = 0; i < batch.n; i++) out.push(batch.hi[i]!, batch.lo[i]!, batch.count[i]!);
  }
  return out.finish();
}

/**
 * Keeps at most `max` runs: while there are more, merges the two smallest into one (as
 * Huffman coding pairs its symbols, so that each entry is moved O(log(runs)) times and a
 * read never faces more than `max` runs). `runs` is changed in place.
 *
 * @example
 * ```ts
 * runs.push(newRun);
 * capRuns(runs, 16, 21);
 * ```
 */
export function capRuns(runs: PackedRun[], max: number, k: number, shared = false): void {
  while (runs.length > max) {
    runs.sort((x, y) => y.n - x.n);
    const b = runs.pop()!;
    const a = runs.pop()!;
    runs.push(mergePacked(k, a, b, shared));
  }
}
