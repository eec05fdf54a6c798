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
  const counts = new Int32Array(6 * RADIX);
  {
    const hi = cols.hi;
    const lo = cols.lo;
    for (let i = 0; i < n; i++) {
      const l = lo[i]!;
      const h = hi[i]!;
      counts[l & 2047]!++;
      counts[RADIX + ((l >>> 11) & 2047)]!++;
      counts[2 * RADIX + (((l >>> 22) | (h << 10)) & 2047)]!++;
      counts[3 * RADIX + ((h >>> 1) & 2047)]!++;
      counts[4 * RADIX + ((h >>> 12) & 2047)]!++;
      counts[5 * RADIX + (h >>> 23)]!++;
    }
  }
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * RADIX;
    let sum = 0;
    let trivial = false;
    for (let d = base; d < base + RADIX; d++) {
      const c = counts[d]!;
      if (c === n) trivial = true;
      counts[d] = sum;
      sum += c;
    }
    if (trivial) continue;
    const hi = cols.hi;
    const lo = cols.lo;
    const idx = cols.idx;
    const th = cols.tmpHi;
    const tl = cols.tmpLo;
    const ti = cols.tmpIdx;
    for (let i = 0; i < n; i++) {
      const h = hi[i]!;
      const l = lo[i]!;
      let d: number;
      if (pass === 0) d = l & 2047;
      else if (pass === 1) d = (l >>> 11) & 2047;
      else if (pass === 2) d = ((l >>> 22) | (h << 10)) & 2047;
      else if (pass === 3) d = (h >>> 1) & 2047;
      else if (pass === 4) d = (h >>> 12) & 2047;
      else d = h >>> 23;
      const at = counts[base + d]!++;
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
