/**
 * Folding one piece of a job's input into its sink's mergeable state: the job's own source,
 * stages and (mergeable) sink, with the sink's aggregator in place of the sink. The same
 * code on one core, in a pool thread and in a worker on another machine.
 */
import type { FileHandle } from 'node:fs/promises';
import { declareFields, type FieldUse } from '../core/field-use.js';
import { pipe } from '../core/pipe.js';
import { kFields } from '../core/symbols.js';
import { reducerSink } from '../core/sink.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { inWholeFile } from '../parallel/range-error.js';
import type { Job, JobInput } from './define-job.js';
import type { FilePiece } from './pieces.js';
import { PieceStream } from './piece-stream.js';

/**
 * Runs the job's pipe on one input into a state of `agg`.
 *
 * @example
 * ```ts
 * const agg = aggregatorOf(job.sink());
 * const state = await foldInput(job, agg, 'logs.ndjson');
 * ```
 */
export async function foldInput<S>(job: Job, agg: Aggregator<S, unknown, unknown>, input: JobInput, signal?: AbortSignal): Promise<S> {
  const fold = reducerSink<unknown, S>(agg.name, () => {
    let state = agg.empty();
    return {
      step(item) {
        state = agg.add(state, item);
      },
      result: () => state,
    };
  });
  // The aggregator reads of an item what the job's sink reads: say so, for pushdown.
  declareFields(fold, (job.sink() as { [kFields]?: FieldUse })[kFields]);
  const stages = job.stages?.() ?? [];
  const run = pipe as unknown as (...args: unknown[]) => Promise<S>;
  return run(job.source(input), ...stages, fold, ...(signal === undefined ? [] : [{ signal }]));
}

/**
 * Folds one file piece; a bad record's line is counted in the whole file, as on one core.
 *
 * @example
 * ```ts
 * const bytes = agg.encode(await foldPiece(job, agg, piece));
 * ```
 */
export async function foldPiece<S>(job: Job, agg: Aggregator<S, unknown, unknown>, piece: FilePiece, handle?: FileHandle, signal?: AbortSignal): Promise<S> {
  const input = new PieceStream(piece, handle);
  try {
    return await foldInput(job, agg, input, signal);
  } catch (err) {
    throw await inWholeFile(err, { path: piece.path, start: piece.start, end: piece.end, index: 0 }, piece.headerEnd);
  } finally {
    input.destroy();
  }
}
