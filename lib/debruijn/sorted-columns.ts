/**
 * A count table's k-mers as columns already sorted by k-mer, built without a second set of
 * columns: one pass over the table counts the k-mers per bucket of their top bits, a second
 * writes each k-mer straight into its bucket's range of the columns, and the buckets (a
 * few k-mers each) are then sorted in place. An LSD radix sort of copied columns needs a
 * scratch copy as large as the columns (12 bytes per k-mer) at the moment the graph
 * arrays are being allocated: that copy was the largest block of the `assemble` peak that
 * the graph build added. Here the extra memory is the bucket counters, a quarter to a half
 * of a column.
 */
import { validateInteger } from '../core/validate.js';
import type { KmerColumns } from './build-graph.js';
import type { CountedKmers } from './from-table.js';
import { radixSortKeys, type KeyColumns } from './radix-sort.js';

/** Buckets up to this size are insertion-sorted; larger ones (skewed prefixes) radix-sorted. */
const INSERTION_MAX = 32;
/** At most 2^24 buckets (64 MB of counters, for over 2^26 k-mers). */
const MAX_DIGIT_BITS = 24;

/**
 * Empty columns, one slot per k-mer of `table` seen at least `minCount` times (a counting
 * pass over the table when some are left out).
 *
 * @example
 * ```ts
 * const { hi, lo, count } = columnsFor(table, 3);
 * ```
 */
export function columnsFor(table: CountedKmers, minCount: number): KmerColumns {
  let n = 0;
  if (minCount <= 1) n = table.size;
  else table.forEach((_hi, _lo, c) => void (c >= minCount && n++));
  return { hi: new Uint32Array(n), lo: new Uint32Array(n), count: new Uint32Array(n) };
}

/**
 * The k-mers of `table` seen at least `minCount` times, as columns sorted by packed k-mer
 * (the order {@link buildGraph} wants, so that it sorts nothing). Counts above 2^32-1 are
 * clamped (a graph keeps uint32 multiplicities).
 *
 * @example
 * ```ts
 * const cols = sortedColumnsOf(table, 31, 3);
 * const graph = buildGraph(31, cols); // no sort: the columns come sorted
 * ```
 */
export function sortedColumnsOf(table: CountedKmers, k: number, minCount = 1): KmerColumns {
  validateInteger(k, 'k', 1, 31);
  validateInteger(minCount, 'minCount', 1);
  const { hi, lo, count } = columnsFor(table, minCount);
  const n = hi.length;
  if (n === 0) return { hi, lo, count };

  // About 2 to 4 k-mers per bucket: the counters cost a quarter to a half of one column.
  const bits = 2 * k;
  const digitBits = Math.min(bits, MAX_DIGIT_BITS, Math.max(1, Math.ceil(Math.log2(n)) - 2));
  const shift = bits - digitBits;
  const mask = 2 ** digitBits - 1;
  // The top digitBits of the key hi·2^32 + lo (when shift is 0 the key fits in lo: hi is 0).
  const top = shift >= 32 ? (h: number): number => (h >>> (shift - 32)) & mask : null;
  const ends = new Uint32Array(mask + 1);
  if (top !== null) table.forEach((h, _l, c) => void (c >= minCount && ends[top(h)]!++));
  else table.forEach((h, l, c) => void (c >= minCount && ends[((l >>> shift) | (h << (32 - shift))) & mask]!++));
  let sum = 0;
  for (let d = 0; d <= mask; d++) {
    const c = ends[d]!;
    ends[d] = sum;
    sum += c;
  }
  // Scatter: afterwards ends[d] is the end of bucket d (and the start of bucket d + 1).
  table.forEach((h, l, c) => {
    if (c < minCount) return;
    const d = top !== null ? top(h) : ((l >>> shift) | (h << (32 - shift))) & mask;
    const j = ends[d]!++;
    hi[j] = h;
    lo[j] = l;
    count[j] = Math.min(c, 0xffffffff);
  });
  if (shift > 0) sortBuckets({ hi, lo, payload: count }, ends, shift);
  return { hi, lo, count };
}

/** Sorts every bucket [ends[d - 1], ends[d]) by the low `bits` bits of the key, in place. */
function sortBuckets(cols: KeyColumns, ends: Uint32Array, bits: number): void {
  const { hi, lo, payload } = cols;
  let scratch: KeyColumns | undefined;
  for (let d = 0, start = 0; d < ends.length; start = ends[d++]!) {
    const end = ends[d]!;
    const size = end - start;
    if (size < 2) continue;
    if (size <= INSERTION_MAX) {
      insertionSort(hi, lo, payload, start, end);
      continue;
    }
    // A large bucket (a k-mer prefix that many k-mers share): scratch of its size only.
    if (scratch === undefined || scratch.lo.length < size) scratch = { hi: new Uint32Array(size), lo: new Uint32Array(size), payload: new Uint32Array(size) };
    const bucket = { hi: hi.subarray(start, end), lo: lo.subarray(start, end), payload: payload.subarray(start, end) };
    const sorted = radixSortKeys(bucket, bits, scratch);
    if (sorted.lo !== bucket.lo) {
      bucket.hi.set(sorted.hi);
      bucket.lo.set(sorted.lo);
      bucket.payload.set(sorted.payload);
    }
  }
}

/** Insertion sort of [start, end) by (hi, lo), carrying the payload. */
function insertionSort(hi: Uint32Array, lo: Uint32Array, payload: Uint32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const h = hi[i]!;
    const l = lo[i]!;
    const p = payload[i]!;
    let j = i - 1;
    while (j >= start && (hi[j]! > h || (hi[j] === h && lo[j]! > l))) {
      hi[j + 1] = hi[j]!;
      lo[j + 1] = lo[j]!;
      payload[j + 1] = payload[j]!;
      j--;
    }
    hi[j + 1] = h;
    lo[j + 1] = l;
    payload[j + 1] = p;
  }
}
