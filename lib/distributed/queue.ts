/**
 * A distributed run on Redis: where its keys are, what a job looks like on the stream, and
 * the producer that puts a split file's jobs there. The jobs are the plain-data range jobs
 * of `lib/parallel/range-jobs.ts`, so a job names a file path: every worker must see the
 * file at that path (a shared or copied file system).
 *
 * Keys of run `q`: `q:jobs` (the stream, with consumer group {@link GROUP}), `q:results`
 * (a hash: job index -> the job's partial: `kmer-partial-bytes.ts` for k-mers, the PCA
 * aggregator's encoding for PCA), `q:meta` (the run's spec and job count).
 */
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import type { KmerJob, PcaJob } from '../parallel/range-jobs.js';
import { splitFile } from '../parallel/split.js';
import { validateInteger, validateString } from '../core/validate.js';
import type { RedisLink } from './redis-link.js';
import { runScript, SUBMIT } from './scripts.js';

/** The consumer group every worker joins. */
export const GROUP = 'streamtoolz-workers';

/** The keys of a run. */
export const runKeys = (queue: string): { jobs: string; results: string; meta: string } => ({
  jobs: `${queue}:jobs`,
  results: `${queue}:results`,
  meta: `${queue}:meta`,
});

/** What a run computes. */
export type RunSpec = { kind: 'kmers'; k: number; canonical: boolean; format: KmerJob['format'] } | { kind: 'pca' };

/** One job on the stream: its index among the run's jobs (its range's index) and the range job. */
export type QueuedJob = ({ kind: 'kmers' } & KmerJob) | ({ kind: 'pca' } & PcaJob);

/** Options of {@link submitFile}. */
export interface SubmitOptions {
  /** The run's name, the prefix of its keys. */
  queue: string;
  /** Jobs (byte ranges) to cut the file into. */
  ranges: number;
}

/**
 * Splits `path` into record-aligned ranges and queues one job per range. Submitting the
 * same run again is a no-op; a different run under the same queue name is an error.
 * Resolves with the number of jobs of the run and whether this call queued them.
 *
 * @example
 * ```ts
 * const redis = await RedisLink.connect('redis://127.0.0.1:6379');
 * await submitFile(redis, 'reads.fa', { kind: 'kmers', k: 21, canonical: true, format: 'fasta' }, { queue: 'reads', ranges: 16 });
 * ```
 */
export async function submitFile(redis: RedisLink, path: string, spec: RunSpec, options: SubmitOptions): Promise<{ jobs: number; submitted: boolean }> {
  validateString(options?.queue, 'queue');
  validateInteger(options.ranges, 'ranges', 1);
  if (spec.kind === 'kmers') validateInteger(spec.k, 'k', 1, 31);
  // Absolute, so that a worker started in another directory finds the file.
  const ranges = await splitFile(resolve(path), options.ranges, { format: spec.kind === 'pca' ? 'csv' : spec.format });
  const jobs = ranges.map(
    (range): QueuedJob => (spec.kind === 'pca' ? { kind: 'pca', range } : { kind: 'kmers', range, k: spec.k, canonical: spec.canonical, format: spec.format }),
  );
  const keys = runKeys(options.queue);
  const specText = JSON.stringify(spec);
  const args = [GROUP, specText, jobs.length, ...jobs.map((j) => JSON.stringify(j))];
  // Safe to repeat after a lost reply: the script does nothing when the run is there.
  const submitted = (await redis.call(`submitting queue '${options.queue}'`, (c) => runScript(c, SUBMIT, [keys.meta, keys.jobs], args))) === 1;
  if (submitted) return { jobs: jobs.length, submitted };
  const existing = await readRun(redis, options.queue);
  if (existing === undefined || JSON.stringify(existing.spec) !== specText) {
    throw new InputError(
      redis.url,
      `queue '${options.queue}' already holds another run (${existing ? JSON.stringify(existing.spec) : 'no spec'}); use another queue name`,
    );
  }
  return { jobs: existing.jobs, submitted };
}

/**
 * The spec and job count of a run, or `undefined` when it was not submitted (yet).
 *
 * @example
 * ```ts
 * const run = await readRun(redis, 'reads'); // { spec: { kind: 'kmers', ... }, jobs: 16 }
 * ```
 */
export async function readRun(redis: RedisLink, queue: string): Promise<{ spec: RunSpec; jobs: number } | undefined> {
  const [spec, jobs] = await redis.call(`reading queue '${queue}'`, (c) => c.hmGet(runKeys(queue).meta, ['spec', 'jobs']));
  if (spec == null || jobs == null) return undefined;
  return { spec: JSON.parse(spec) as RunSpec, jobs: Number(jobs) };
}

/**
 * Entries delivered to a worker and not yet acknowledged, over all workers of the run.
 *
 * @example
 * ```ts
 * await pendingJobs(redis, 'reads'); // 0 once every job is done
 * ```
 */
export async function pendingJobs(redis: RedisLink, queue: string): Promise<number> {
  return (await redis.call(`reading the pending jobs of queue '${queue}'`, (c) => c.xPending(runKeys(queue).jobs, GROUP))).pending;
}

/**
 * Deletes a run's keys (its jobs, results and spec).
 *
 * @example
 * ```ts
 * await deleteRun(redis, 'reads');
 * ```
 */
export async function deleteRun(redis: RedisLink, queue: string): Promise<void> {
  const keys = runKeys(queue);
  await redis.call(`deleting queue '${queue}'`, (c) => c.del([keys.jobs, keys.results, keys.meta]));
}
