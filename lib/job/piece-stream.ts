/**
 * A file piece (whole records, and the CSV header first when it has one) as a Readable whose
 * `path` is the file's, so that sources name the file in errors. It reads lazily, by
 * position; it also carries its byte ranges ({@link kFileRange}), so that a source that can
 * read into reused buffers reads the file itself, as it does for a path, and this stream is
 * never read. Closed (and its file with it) when destroyed.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type FileRange, kFileRange } from '../io/file-range.js';
import type { FilePiece } from './pieces.js';

/** Bytes per read: the sources' own chunk size. */
const CHUNK = 1 << 19;

/**
 * The bytes of one piece of a file.
 *
 * @example
 * ```ts
 * const input = new PieceStream({ path: 'logs.ndjson', start: 0, end: 1 << 20, size, headerEnd: 0 });
 * const records = sources.json(input, { fields: ['status'] }); // reads logs.ndjson [0, 1 MiB) itself
 * ```
 */
export class PieceStream extends Readable {
  /** The file's path: how sources name this input. */
  readonly path: string;
  readonly [kFileRange]: FileRange;
  /** The handle given, or the one opened at the first read; closed on destroy. */
  #handle: FileHandle | undefined;
  #range = 0;
  #position: number;

  /** `handle`: read through it (it is then this stream's, closed with it) instead of opening the path. */
  constructor(piece: FilePiece, handle?: FileHandle) {
    super({ highWaterMark: CHUNK });
    const ranges: (readonly [number, number])[] = [];
    if (piece.headerEnd > 0) ranges.push([0, piece.headerEnd]);
    if (piece.end > piece.start) ranges.push([piece.start, piece.end]);
    this.path = piece.path;
    this[kFileRange] = { path: piece.path, handle, ranges };
    this.#handle = handle;
    this.#position = ranges[0]?.[0] ?? 0;
  }

  override _read(): void {
    void this.#next();
  }

  async #next(): Promise<void> {
    try {
      const ranges = this[kFileRange].ranges;
      for (;;) {
        const range = ranges[this.#range];
        if (range === undefined) {
          this.push(null);
          return;
        }
        if (this.#handle === undefined) {
          const handle = await open(this.path, 'r');
          if (this.destroyed) return void (await handle.close());
          this.#handle = handle;
        }
        const want = Math.min(CHUNK, range[1] - this.#position);
        const { bytesRead, buffer } =
          want > 0 ? await this.#handle.read(Buffer.allocUnsafe(want), 0, want, this.#position) : { bytesRead: 0, buffer: undefined };
        if (this.destroyed) return;
        if (bytesRead > 0 && buffer !== undefined) {
          this.#position += bytesRead;
          this.push(bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
          return;
        }
        this.#position = ranges[++this.#range]?.[0] ?? 0;
      }
    } catch (err) {
      this.destroy(err as Error);
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle === undefined) return callback(err);
    handle.close().then(
      () => callback(err),
      () => callback(err),
    );
  }
}
