/**
 * From a k-mer count table (`lib/kmer`) to a graph: the table's entries become the k-mer
 * columns that {@link buildGraph} sorts. The `--min-count` filter runs here, while copying,
 * so that error k-mers (most of the table when reads have errors) are never sorted.
 */
import { validateInteger } from '../core/validate.js';
import { buildGraph, type KmerColumns } from './build-graph.js';
import type { DeBruijnGraph } from './graph.js';
import { columnsFor, sortedColumnsOf } from './sorted-columns.js';

/** What the graph needs of a count table: `KmerHashTable` and `DirectKmerTable` both fit. */
export interface CountedKmers {
  readonly size: number;
  forEach(fn: (hi: number, lo: number, count: number) => void): void;
}

/**
 * The k-mers of a table seen at least `minCount` times, as columns. Counts above 2^32-1
 * are clamped (a graph keeps uint32 multiplicities).
 *
 * @example
 * ```ts
 * const cols = columnsOf(table, 3);
 * ```
 */
export function columnsOf(table: CountedKmers, minCount = 1): KmerColumns {
  const { hi, lo, count } = columnsFor(table, minCount);
  let i = 0;
  table.forEach((h, l, c) => {
    if (c < minCount) return;
    hi[i] = h;
    lo[i] = l;
    count[i++] = Math.min(c, 0xffffffff);
  });
  return { hi, lo, count };
}

/**
 * The De Bruijn graph of the k-mers counted in a table.
 *
 * @example
 * ```ts
 * const table = createKmerTable(31);
 * new KmerScanner(31, table, { format: 'fasta' }).scan(readFileSync('reads.fa'));
 * const graph = graphFromTable(31, table, { minCount: 3 });
 * ```
 */
export function graphFromTable(k: number, table: CountedKmers, options?: { minCount?: number | undefined }): DeBruijnGraph {
  const minCount = options?.minCount ?? 1;
  validateInteger(minCount, 'minCount', 1);
  // Sorted columns: the builder then sorts nothing and needs no scratch copy of them.
  return buildGraph(k, sortedColumnsOf(table, k, minCount));
}
