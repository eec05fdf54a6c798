/**
 * `runJob`: a job on this machine, on one core or on `threads` cores. Each input (or, with
 * threads, each piece of a file: whole records) is folded into a state of the sink's
 * aggregator; the states are merged in input order, so that the result is the sink's on
 * the whole input.
 */
import { checkOptionNames, copyOptions, type OptionNames, validateInteger, validateSignal } from '../core/validate.js';
import { type Aggregator, mergeAll } from '../parallel/aggregator.js';
import { resolveWorkerFile, WorkerPool } from '../parallel/pool.js';
import { isJob, type Job, type JobInput } from './define-job.js';
import { foldInput, foldPiece } from './fold-piece.js';
import type { FoldTask } from './job-thread.js';
import { loadJob, moduleIdentity } from './load-job.js';
import { aggregatorOf } from './mergeable.js';
import { type FilePiece, type Piece, planPieces } from './pieces.js';

/**
 * Options of {@link runJob}.
 *
 * @example
 * ```ts
 * await runJob('job.js', ['big.ndjson'], { threads: 4, pieces: 32, signal: AbortSignal.timeout(60_000) });
 * ```
 */
export interface RunJobOptions {
  /**
   * Cores to use: 1 folds every input whole in this thread; more cut files into pieces,
   * folded by this thread and `threads - 1` others. Default 1.
   */
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
  if (isJob(job)) {
    const theJob = job as Job<R>;
    const agg = aggregatorOf(theJob.sink());
    if (threads === 1) return foldWhole(theJob, agg, list, opts.signal);
    throw Object.assign(
      new TypeError('runJob with threads needs the job module: pass its path or file URL (runJob(new URL("./job.js", import.meta.url), ...))'),
      { code: 'ERR_INVALID_ARG_TYPE' },
    );
  }
  if (threads === 1) {
    const { job: theJob } = await loadJob<R>(job as string | URL);
    return foldWhole(theJob, aggregatorOf(theJob.sink()), list, opts.signal);
  }
  // This thread folds pieces too, beside threads - 1 others. They start now, loading the job
  // module while this thread loads it and plans the pieces: a thread's start (mostly
  // importing the package) costs about as much as a piece.
  const { url } = await moduleIdentity(job as string | URL);
  const pool = new WorkerPool(resolveWorkerFile(THREAD_FILE), { threads: threads - 1, exportName: 'fold' });
  for (let t = 0; t < threads - 1; t++) pool.run({ url } satisfies FoldTask, -1).catch(() => undefined);
  const abort = (): void => void pool.close();
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    const { job: theJob } = await loadJob<R>(url);
    const agg = aggregatorOf(theJob.sink());
    const pieces = await planPieces(theJob, list, nPieces);
    const states = await foldPieces(pieces, threads - 1, {
      here: (p) => (p.kind === 'file' ? foldPiece(theJob, agg, p.file, undefined, opts.signal) : foldInput(theJob, agg, p.input, opts.signal)),
      there: async (file) => agg.decode((await pool.run({ url, piece: file } satisfies FoldTask, 0)) as Uint8Array),
    });
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

/** One core: every input folded whole in this thread, the states merged in order. */
async function foldWhole<R, S>(job: Job<R>, agg: Aggregator<S, unknown, unknown>, list: readonly JobInput[], signal: AbortSignal | undefined): Promise<R> {
  const states: S[] = [];
  for (const input of list) states.push(await foldInput(job, agg, input, signal));
  return agg.result(mergeAll(agg, states)) as R;
}

/** How a piece is folded here (any piece) and in another thread (file pieces). */
interface Folders<S> {
  here: (piece: Piece) => Promise<S>;
  there: (file: FilePiece) => Promise<S>;
}

/**
 * The states of `pieces`, in order: this thread and `others` threads each take the next
 * piece when done with one (only this thread reads the inputs that are not files). After a
 * piece fails no later piece is started; the first failure in input order is thrown, so
 * that a bad record is reported as one core reports it.
 */
async function foldPieces<S>(pieces: readonly Piece[], others: number, fold: Folders<S>): Promise<S[]> {
  const states: S[] = new Array(pieces.length);
  const errors = new Map<number, unknown>();
  let failed = Number.POSITIVE_INFINITY;
  let nextFile = 0;
  let nextHere = 0;
  const take = (here: boolean): number => {
    // This thread reads first what only it can read (URLs, streams, stdin).
    if (here) {
      while (nextHere < pieces.length && pieces[nextHere]!.kind !== 'here') nextHere++;
      if (nextHere < pieces.length && nextHere < failed) return nextHere++;
    }
    while (nextFile < pieces.length && pieces[nextFile]!.kind !== 'file') nextFile++;
    return nextFile < pieces.length && nextFile < failed ? nextFile++ : -1;
  };
  const lane = async (here: boolean): Promise<void> => {
    for (let i = take(here); i >= 0; i = take(here)) {
      const piece = pieces[i]!;
      try {
        states[i] = await (piece.kind === 'file' && !here ? fold.there(piece.file) : fold.here(piece));
      } catch (err) {
        errors.set(i, err);
        failed = Math.min(failed, i);
      }
    }
  };
  await Promise.all([lane(true), ...Array.from({ length: others }, () => lane(false))]);
  if (errors.size > 0) throw errors.get(Math.min(...errors.keys()));
  return states;
}
