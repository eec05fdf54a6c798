/**
 * The common face of the two k-mer count tables, and the choice between them: a direct
 * index for small k (no hashing at all), an open-addressing hash table beyond.
 */
import { DIRECT_MAX_K, DirectKmerTable } from './direct-table.js';
import { KmerHashTable, type KmerBatch, type KmerBatchSink, type KmerHashTableOptions } from './hash-table.js';
import { SortedKmerTable, type SortedKmerTableOptions } from './sorted-table.js';

/** A table of packed k-mer counts (see `encode.ts` for the packing). */
export interface KmerTable extends KmerBatchSink {
  /** Number of distinct k-mers. */
  readonly size: number;
  /** Adds `by` (default 1) to a k-mer's count. */
  add(hi: number, lo: number, by?: number): void;
  /** A k-mer's count, 0 when absent. */
  get(hi: number, lo: number): number;
  /** Calls `fn(hi, lo, count)` for every k-mer with a count, without making strings. */
  forEach(fn: (hi: number, lo: number, count: number) => void): void;
  /** The entries in columnar batches (a resumable walk; arrays reused between batches). */
  batches(size?: number): Generator<KmerBatch>;
}

/** Options of {@link createKmerTable}. */
export interface CreateKmerTableOptions extends KmerHashTableOptions, SortedKmerTableOptions {
  /**
   * The table for k above `directMaxK`: 'hash' (default; {@link KmerHashTable}) or
   * 'sorted' ({@link SortedKmerTable}: radix sort and merge, faster and smaller when the
   * k-mers outgrow the CPU caches, iterates in lexicographic order).
   */
  kind?: 'hash' | 'sorted' | undefined;
  /** Largest k that gets a direct table. Default {@link DIRECT_MAX_K}; 0 forces a hash table. */
  directMaxK?: number | undefined;
}

/**
 * A count table suited to k: {@link DirectKmerTable} for k ≤ 12, {@link KmerHashTable} (or,
 * with `kind: 'sorted'`, {@link SortedKmerTable}) above.
 *
 * @example
 * ```ts
 * const table = createKmerTable(21); // a KmerHashTable
 * ```
 */
export function createKmerTable(k: number, options?: CreateKmerTableOptions): KmerTable {
  const directMaxK = Math.min(options?.directMaxK ?? DIRECT_MAX_K, DIRECT_MAX_K);
  if (k <= directMaxK) return new DirectKmerTable(k);
  return options?.kind === 'sorted' ? new SortedKmerTable(k, options) : new KmerHashTable(options);
}
