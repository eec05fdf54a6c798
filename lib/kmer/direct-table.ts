/**
 * Counts of packed k-mers for small k in a direct-index table: the k-mer's number is its
 * slot, so counting is one increment with no hashing and no probing. 4^k slots of 8 bytes:
 * 32 KB at k = 6, 128 MB at k = 12, which is where {@link DIRECT_MAX_K} stops.
 *
 * Counts are float64 so that they are exact up to 2^53: with a small k a k-mer can occur
 * more than 2^32 times in a large input, and a uint32 counter would wrap silently.
 */
import type { KmerBatch, KmerBatchSink } from './hash-table.js';

/** The largest k counted in a direct table; larger k use `KmerHashTable`. */
export const DIRECT_MAX_K = 12;

/**
 * A direct-index k-mer count table (k ≤ {@link DIRECT_MAX_K}); hi words are always 0.
 *
 * @example
 * ```ts
 * const t = new DirectKmerTable(3);
 * t.add(0, encode('ACG')!.lo);
 * t.get(0, encode('ACG')!.lo); // 1
 * ```
 */
export class DirectKmerTable implements KmerBatchSink {
  readonly k: number;
  /** counts[kmer] for every k-mer number; exposed for kernels that count in their own loop. */
  readonly counts: Float64Array;

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 1 || k > DIRECT_MAX_K) throw new RangeError(`The "k" option must be an integer from 1 to ${DIRECT_MAX_K}. Received ${k}`);
    this.k = k;
    this.counts = new Float64Array(4 ** k);
  }

  /** Number of distinct k-mers (a scan of the table: call it once, at the end). */
  get size(): number {
    let n = 0;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) n++;
    return n;
  }

  /** Adds `by` (default 1) to the count of k-mer (0, lo). */
  add(_hi: number, lo: number, by = 1): void {
    this.counts[lo] = this.counts[lo]! + by;
  }

  /** Adds one occurrence of each of the first `n` k-mers. */
  addBatch(_his: Uint32Array, los: Uint32Array, n: number): void {
    const c = this.counts;
    for (let j = 0; j < n; j++) {
      const x = los[j]!;
      c[x] = c[x]! + 1;
    }
  }

  /** The count of k-mer (0, lo). */
  get(_hi: number, lo: number): number {
    return this.counts[lo] ?? 0;
  }

  /** Calls `fn(0, lo, count)` for every k-mer seen, in lexicographic order. */
  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    const c = this.counts;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) fn(0, i, c[i]!);
  }

  /** The k-mers seen, in columnar batches of up to `size` (arrays reused between batches). */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
    const c = this.counts;
    for (let i = 0; i < c.length; i++) {
      if (c[i] === 0) continue;
      batch.lo[batch.n] = i;
      batch.count[batch.n++] = c[i]!;
      if (batch.n === size) {
        yield batch;
        batch.n = 0;
      }
    }
    if (batch.n > 0) yield batch;
  }
}
