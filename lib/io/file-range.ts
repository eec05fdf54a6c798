/**
 * A Readable that stands for byte ranges of a file (a piece of a job's input, cut into whole
 * records) carries them under {@link kFileRange}, so that a source whose parser copies what
 * it keeps (the `reuseBuffer` readers) reads the file itself into reused buffers, as it
 * does a path, instead of taking a fresh buffer per chunk from the stream. Anyone else reads
 * the stream as any other.
 */
import type { FileHandle } from 'node:fs/promises';

/** Where a stream keeps its {@link FileRange}: `Symbol.for`, so that two copies of the package (built and source) agree. */
export const kFileRange: unique symbol = Symbol.for('streamtoolz.fileRange') as never;

/**
 * The bytes a stream stands for: `ranges` of the file at `path`, read in order.
 *
 * @example
 * ```ts
 * const range: FileRange = { path: 'big.csv', handle: undefined, ranges: [[0, 120], [1 << 20, 2 << 20]] }; // header, then a piece
 * ```
 */
export interface FileRange {
  readonly path: string;
  /** An open handle of the file to read through (the stream's: it closes it); undefined: open the path. */
  readonly handle: FileHandle | undefined;
  /** Byte ranges [start, end), in reading order. */
  readonly ranges: readonly (readonly [number, number])[];
}

/**
 * The file range a stream stands for, if any.
 *
 * @example
 * ```ts
 * const range = fileRangeOf(input); // undefined for an ordinary stream
 * ```
 */
export function fileRangeOf(stream: unknown): FileRange | undefined {
  const range = (stream as { [kFileRange]?: FileRange } | null)?.[kFileRange];
  return typeof range === 'object' && range !== null && typeof range.path === 'string' && Array.isArray(range.ranges) ? range : undefined;
}
