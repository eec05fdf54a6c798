/**
 * One file, all cores: split the file into byte ranges of whole records, fold each range
 * into a mergeable state in a pool thread (`parallelMap`), merge the encoded states up a
 * tree. With `threads: 1` the ranges are folded in this thread, with no pool at all.
 */
import { StageError } from '../core/errors.js';
import { pipe } from '../core/pipe.js';
import type { KmerCounts } from '../kmer/kmer-counts.js';
import { collect } from '../../sinks/basic.js';
import { parallelMap } from '../../transforms/parallel-map.js';
import { validateInteger } from '../core/validate.js';
import { mergeAll, type Aggregator } from './aggregator.js';
import { kmerAggregator } from '../kmer/kmer-aggregator.js';
import { pcaAggregator } from '../pca/pca-aggregator.js';
import type { PcaResult } from '../pca/pca-result.js';
import { countKmersInRange, pcaRowWidth, pcaStateOfRange, type KmerJob, type PcaJob } from './range-jobs.js';
import { splitFile } from './split.js';

/** Options of the parallel passes. */
export interface ParallelPassOptions {
  /** Worker threads; 1 folds in this thread. Default 2. */
  threads?: number | undefined;
  /** Byte ranges to cut the file in. Default: `threads`. */
  ranges?: number | undefined;
}

const WORKER = new URL('./range-worker.js', import.meta.url);

async function run<J, S, R>(jobs: J[], threads: number, exportName: string, local: (job: J) => Promise<Uint8Array>, agg: Aggregator<S, never, R>): Promise<R> {
  let parts: Uint8Array[];
  if (threads === 1 || jobs.length <= 1) {
    parts = [];
    for (const job of jobs) parts.push(await local(job));
  } else {
    // This thread folds the last range itself while threads - 1 pool threads take the rest:
    // one thread fewer to start (PCA state of 191 MB, 2 threads: peak RSS 182 -> 135 MB).
    const here = local(jobs[jobs.length - 1]!);
    here.catch(() => undefined); // awaited below, after the pool's parts
    const rest = pipe(jobs.slice(0, -1), parallelMap<J, Uint8Array>(WORKER, { threads: Math.min(threads - 1, jobs.length - 1), exportName }), collect());
    // A range's error as one thread would give it: not wrapped in the pool stage's name.
    const unwrap = (err: unknown): never => {
      throw err instanceof StageError && err.stage.startsWith('parallelMap(') && err.cause !== undefined ? err.cause : err;
    };
    parts = [...(await rest.catch(unwrap)), await here];
  }
  return agg.result(
    mergeAll(
      agg,
      parts.map((p) => agg.decode(p)),
    ),
  );
}

function counts(options: ParallelPassOptions | undefined): { threads: number; ranges: number } {
  const threads = options?.threads ?? 2;
  validateInteger(threads, 'threads', 1, 1024);
  const ranges = options?.ranges ?? threads;
  validateInteger(ranges, 'ranges', 1);
  return { threads, ranges };
}

/**
 * k-mer counts of a FASTA, FASTQ or sequence-per-line file, on `threads` cores.
 *
 * @example
 * ```ts
 * const counts = await countKmersParallel('reads.fa', { k: 21, format: 'fasta', threads: 2 });
 * counts.get('ACGTACGTACGTACGTACGTA');
 * ```
 */
export async function countKmersParallel(path: string, options: Omit<KmerJob, 'range'> & ParallelPassOptions): Promise<KmerCounts> {
  const { threads, ranges } = counts(options);
  const { format } = options;
  const jobs = (await splitFile(path, ranges, { format })).map((range): KmerJob => ({ range, k: options.k, canonical: options.canonical, format }));
  return run(jobs, threads, 'kmers', countKmersInRange, kmerAggregator({ k: options.k, canonical: options.canonical }));
}

/**
 * The exact PCA of a numeric CSV file's rows, on `threads` cores.
 *
 * @example
 * ```ts
 * const pca = await pcaParallel('x.csv', { nComponents: 2, threads: 2 });
 * ```
 */
export async function pcaParallel(
  path: string,
  options: { nComponents: number; maxLineLength?: number | undefined } & ParallelPassOptions,
): Promise<PcaResult> {
  const { threads, ranges } = counts(options);
  // Cut as lines, not as CSV: the numeric scanner reads lines and knows no quotes, and the
  // quote-aware cut reads the whole prefix before the last cut (70 ms of the 191 MB pass,
  // all before the threads start).
  const cut = await splitFile(path, ranges, { format: 'lines' });
  const { maxLineLength } = options;
  // Every range checks its rows against the first row of the file, as one reader does.
  const cols = cut.length > 1 ? await pcaRowWidth({ ...cut[0]!, end: cut.at(-1)!.end }, maxLineLength) : undefined;
  const jobs = cut.map((range): PcaJob => ({ range, cols, maxLineLength }));
  return run(jobs, threads, 'pca', pcaStateOfRange, pcaAggregator({ nComponents: options.nComponents }));
}
