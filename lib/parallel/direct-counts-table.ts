/**
 * The merged counts of several threads' direct tables (k ≤ 12), as a read-only `KmerTable`
 * over the first thread's counts array, adopted as it arrives: the others are added into it.
 * Making a fresh table instead would touch a third 4^k × 8-byte array (at k = 12 on a
 * 20 MB genome, +56 MB of peak RSS over the threads' own tables).
 */
import { codes, StreamtoolzError } from '../errors.js';
import type { KmerBatch } from '../kmer/hash-table.js';
import type { KmerTable } from '../kmer/table.js';

/**
 * Direct counts (the count of k-mer number `lo` at `counts[lo]`) read as a table.
 *
 * @example
 * ```ts
 * const table = new DirectCountsTable(first.counts);
 * table.absorb(second.counts);
 * table.get(0, encode('ACGTAC')!.lo);
 * ```
 */
export class DirectCountsTable implements KmerTable {
  readonly counts: Float64Array;

  constructor(counts: Float64Array) {
    this.counts = counts;
  }

  /** Adds another thread's counts (of the same k). */
  absorb(other: Float64Array): void {
    const a = this.counts;
    if (other.length !== a.length) throw new StreamtoolzError(codes.INVALID_ARG_VALUE, `direct k-mer counts of ${other.length} slots, expected ${a.length}`);
    // Zeros skipped: pages of k-mers nobody saw stay untouched (not resident).
    for (let i = 0; i < a.length; i++) if (other[i] !== 0) a[i] = a[i]! + other[i]!;
  }

  get size(): number {
    let n = 0;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) n++;
    return n;
  }

  add(): void {
    throw new StreamtoolzError(codes.INVALID_ARG_VALUE, 'merged k-mer counts are read-only');
  }

  addBatch(): void {
    this.add();
  }

  get(_hi: number, lo: number): number {
    return this.counts[lo] ?? 0;
  }

  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    const c = this.counts;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) fn(0, i, c[i]!);
  }

  /** The k-mers seen, in lexicographic order, in batches (arrays reused between batches). */
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
