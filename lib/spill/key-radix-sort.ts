/**
 * LSD radix sort of 64-bit unsigned keys held as two uint32 columns (`hi`, `lo`) with a
 * uint32 payload (the items' indices), stable: six passes of 11-bit digits, the histograms
 * of all passes counted in one read, passes where every key has the same digit skipped.
 * What `line-keys.ts` makes (ordered doubles, byte prefixes) sorts here.
 */

const RADIX = 2048;

/** The columns to sort and their scratch twins; the sort swaps them pass by pass. */
export interface KeyColumns {
  hi: Uint32Array;
  lo: Uint32Array;
  idx: Uint32Array;
  tmpHi: Uint32Array;
  tmpLo: Uint32Array;
  tmpIdx: Uint32Array;
}

/** Counts the six 11-bit digits of the key (h, l) into `counts` (6 × 2048 counters). */
export function countDigits(counts: Int32Array, h: number, l: number): void {
  counts[l & 2047]!++;
  counts[RADIX + ((l >>> 11) & 2047)]!++;
  counts[2 * RADIX + (((l >>> 22) | (h << 10)) & 2047)]!++;
  counts[3 * RADIX + ((h >>> 1) & 2047)]!++;
  counts[4 * RADIX + ((h >>> 12) & 2047)]!++;
  counts[5 * RADIX + (h >>> 23)]!++;
}

/** Digit `pass` (0 lowest) of the key (h, l). */
export function digitOf(h: number, l: number, pass: number): number {
  if (pass === 0) return l & 2047;
  if (pass === 1) return (l >>> 11) & 2047;
  if (pass === 2) return ((l >>> 22) | (h << 10)) & 2047;
  if (pass === 3) return (h >>> 1) & 2047;
  if (pass === 4) return (h >>> 12) & 2047;
  return h >>> 23;
}

/**
 * Turns pass `pass`'s digit counts into start offsets; true when one digit holds all `n`
 * keys, so that the pass would not move anything and can be skipped.
 */
export function startOffsets(counts: Int32Array, pass: number, n: number): boolean {
  const base = pass * RADIX;
  let sum = 0;
  let trivial = false;
  for (let d = base; d < base + RADIX; d++) {
    const c = counts[d]!;
    if (c === n) trivial = true;
    counts[d] = sum;
    sum += c;
  }
  return trivial;
}

/** The counters of a six-pass sort. */
export const digitCounters = (): Int32Array => new Int32Array(6 * RADIX);

/**
 * Sorts the first `n` entries of `cols` by (hi, lo). On return `cols.hi`, `cols.lo` and
 * `cols.idx` hold the sorted entries (the arrays may have been swapped with the scratch).
 *
 * @example
 * ```ts
 * const cols = { hi: Uint32Array.of(0, 0), lo: Uint32Array.of(9, 3), idx: Uint32Array.of(0, 1), tmpHi: new Uint32Array(2), tmpLo: new Uint32Array(2), tmpIdx: new Uint32Array(2) };
 * radixSortKeys(cols, 2);
 * cols.idx; // Uint32Array [1, 0]
 * ```
 */
export function radixSortKeys(cols: KeyColumns, n: number): void {
  const counts = digitCounters();
  for (let i = 0; i < n; i++) countDigits(counts, cols.hi[i]!, cols.lo[i]!);
  for (let pass = 0; pass < 6; pass++) {
    if (startOffsets(counts, pass, n)) continue;
    const base = pass * RADIX;
    const hi = cols.hi;
    const lo = cols.lo;
    const idx = cols.idx;
    const th = cols.tmpHi;
    const tl = cols.tmpLo;
    const ti = cols.tmpIdx;
    for (let i = 0; i < n; i++) {
      const h = hi[i]!;
      const l = lo[i]!;
      const at = counts[base + digitOf(h, l, pass)]!++;
      th[at] = h;
      tl[at] = l;
      ti[at] = idx[i]!;
    }
    cols.hi = th;
    cols.lo = tl;
    cols.idx = ti;
    cols.tmpHi = hi;
    cols.tmpLo = lo;
    cols.tmpIdx = idx;
  }
}

/**
 * The order of `n` item indices (each below 2^53) as 64-bit keys: fills `cols` (made when
 * missing or too small) and sorts them; `cols.idx[0, n)` then lists the rows by index. What
 * the group-bys use to put keys back in order of first occurrence.
 *
 * @example
 * ```ts
 * const cols = orderByIndex([7, 2, 5], 3); // cols.idx: [1, 2, 0]
 * ```
 */
export function orderByIndex(indices: ArrayLike<number>, n: number, reuse?: KeyColumns): KeyColumns {
  let cols = reuse;
  if (cols === undefined || cols.hi.length < n) {
    const a = (): Uint32Array => new Uint32Array(Math.max(n, 1));
    cols = { hi: a(), lo: a(), idx: a(), tmpHi: a(), tmpLo: a(), tmpIdx: a() };
  }
  for (let i = 0; i < n; i++) {
    const f = indices[i]!;
    cols.hi[i] = Math.floor(f / 2 ** 32);
    cols.lo[i] = f % 2 ** 32;
    cols.idx[i] = i;
  }
  radixSortKeys(cols, n);
  return cols;
}
