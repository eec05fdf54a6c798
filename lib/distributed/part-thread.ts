/**
 * The pool thread of `streamtoolz worker`: one part of a run, off the worker's event loop (so
 * that BullMQ's lock renewal never waits behind a fold). It opens the part's file as a
 * worker must (`checked-file.ts`), checks its bytes against the submitted ones, then folds
 * them with the run's kernel: k-mers into packed sorted runs or direct counts (what
 * `reduce` merges into the very bytes `kmers` writes), rows into a PCA state, or records
 * through a job module's pipe into its sink's state. Resolves with the partial as bytes.
 */
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import { countInputJob } from '../kmer/threads/input-jobs.js';
import { moduleIdentity } from '../job/load-job.js';
import { pcaStateOfRange } from '../parallel/range-jobs.js';
import { foldPiece } from '../job/fold-piece.js';
import { importJob } from '../job/job-thread.js';
import { aggregatorOf } from '../job/mergeable.js';
import { checkInput, openAllowed } from './checked-file.js';
import { partialToBytes } from './kmer-partial-bytes.js';
import type { PartEntry, RunSpec } from './manifest.js';

/** What a pool thread is given: all of it from the worker's own options or a checked manifest. */
export interface PartTask {
  spec: RunSpec;
  /** The URL of the worker's own module for a job run (never a URL from Redis). */
  moduleUrl?: string | undefined;
  part: PartEntry;
  /** Real paths of the roots the worker may read under. */
  allow: string[];
}

const checked = new Set<string>();

/** The module at `url` still has the content the worker was started with (checked once: Node imports it once). */
async function checkModule(url: string, sha256: string): Promise<void> {
  if (checked.has(url)) return;
  const id = await moduleIdentity(url);
  if (id.sha256 !== sha256) throw new InputError(fileURLToPath(url), 'changed since the worker started (its SHA-256 differs): restart the worker');
  checked.add(url);
}

/**
 * Folds one part; resolves with its partial result as bytes.
 *
 * @example
 * ```ts
 * const bytes = await part({ spec: { kind: 'pca' }, part: manifest.parts[3], allow: ['/data'] });
 * ```
 */
export async function part(task: PartTask): Promise<Uint8Array> {
  const { piece, check } = task.part;
  const { handle, real } = await openAllowed(piece.path, task.allow);
  try {
    await checkInput(handle, piece, check);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const range = { path: real, start: piece.start, end: piece.end, index: 0 };
  const { spec } = task;
  if (spec.kind === 'job') {
    try {
      await checkModule(task.moduleUrl!, spec.module.sha256);
    } catch (err) {
      await handle.close();
      throw err;
    }
    // The handle is read by the fold and closed with its stream.
    const job = await importJob(task.moduleUrl!);
    const agg = aggregatorOf(job.sink());
    return agg.encode(await foldPiece(job, agg, { ...piece, path: real }, handle));
  }
  await handle.close();
  if (spec.kind === 'pca') return pcaStateOfRange({ range });
  const parts = await countInputJob({
    k: spec.k,
    canonical: spec.canonical,
    table: { kind: 'sorted' },
    kind: 'range',
    range,
    name: piece.path,
    format: spec.format,
  });
  return partialToBytes(parts);
}
