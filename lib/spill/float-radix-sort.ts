/**
 * LSD radix sort of doubles in the order of `compareNumbers` (NaN first, -0 equal to 0),
 * stable: the six 11-bit digit passes of `key-radix-sort.ts` over the IEEE bits turned into
 * unsigned order (flip the sign bit of positives, every bit of negatives). The original bits
 * move, so that -0 and NaN payloads come out as they went in. Typed arrays only: nothing
 * here knows of streams or files.
 */

import { countDigits, digitCounters, digitOf, startOffsets } from './key-radix-sort.js';

const RADIX = 2048;

/** The high word of a double's bits in unsigned order; NaN lowest, -0 as 0. */
function keyHi(h0: number, l0: number): number {
  if ((h0 & 0x7ff00000) === 0x7ff00000 && ((h0 & 0xfffff) | l0) !== 0) return 0;
  if (h0 === 0x80000000 && l0 === 0) return 0x80000000;
  return (h0 ^ ((h0 >> 31) | 0x80000000)) >>> 0;
}

/** The low word, to go with {@link keyHi}. */
function keyLo(h0: number, l0: number): number {
  if ((h0 & 0x7ff00000) === 0x7ff00000 && ((h0 & 0xfffff) | l0) !== 0) return 0;
  if (h0 === 0x80000000 && l0 === 0) return 0;
  return (l0 ^ (h0 >> 31)) >>> 0;
}

/**
 * Sorts `values[0, n)`; `scratch` must hold at least `n` doubles. Returns the array that
 * holds the sorted values: `values` or `scratch` (they swap pass by pass).
 *
 * @example
 * ```ts
 * const v = Float64Array.of(3, NaN, -1, -0, 0);
 * radixSortFloat64(v, 5, new Float64Array(5)); // [NaN, -1, -0, 0, 3]
 * ```
 */
export function radixSortFloat64(values: Float64Array, n: number, scratch: Float64Array): Float64Array {
  if (scratch.length < n) throw new RangeError(`radixSortFloat64 needs a scratch of ${n} doubles`);
  const counts = digitCounters();
  let src = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let dst = new Uint32Array(scratch.buffer, scratch.byteOffset, 2 * n);
  let sorted = values;
  let other = scratch;
  for (let i = 0; i < n; i++) {
    const l0 = src[2 * i]!;
    const h0 = src[2 * i + 1]!;
    countDigits(counts, keyHi(h0, l0), keyLo(h0, l0));
  }
  for (let pass = 0; pass < 6; pass++) {
    if (startOffsets(counts, pass, n)) continue;
    const base = pass * RADIX;
    for (let i = 0; i < n; i++) {
      const l0 = src[2 * i]!;
      const h0 = src[2 * i + 1]!;
      const at = counts[base + digitOf(keyHi(h0, l0), keyLo(h0, l0), pass)]!++;
      dst[2 * at] = l0;
      dst[2 * at + 1] = h0;
    }
    const t = src;
    src = dst;
    dst = t;
    const v = sorted;
    sorted = other;
    other = v;
  }
  return sorted;
}
