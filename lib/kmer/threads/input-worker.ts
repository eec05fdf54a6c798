/**
 * The worker file of `countKmersOfInputs` (`count-inputs.ts`): what each pool thread of
 * `kmers --threads N` and `assemble --threads N` calls. A job is either an input (or a
 * range of one) to count, or, for the output, a part of the merged runs to format.
 */
import { countInputJob, type InputKmerJob } from './input-jobs.js';
import { formatPartLines, type LinesJob, type LinesPart } from './kmer-lines.js';
import type { KmerPartial } from '../kmer-partial.js';

/**
 * Counts a job's k-mers, or formats a part's output lines.
 *
 * @example
 * ```ts
 * await kmers({ k: 21, canonical: false, table: { kind: 'sorted' }, kind: 'whole', name: 'x.fa.gz' });
 * ```
 */
export function kmers(job: InputKmerJob | LinesJob): Promise<KmerPartial> | LinesPart {
  return job.kind === 'lines' ? formatPartLines(job) : countInputJob(job);
}
