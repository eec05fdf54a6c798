/**
 * Cutting sorted packed runs by key, so that the output of several runs can be formatted
 * in pieces on several threads: the k-mers of a key range [from, to) sit at one slice of
 * every run, and a k-mer never straddles two ranges, so formatting the ranges' merged
 * slices one after the other gives the whole output, in order.
 */
import { PackedRun } from './packed-run.js';

/** A k-mer key (hi, lo) as one number: hi has at most 30 bits, so it is exact below 2^53. */
const key = (hi: number, lo: number): number => hi * 0x100000000 + lo;

/**
 * The key of the entry at position `i` of a run.
 *
 * @example
 * ```ts
 * keyAt(run, 0); // the run's smallest k-mer, hi * 2^32 + lo
 * ```
 */
export function keyAt(run: PackedRun, i: number): number {
  if (run.hi !== null) return key(run.hi[i]!, run.lo[i]!);
  // The segment holding i: the first whose end is past i.
  return key(run.segHi[firstAtLeast(run.segEnd, i + 1)]!, run.lo[i]!);
}

/**
 * The first position of a run whose key is at least `k` (`run.n` when none is).
 *
 * @example
 * ```ts
 * const from = lowerBound(run, keyAt(other, 1000));
 * ```
 */
export function lowerBound(run: PackedRun, k: number): number {
  let a = 0;
  let b = run.n;
  while (a < b) {
    const m = Math.floor((a + b) / 2);
    if (keyAt(run, m) < k) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Entries [from, to) of a run as a run of their own. The big columns (lo, counts, hi) are
 * views of the run's when `view` is set (e.g. of shared memory), else fresh copies whose
 * buffers can be moved to another thread; the few segment and overflow entries are copied.
 *
 * @example
 * ```ts
 * const part = sliceRun(run, 1000, 2000); // part.n === 1000, part.get(...) as in run
 * ```
 */
export function sliceRun(run: PackedRun, from: number, to: number, view = false): PackedRun {
  const n = to - from;
  let segHi = new Uint32Array(0);
  let segEnd = new Uint32Array(0);
  if (run.hi === null && n > 0) {
    // Segments from the one holding `from` to the one holding `to - 1`, ends made relative.
    const s = firstAtLeast(run.segEnd, from + 1);
    const last = firstAtLeast(run.segEnd, to);
    segHi = run.segHi.slice(s, last + 1);
    segEnd = run.segEnd.slice(s, last + 1);
    for (let i = 0; i < segEnd.length; i++) segEnd[i] = Math.min(segEnd[i]!, to) - from;
  }
  // Overflow entries in [from, to), positions made relative.
  const o = firstAtLeast(run.ovPos, from);
  const oe = firstAtLeast(run.ovPos, to);
  const ovPos = run.ovPos.slice(o, oe);
  for (let i = 0; i < ovPos.length; i++) ovPos[i] = ovPos[i]! - from;
  const cut = <T extends Uint32Array | Uint8Array>(a: T): T => (view ? (a.subarray(from, to) as T) : (a.slice(from, to) as T));
  return new PackedRun(n, cut(run.lo), cut(run.count8), run.hi === null ? null : cut(run.hi), segHi, segEnd, ovPos, run.ovCount.slice(o, oe));
}

/** The first index of a sorted array whose value is at least `v`. */
function firstAtLeast(a: Uint32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
