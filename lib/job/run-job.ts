/**
 * `runJob`: a job on this machine, on one core or on `threads` cores. Each input (or, with
 * threads, each piece of a file: whole records) is folded into a state of the sink's
 * aggregator; the states are merged in input order, so that the result is the sink's on
 * the whole input.
 */
import { checkOptionNames, copyOptions, type OptionNames, validateInteger, validateSignal } from '../core/validate.js';
import { mergeAll } from '../parallel/aggregator.js';
import { resolveWorkerFile, WorkerPool } from '../parallel/pool.js';
import type { Job, JobInput } from './define-job.js';
import { isJob } from './define-job.js';
import { foldInput } from './fold-piece.js';
import type { FoldTask } from './job-thread.js';
import { loadJob } from './load-job.js';
import { aggregatorOf } from './mergeable.js';
import { planPieces } from './pieces.js';

/**
 * Options of {@link runJob}.
 *
 * @example
 * ```ts
 * await runJob('job.js', ['big.ndjson'], { threads: 4, pieces: 32, signal: AbortSignal.timeout(60_000) });
 * ```
 */
export interface RunJobOptions {
  /** Cores to use: 1 folds every input whole in this thread; more cut files into pieces for a pool of threads. Default 1. */
  threads?: number | undefined;
  /** Pieces to cut the files in, in all (with threads > 1). Default: 4 × threads. */
  pieces?: number | undefined;
  /** Aborts the run. */
  signal?: AbortSignal | undefined;
}

const RUN_JOB_OPTIONS: OptionNames<RunJobOptions> = { threads: true, pieces: true, signal: true };

const THREAD_FILE = new URL('./job-thread.js', import.meta.url);

/**
 * Runs `job` on `inputs` and resolves with its sink's result. `job` is a job, or the path or
 * file URL of a job module (needed for threads, which import the module themselves).
 *
 * @example
 * ```ts
 * import { runJob } from 'streamtoolz';
 * const counts = await runJob('jobs/count-status.js', ['logs/a.ndjson', 'logs/b.ndjson.gz'], { threads: 2 });
 * // Map { '/login' => 12, '/api/orders' => 3 }, the same as with { threads: 1 }
 * ```
 */
export async function runJob<R = unknown>(job: Job<R> | string | URL, inputs: JobInput | readonly JobInput[], options?: RunJobOptions): Promise<R> {
  const opts = copyOptions(checkOptionNames(options, RUN_JOB_OPTIONS, 'runJob()'));
  const threads = opts.threads ?? 1;
  validateInteger(threads, 'threads', 1, 1024);
  const nPieces = opts.pieces ?? 4 * threads;
  validateInteger(nPieces, 'pieces', 1);
  validateSignal(opts.signal);
  const list = Array.isArray(inputs) ? [...inputs] : [inputs as JobInput];
  let url: string | undefined;
  let theJob: Job<R>;
  if (isJob(job)) theJob = job as Job<R>;
  else {
    const loaded = await loadJob<R>(job as string | URL);
    theJob = loaded.job;
    url = loaded.url;
  }
  const agg = aggregatorOf(theJob.sink());
  if (threads === 1) {
    const states: unknown[] = [];
    for (const input of list) states.push(await foldInput(theJob, agg, input, opts.signal));
    return agg.result(mergeAll(agg, states)) as R;
  }
  if (url === undefined) {
    throw Object.assign(
      new TypeError('runJob with threads needs the job module: pass its path or file URL (runJob(new URL("./job.js", import.meta.url), ...))'),
      {
        code: 'ERR_INVALID_ARG_TYPE',
      },
    );
  }
  const pieces = await planPieces(theJob, list, nPieces);
  const inPool = pieces.filter((p) => p.kind === 'file').length;
  const pool = new WorkerPool(resolveWorkerFile(THREAD_FILE), { threads: Math.max(1, Math.min(threads, inPool)), exportName: 'fold' });
  const abort = (): void => void pool.close();
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    const jobUrl = url;
    const parts = pieces.map((p, i) =>
      p.kind === 'file' ? (pool.run({ url: jobUrl, piece: p.file } satisfies FoldTask, i) as Promise<Uint8Array>).then((b) => agg.decode(b)) : undefined,
    );
    for (const p of parts) p?.catch(() => undefined); // awaited in order below
    const states: unknown[] = [];
    for (const [i, p] of pieces.entries()) states.push(p.kind === 'file' ? await parts[i] : await foldInput(theJob, agg, p.input, opts.signal));
    return agg.result(mergeAll(agg, states)) as R;
  } catch (err) {
    if (opts.signal?.aborted)
      throw Object.assign(new Error('The operation was aborted', { cause: opts.signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    await pool.close();
  }
}
