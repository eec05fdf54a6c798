/**
 * The per-range work of the parallel k-mer and PCA passes: read one byte range of a split
 * file, fold it into a mergeable state, return the encoded state. Plain async functions of
 * plain-data jobs, so that a pool thread (`range-worker.ts`), the main thread (1 thread,
 * no pool) and, later, a Redis worker run the very same code.
 */
import { firstRowWidth, NumericCsvScanner } from '../pca/numeric-csv-scanner.js';
import { kmerAggregator } from '../kmer/kmer-aggregator.js';
import { pcaAggregator } from '../pca/pca-aggregator.js';
import { inWholeFile } from './range-error.js';
import { readRange } from './read-range.js';
import type { FileRange } from './split.js';

/** A k-mer counting job: one range, and how to count. */
export interface KmerJob {
  range: FileRange;
  k: number;
  canonical?: boolean | undefined;
  /** The file's format ('fasta', 'fastq' or 'lines'); ranges start on record boundaries. */
  format: 'fasta' | 'fastq' | 'lines';
}

/** A PCA job: one range of a numeric CSV (a header, if any, is in range 0 only). */
export interface PcaJob {
  range: FileRange;
  /** Fields per row: the width of the file's first row, which every range's rows must have. */
  cols?: number | undefined;
  /** Longest line, in bytes (default 64 MiB). */
  maxLineLength?: number | undefined;
}

const where = (r: FileRange): string => `${r.path} bytes ${r.start}-${r.end}`;

/**
 * Counts the k-mers of one range; resolves with the encoded `kmerAggregator` state.
 *
 * @example
 * ```ts
 * const bytes = await countKmersInRange({ range, k: 21, format: 'fasta' });
 * const state = kmerAggregator({ k: 21 }).decode(bytes);
 * ```
 */
export async function countKmersInRange(job: KmerJob): Promise<Uint8Array> {
  const agg = kmerAggregator({ k: job.k, canonical: job.canonical });
  const state = agg.empty();
  const scanner = state.scanner(job.format, where(job.range));
  for await (const chunk of readRange(job.range)) scanner.scan(chunk);
  scanner.end();
  return agg.encode(state);
}

/**
 * The width of the first row of the numeric CSV in `range` (the whole file), read from its
 * first 64 KiB or so: what every PCA job's rows must have (`PcaJob.cols`).
 *
 * @example
 * ```ts
 * const cols = await pcaRowWidth({ path: 'x.csv', start: 0, end: size, index: 0 }); // 4
 * ```
 */
export function pcaRowWidth(range: FileRange, maxLineLength?: number): Promise<number | undefined> {
  return firstRowWidth(readRange(range, 1 << 16), { maxLineLength });
}

/**
 * Folds the numeric CSV rows of one range into a PCA state; resolves with its encoding.
 *
 * @example
 * ```ts
 * const state = pcaAggregator({ nComponents: 2 }).decode(await pcaStateOfRange({ range }));
 * ```
 */
export async function pcaStateOfRange(job: PcaJob): Promise<Uint8Array> {
  // nComponents only matters for result(): the state is the same for any.
  const agg = pcaAggregator({ nComponents: 1 });
  const state = agg.empty();
  // Only the range at the start of the file can hold its header: elsewhere a first line
  // that is not numbers is bad data (an error), not a header to skip.
  const scanner = new NumericCsvScanner(job.range.path, (data, rows, cols) => state.addBlock({ data, rows, cols }), {
    stage: 'pca',
    header: job.range.start === 0,
    reuseBlock: true,
    cols: job.cols,
    maxLineLength: job.maxLineLength,
  });
  try {
    for await (const chunk of readRange(job.range)) scanner.write(chunk);
    scanner.end();
  } catch (err) {
    throw await inWholeFile(err, job.range); // the line in the file, not in the range
  }
  return agg.encode(state);
}
