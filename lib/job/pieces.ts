/**
 * The pieces of a job's inputs: each file cut into byte ranges of whole records (when the
 * job's format allows it and it is not gzip), anything else (a URL, stdin, a stream) one
 * piece read here. A file piece is plain data, so it can go to a thread or into Redis.
 */
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { resolveInputs } from '../io/inputs.js';
import { toInputError } from '../io/input-error.js';
import { firstSignificantByte } from '../io/sniff.js';
import { alignCuts, type SplitFormat } from '../parallel/record-cuts.js';
import { splitRanges, withFileAccess } from '../parallel/split.js';
import type { Job, JobInput } from './define-job.js';

/** Bytes [start, end) of a file, whole records; `headerEnd` > 0: bytes [0, headerEnd) are a CSV header to read first. */
export interface FilePiece {
  path: string;
  start: number;
  end: number;
  /** The file's size when it was planned. */
  size: number;
  headerEnd: number;
}

/** A piece: part of a file, or an input read whole in this thread. */
export type Piece = { kind: 'file'; file: FilePiece } | { kind: 'here'; input: JobInput };

const GZIP = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;

/** The format a file is cut in, from the job's `format` or its first bytes; undefined: whole. */
function cutFormat(job: Pick<Job, 'format'>, head: Uint8Array): SplitFormat | undefined {
  if (GZIP(head) || job.format === 'whole') return undefined;
  if (job.format !== undefined) return job.format;
  const c = firstSignificantByte(Buffer.from(head.buffer, head.byteOffset, head.byteLength));
  return c === 0x3e ? 'fasta' : c === 0x40 ? 'fastq' : c === 0x7b ? 'ndjson' : undefined;
}

/**
 * Cuts one file into about `n` pieces of whole records (one when it cannot be cut).
 *
 * @example
 * ```ts
 * await filePieces({ format: 'ndjson' }, 'logs.ndjson', 4); // four FilePieces covering the file
 * ```
 */
export async function filePieces(job: Pick<Job, 'format' | 'header'>, path: string, n: number): Promise<FilePiece[]> {
  return withFileAccess(path, async (src) => {
    const { size } = src;
    const format = cutFormat(job, await src.read(0, Math.min(size, 1 << 16)));
    if (format === undefined || n <= 1 || size === 0) return [{ path, start: 0, end: size, size, headerEnd: 0 }];
    const headerEnd = format === 'csv' && job.header === true ? ((await alignCuts(src, [1], 'csv'))[0] ?? size) : 0;
    const ranges = await splitRanges(src, n, format);
    return ranges.map((r) => ({ path, start: r.start, end: r.end, size, headerEnd: r.start > 0 ? headerEnd : 0 }));
  });
}

/**
 * The pieces of `inputs`: files (globs expanded) cut into about `n` pieces in all, in
 * proportion to their sizes; other inputs one piece each.
 *
 * @example
 * ```ts
 * const pieces = await planPieces(job, ['a.ndjson', 'b.ndjson.gz'], 8);
 * ```
 */
export async function planPieces(job: Pick<Job, 'format' | 'header'>, inputs: readonly JobInput[], n: number): Promise<Piece[]> {
  const resolved = await resolveInputs(inputs as (string | Readable)[]);
  const sizes = new Map<string, number>();
  for (const r of resolved) {
    if (r.kind !== 'file') continue;
    try {
      sizes.set(r.path, (await stat(r.path)).size);
    } catch (err) {
      throw toInputError(err, r.path);
    }
  }
  let total = 0;
  for (const size of sizes.values()) total += size;
  const pieces: Piece[] = [];
  for (const r of resolved) {
    if (r.kind !== 'file') {
      pieces.push({ kind: 'here', input: r.kind === 'stream' ? r.stream : r.kind === 'stdin' ? '-' : r.name });
      continue;
    }
    const size = sizes.get(r.path)!;
    const share = total === 0 ? 1 : Math.max(1, Math.round((n * size) / total));
    for (const file of await filePieces(job, r.path, share)) pieces.push({ kind: 'file', file });
  }
  return pieces;
}
