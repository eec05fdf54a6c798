/**
 * Reading many {@link PackedRun}s as one sorted sequence (a k-way merge over a heap of run
 * heads, counts of a k-mer in several runs added), and merging two into one. The same walk
 * as `mergedBatches` of `sorted-runs.ts`, over the compact storage.
 *
 * The heap and the summing are written out here rather than taken from `run-merge.ts` (which
 * `sorted-runs.ts` uses): on this path, the hot one of `kmers -k 21`, the shared classes
 * raised peak RSS from 199 MB to 226 MB (3 runs each, 20 MB FASTA, same output and CPU);
 * the cause is not understood yet, so the copy stays until it is.
 */
import type { KmerBatch } from './hash-table.js';
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
    headHi[r] = run.hi === null ? run.segHi[0]! : run.hi[0]!;
    segEnd[r] = run.hi === null ? run.segEnd[0]! : run.n;
    headLo[r] = run.lo[0]!;
    heap[hn++] = r;
  }
  for (let i = (hn >> 1) - 1; i >= 0; i--) down(i);
  let curHi = -1;
  let curLo = -1;
  let curCount = 0;
  while (hn > 0) {
    const r = heap[0]!;
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
      headLo[r] = run.lo[q]!;
      if (run.hi !== null) {
        headHi[r] = run.hi[q]!;
      } else if (q === segEnd[r]) {
        const s = ++seg[r]!;
        headHi[r] = run.segHi[s]!;
        segEnd[r] = run.segEnd[s]!;
      }
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
