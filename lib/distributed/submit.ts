/**
 * Submitting a run: its inputs cut into pieces of whole records, each piece's bytes hashed,
 * the manifest made, and one BullMQ flow added: a parent job (the run, in
 * `streamtoolz-runs`, its data the manifest) with one child per piece (in
 * `streamtoolz-parts`). A run is named by what it computes and on which bytes: the same
 * submit twice adds nothing, other inputs are another run.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { validateInteger, validateString } from '../core/validate.js';
import type { Job } from '../job/define-job.js';
import { filePieces, type FilePiece } from '../job/pieces.js';
import { resolveInputs } from '../io/inputs.js';
import { toInputError } from '../io/input-error.js';
import { resolveWorkerFile, WorkerPool } from '../parallel/pool.js';
import { pieceSha256 } from './checked-file.js';
import { runId, type Manifest, type PartData, type RunSpec } from './manifest.js';
import { latestKey, NAME_PATTERN, PARTS_QUEUE, partId, RUNS_QUEUE } from './names.js';
import type { Session } from './session.js';

/** Options of {@link submitRun}. */
export interface SubmitOptions {
  /** The run's name (`--queue`). */
  name: string;
  /** Pieces to cut the inputs in, in all. */
  parts: number;
  /** For a job run: how the job cuts its files (its `format` and `header`). */
  job?: Pick<Job, 'format' | 'header'> | undefined;
  /** Attempts of a part whose worker failed for a reason that may pass (Redis away...). Default 3. */
  attempts?: number | undefined;
}

/** What a submit did. */
export interface Submitted {
  run: string;
  parts: number;
  /** False when the same run was there already. */
  added: boolean;
}

function cutFormat(spec: RunSpec, options: SubmitOptions): Pick<Job, 'format' | 'header'> {
  if (spec.kind === 'kmers') return { format: spec.format };
  if (spec.kind === 'pca') return { format: 'lines' }; // the numeric scanner reads lines; range 0 holds the header
  return options.job ?? {};
}

/** The pieces' SHA-256, on as many threads as there are cores (one piece: here). */
async function hashPieces(pieces: readonly FilePiece[]): Promise<string[]> {
  const threads = Math.min(availableParallelism(), pieces.length);
  if (threads <= 1) return Promise.all(pieces.map((p) => pieceSha256(p)));
  const pool = new WorkerPool(resolveWorkerFile(HASH_THREAD), { threads, exportName: 'sha256' });
  try {
    return (await Promise.all(pieces.map((p, i) => pool.run(p, i)))) as string[];
  } finally {
    await pool.close();
  }
}

const HASH_THREAD = new URL('./hash-thread.js', import.meta.url);

/**
 * The manifest of a run over `inputs` (files; globs expanded): pieces and their checks.
 *
 * @example
 * ```ts
 * const manifest = await planRun('reads', { kind: 'pca' }, ['rows.csv'], { name: 'reads', parts: 8 });
 * ```
 */
export async function planRun(spec: RunSpec, inputs: readonly string[], options: SubmitOptions): Promise<Manifest> {
  const resolved = await resolveInputs(inputs);
  const files: { path: string; size: number }[] = [];
  for (const r of resolved) {
    if (r.kind !== 'file') throw new InputError(r.name, 'is not a file: a distributed run reads files that every worker sees at the same path');
    const path = resolve(r.path); // absolute: workers start in other directories
    try {
      files.push({ path, size: (await stat(path)).size });
    } catch (err) {
      throw toInputError(err, r.path);
    }
  }
  const total = files.reduce((s, f) => s + f.size, 0);
  const format = cutFormat(spec, options);
  const pieces: FilePiece[] = [];
  for (const f of files) {
    const share = total === 0 ? 1 : Math.max(1, Math.round((options.parts * f.size) / total));
    pieces.push(...(await filePieces(format, f.path, share)));
  }
  const hashes = await hashPieces(pieces);
  const parts = [];
  for (const [i, piece] of pieces.entries()) {
    const { mtimeMs, dev, ino, ctimeMs } = await stat(piece.path);
    parts.push({ piece, check: { size: piece.size, mtimeMs, sha256: hashes[i]!, dev, ino, ctimeMs } });
  }
  return { name: options.name, spec, parts };
}

/**
 * Plans and submits a run.
 *
 * @example
 * ```ts
 * const s = await openSession('redis://10.0.0.5:6379');
 * const { run } = await submitRun(s, { kind: 'kmers', k: 21, canonical: true, format: 'fasta' }, ['/shared/reads.fa'], { name: 'reads', parts: 16 });
 * ```
 */
export async function submitRun(session: Session, spec: RunSpec, inputs: readonly string[], options: SubmitOptions): Promise<Submitted> {
  validateString(options.name, 'name');
  if (!NAME_PATTERN.test(options.name)) throw new InputError(options.name, 'a run name is 1 to 100 letters, digits, _ . or -');
  validateInteger(options.parts, 'parts', 1, 100_000);
  const attempts = options.attempts ?? 3;
  validateInteger(attempts, 'attempts', 1, 100);
  const manifest = await planRun(spec, inputs, options);
  const run = runId(manifest);
  const existing = await session
    .runs()
    .getJob(run)
    .catch((err) => Promise.reject(session.fail(`reading run ${run}`, err)));
  if (existing === undefined) {
    const flow = new session.bullmq.FlowProducer({ connection: session.connection() });
    flow.on('error', () => {});
    try {
      await flow.add({
        name: manifest.spec.kind,
        queueName: RUNS_QUEUE,
        data: manifest,
        opts: { jobId: run },
        children: manifest.parts.map((p, index) => ({
          name: `${manifest.spec.kind}:${index}`,
          queueName: PARTS_QUEUE,
          data: { run, index, path: p.piece.path, start: p.piece.start, end: p.piece.end } satisfies PartData & Record<string, unknown>,
          opts: {
            jobId: partId(run, index),
            attempts,
            backoff: { type: 'exponential', delay: 1000 },
            // A part that cannot succeed fails its run: reduce says why, instead of waiting forever.
            failParentOnFailure: true,
            removeOnComplete: true,
          },
        })),
      });
    } catch (err) {
      throw session.fail(`submitting run ${run}`, err);
    } finally {
      await flow.close();
    }
  }
  await session.redis.set(latestKey(options.name), run);
  return { run, parts: manifest.parts.length, added: existing === undefined };
}
