/**
 * Sorted lines, one at a time, wherever they come from (a sorted buffer in memory, a merge of
 * runs), and the two things done with them: written as a run of blocks that keep each line's
 * key (so that a later merge need not parse it again), or copied into output chunks.
 *
 * A run block's payload: the keys' high words, their low words, each line's end offset
 * (uint32 each, `count` of them), then the lines' bytes, newlines included.
 */
import type { RunWriter } from './run-file.js';

/** The current line: its key and `buf[start, end)`, newline included; valid until `nextLine()`. */
export interface LineSource {
  /** Moves to the next line; false at the end. */
  nextLine(): boolean;
  readonly hi: number;
  readonly lo: number;
  readonly buf: Buffer;
  readonly start: number;
  readonly end: number;
}

/** Copies `src[start, end)` to `dst[at...]`: a loop for short lines, memcpy for long ones. */
export function copyBytes(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): void {
  if (end - start > 64) {
    dst.set(src.subarray(start, end), at);
    return;
  }
  for (let k = start; k < end; k++) dst[at++] = src[k]!;
}

/**
 * Writes every line of `source` to `writer`, in blocks of about `blockBytes` of text.
 *
 * @example
 * ```ts
 * writeLineRun(sortedBuffer, new RunWriter(path, 'raw', stats), 1 << 20);
 * ```
 */
export function writeLineRun(source: LineSource, writer: RunWriter, blockBytes: number): void {
  let hi: Uint32Array = new Uint32Array(1024);
  let lo: Uint32Array = new Uint32Array(1024);
  let ends: Uint32Array = new Uint32Array(1024);
  let text = Buffer.allocUnsafe(blockBytes + 1024);
  let n = 0;
  let bytes = 0;
  const flush = (): void => {
    const payload = Buffer.allocUnsafe(12 * n + bytes);
    payload.set(new Uint8Array(hi.buffer, 0, 4 * n), 0);
    payload.set(new Uint8Array(lo.buffer, 0, 4 * n), 4 * n);
    payload.set(new Uint8Array(ends.buffer, 0, 4 * n), 8 * n);
    payload.set(text.subarray(0, bytes), 12 * n);
    writer.writeRaw(payload, n);
    n = 0;
    bytes = 0;
  };
  while (source.nextLine()) {
    const len = source.end - source.start;
    if (n === hi.length) {
      hi = grow(hi);
      lo = grow(lo);
      ends = grow(ends);
    }
    if (bytes + len > text.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * text.length, bytes + len));
      text.copy(bigger, 0, 0, bytes);
      text = bigger;
    }
    copyBytes(source.buf, source.start, source.end, text, bytes);
    bytes += len;
    hi[n] = source.hi;
    lo[n] = source.lo;
    ends[n++] = bytes;
    if (bytes >= blockBytes) flush();
  }
  if (n > 0) flush();
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The next chunk of output, up to about `size` bytes of whole lines (more for one longer
 * line), or null when `source` is used up.
 *
 * @example
 * ```ts
 * for (let chunk = readChunk(merge, 1 << 18); chunk !== null; chunk = readChunk(merge, 1 << 18)) out.write(chunk);
 * ```
 */
export function readChunk(source: LineSource, size: number, pending: { has: boolean }): Buffer | null {
  let chunk = Buffer.allocUnsafe(size);
  let at = 0;
  for (;;) {
    if (!pending.has && !source.nextLine()) break;
    const len = source.end - source.start;
    if (at + len > chunk.length) {
      if (at > 0) {
        // Keep the line for the next chunk.
        pending.has = true;
        break;
      }
      chunk = Buffer.allocUnsafe(len);
    }
    pending.has = false;
    copyBytes(source.buf, source.start, source.end, chunk, at);
    at += len;
  }
  return at === 0 ? null : chunk.subarray(0, at);
}
