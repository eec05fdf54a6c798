/**
 * The pool thread of `runJob(..., { threads })`: folds one file piece of a job module into
 * the encoded state of its sink (see `fold-piece.ts`). The module is imported once per thread.
 */
import { InputError } from '../core/errors.js';
import { isJob, type Job } from './define-job.js';
import { foldPiece } from './fold-piece.js';
import { aggregatorOf } from './mergeable.js';
import type { FilePiece } from './pieces.js';

/** A task: the job module's URL and the piece to fold; without a piece, only load the module (a thread's warm-up). */
export interface FoldTask {
  url: string;
  piece?: FilePiece | undefined;
}

const jobs = new Map<string, Promise<Job>>();

/**
 * The job exported by the module at `url`, imported once.
 *
 * @example
 * ```ts
 * const job = await importJob('file:///jobs/count-status.js');
 * ```
 */
export function importJob(url: string): Promise<Job> {
  let job = jobs.get(url);
  if (job === undefined) {
    job = import(url).then((mod: { default?: unknown }) => {
      if (!isJob(mod.default)) throw new InputError(url, 'is not a job module: its default export must be defineJob({ source, stages, sink })');
      return mod.default;
    });
    jobs.set(url, job);
  }
  return job;
}

/**
 * Folds `task.piece` with the job of `task.url`; resolves with the encoded state.
 *
 * @example
 * ```ts
 * const bytes = await fold({ url, piece });
 * ```
 */
export async function fold(task: FoldTask): Promise<Uint8Array> {
  const job = await importJob(task.url);
  if (task.piece === undefined) return new Uint8Array(0);
  const agg = aggregatorOf(job.sink());
  return agg.encode(await foldPiece(job, agg, task.piece));
}
