/**
 * Splitting a file into byte ranges of whole records, each readable as its own source: the
 * partitions of one machine's threads (and, later, of many machines' jobs). A range is
 * plain data (`{ path, start, end }`), so it can be posted to a worker or queued as a job.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import { toInputError } from '../io/input-error.js';
import { validateInteger, validateOneOf, validateString } from '../core/validate.js';
import { bufferAccess, type RandomAccess } from './byte-window.js';
import { alignCuts, type SplitFormat } from './record-cuts.js';

/** Bytes [start, end) of an input: whole records, the first one starting at `start`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A byte range of a file, numbered in file order (the CSV header, if any, is in range 0). */
export interface FileRange extends ByteRange {
  path: string;
  index: number;
}

const FORMATS: readonly SplitFormat[] = ['lines', 'ndjson', 'csv', 'fasta', 'fastq'];

/**
 * Cuts `src` into at most `n` non-empty ranges of whole records, of about equal size
 * (fewer when records are large or few). Together they cover every byte exactly once.
 *
 * @example
 * ```ts
 * await splitRanges(bufferAccess(Buffer.from('a\nbb\nc\n')), 2, 'lines'); // [{0,5}, {5,7}]
 * ```
 */
export async function splitRanges(src: RandomAccess, n: number, format: SplitFormat): Promise<ByteRange[]> {
  validateInteger(n, 'n', 1);
  validateOneOf(format, 'format', FORMATS);
  const offsets = Array.from({ length: n - 1 }, (_, i) => Math.floor((src.size * (i + 1)) / n));
  const cuts = [0, ...(await alignCuts(src, offsets, format)), src.size];
  const ranges: ByteRange[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) ranges.push({ start: cuts[i]!, end: cuts[i + 1]! });
  return ranges;
}

/**
 * {@link splitRanges} over bytes in memory.
 *
 * @example
 * ```ts
 * const ranges = await splitBuffer(Buffer.from('>a\nAC\n>b\nGT\n'), 2, 'fasta');
 * ```
 */
export function splitBuffer(bytes: Uint8Array, n: number, format: SplitFormat): Promise<ByteRange[]> {
  return splitRanges(bufferAccess(bytes), n, format);
}

/** Options of {@link splitFile}. */
export interface SplitFileOptions {
  /** Record format: 'lines', 'ndjson' (as lines), 'csv' (quoted line breaks handled), 'fasta' or 'fastq' (4-line). */
  format: SplitFormat;
}

/**
 * Cuts the file at `path` into at most `n` ranges of whole records (see `record-cuts.ts`
 * for what each format supports). A gzip file cannot be cut (its bytes are not records):
 * that is an InputError, as is a missing file.
 *
 * @example
 * ```ts
 * const ranges = await splitFile('reads.fq', 4, { format: 'fastq' });
 * for (const r of ranges) openRange(r).pipe(...); // four sources, no record lost or repeated
 * ```
 */
export async function splitFile(path: string, n: number, options: SplitFileOptions): Promise<FileRange[]> {
  validateString(path, 'path');
  validateInteger(n, 'n', 1);
  const format = options?.format;
  validateOneOf(format, 'format', FORMATS);
  return withFileAccess(path, async (src) => {
    if (src.size >= 2) {
      const head = await src.read(0, 2);
      if (head[0] === 0x1f && head[1] === 0x8b)
        throw new InputError(path, 'is gzip-compressed: its bytes cannot be cut into records; decompress it to split it');
    }
    return (await splitRanges(src, n, format)).map((r, index) => ({ path, index, ...r }));
  });
}

/**
 * Opens the file at `path` as a {@link RandomAccess} for `fn`, and closes it after; errors
 * (a missing file, a read that fails) are InputErrors naming the path.
 *
 * @example
 * ```ts
 * const size = await withFileAccess('reads.fa', async (src) => src.size);
 * ```
 */
export async function withFileAccess<T>(path: string, fn: (src: RandomAccess, handle: FileHandle) => Promise<T>): Promise<T> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw toInputError(err, path);
  }
  try {
    const { size } = await handle.stat();
    const fh = handle;
    const src: RandomAccess = {
      size,
      async read(position, length) {
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await fh.read({ buffer, position, length });
        return buffer.subarray(0, bytesRead);
      },
    };
    return await fn(src, fh);
  } catch (err) {
    throw toInputError(err, path);
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of one range as a Readable (an empty range gives an empty stream).
 *
 * @example
 * ```ts
 * for await (const chunk of openRange({ path: 'x.fa', start: 100, end: 200, index: 1 })) scan(chunk);
 * ```
 */
export function openRange(range: FileRange, options?: { highWaterMark?: number | undefined }): Readable {
  if (range.end <= range.start) return Readable.from([]);
  return createReadStream(range.path, { start: range.start, end: range.end - 1, highWaterMark: options?.highWaterMark ?? 1 << 19 });
}
