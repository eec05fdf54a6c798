/**
 * Folding one piece of a job's input into its sink's mergeable state: the job's own source,
 * stages and (mergeable) sink, with the sink's aggregator in place of the sink. The same
 * code on one core, in a pool thread and in a worker on another machine.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipe } from '../core/pipe.js';
import { reducerSink } from '../core/sink.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { inWholeFile } from '../parallel/range-error.js';
import type { Job, JobInput } from './define-job.js';
import type { FilePiece } from './pieces.js';

/**
 * The bytes of a file piece (its CSV header first, when it has one) as a Readable whose
 * `path` is the file's, so that sources name the file in errors. Reads through `handle`
 * when given (it is closed with the stream), else opens the path.
 *
 * @example
 * ```ts
 * const input = pieceStream({ path: 'logs.ndjson', start: 0, end: 1 << 20, size, headerEnd: 0 });
 * ```
 */
export function pieceStream(piece: FilePiece, handle?: FileHandle): Readable {
  const fd = handle === undefined ? {} : { fd: handle, autoClose: true };
  const body = (start: number, end: number, close: boolean): Readable =>
    end <= start
      ? Readable.from([])
      : createReadStream(piece.path, { ...fd, ...(close ? {} : { autoClose: false }), start, end: end - 1, highWaterMark: 1 << 19 });
  if (piece.headerEnd <= 0) {
    const s = body(piece.start, piece.end, true);
    if (piece.end <= piece.start) void handle?.close();
    return Object.assign(s, { path: piece.path });
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* body(0, piece.headerEnd, false) as AsyncIterable<Buffer>;
      yield* body(piece.start, piece.end, false) as AsyncIterable<Buffer>;
    } finally {
      await handle?.close();
    }
  }
  return Object.assign(Readable.from(chunks(), { objectMode: false }), { path: piece.path });
}

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
  const input = pieceStream(piece, handle);
  try {
    return await foldInput(job, agg, input, signal);
  } catch (err) {
    throw piece.headerEnd > 0 ? err : await inWholeFile(err, { path: piece.path, start: piece.start, end: piece.end, index: 0 });
  } finally {
    input.destroy();
  }
}
