/**
 * LSD radix sort of packed k-mers (`encode.ts`) held as two uint32 columns: 11-bit digits
 * over the key's bits, low digits first, the digit histograms of all passes counted in one
 * read before the first pass. Sorting reads and writes memory in order, which is what makes
 * `SortedKmerTable` faster than a hash table once the k-mers outgrow the caches.
 */

/** The columns to sort and their scratch twins; the sort swaps them pass by pass. */
export interface SortBuffers {
  hi: Uint32Array;
  lo: Uint32Array;
  tmpHi: Uint32Array;
  tmpLo: Uint32Array;
}

/**
 * Sorts the first `n` entries of `buf.hi`/`buf.lo` by (hi, lo), keys of `bits` bits
 * (2k). On return `buf.hi`/`buf.lo` hold the sorted entries (the arrays may have been
 * swapped with the scratch ones). `counts` is scratch of at least 2048 per pass.
 *
 * @example
 * ```ts
 * const buf = { hi: Uint32Array.of(0, 0), lo: Uint32Array.of(9, 3), tmpHi: new Uint32Array(2), tmpLo: new Uint32Array(2) };
 * radixSortPairs(buf, 2, 42, new Int32Array(4 * 2048));
 * buf.lo; // Uint32Array [3, 9]
 * ```
 */
export function radixSortPairs(buf: SortBuffers, n: number, bits: number, counts: Int32Array): void {
  const passes = Math.ceil(bits / 11);
  if (counts.length < passes * 2048) throw new RangeError(`radixSortPairs needs ${passes * 2048} counters`);
  const c = counts;
  c.fill(0);
  {
    const hi = buf.hi;
    const lo = buf.lo;
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
    const srcHi = buf.hi;
    const srcLo = buf.lo;
    const dstHi = buf.tmpHi;
    const dstLo = buf.tmpLo;
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
    buf.hi = dstHi;
    buf.lo = dstLo;
    buf.tmpHi = srcHi;
    buf.tmpLo = srcLo;
  }
}
