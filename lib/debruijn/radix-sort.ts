/**
 * LSD radix sort of packed k-mers held as two uint32 words (hi, lo) with a uint32 payload
 * carried along. The graph builder sorts millions of k-mers; a comparison sort over 62-bit
 * keys would need BigInt (an allocation per key) or a comparator call per comparison, while
 * four 16-bit passes sort 62-bit keys in linear time over typed arrays.
 */

/** Keys (hi, lo) and a payload, in three parallel columns of equal length. */
export interface KeyColumns {
  hi: Uint32Array;
  lo: Uint32Array;
  payload: Uint32Array;
}

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Sorts by the 64-bit key `hi·2^32 + lo`, ascending, stable; only the low `bits` bits of the
 * key are looked at (2k for k-mers), which saves the passes over always-zero digits.
 * Returns the sorted columns, which are either the input arrays or the scratch ones
 * (`scratch`, at least as long, or new arrays): the other set is left as garbage, free for
 * the caller to reuse.
 *
 * @example
 * ```ts
 * const s = radixSortKeys({ hi: Uint32Array.of(0, 0), lo: Uint32Array.of(9, 3), payload: Uint32Array.of(1, 2) }, 8);
 * s.lo; // Uint32Array [3, 9]; s.payload: [2, 1]
 * ```
 */
export function radixSortKeys(columns: KeyColumns, bits: number, scratch?: KeyColumns): KeyColumns {
  const n = columns.lo.length;
  let src = columns;
  if (n < 2 || isSorted(columns)) return src; // e.g. k-mers from a SortedKmerTable
  let dst: KeyColumns = scratch
    ? { hi: scratch.hi.subarray(0, n), lo: scratch.lo.subarray(0, n), payload: scratch.payload.subarray(0, n) }
    : { hi: new Uint32Array(n), lo: new Uint32Array(n), payload: new Uint32Array(n) };
  const counts = new Uint32Array(BUCKETS);
  for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
    const fromHi = shift >= 32;
    const s = fromHi ? shift - 32 : shift;
    const words = fromHi ? src.hi : src.lo;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[i]! >>> s) & 0xffff]!++;
    // All keys share this digit: the pass would be the identity.
    if (counts[(words[0]! >>> s) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    const { hi, lo, payload } = src;
    const dHi = dst.hi;
    const dLo = dst.lo;
    const dPay = dst.payload;
    for (let i = 0; i < n; i++) {
      const j = counts[(words[i]! >>> s) & 0xffff]!++;
      dHi[j] = hi[i]!;
      dLo[j] = lo[i]!;
      dPay[j] = payload[i]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Whether the keys are already in non-decreasing order (one cheap sequential pass). */
function isSorted({ hi, lo }: KeyColumns): boolean {
  for (let i = 1; i < lo.length; i++) {
    const h0 = hi[i - 1]!;
    const h1 = hi[i]!;
    if (h0 > h1 || (h0 === h1 && lo[i - 1]! > lo[i]!)) return false;
  }
  return true;
}
