/**
 * Blocks of counted keys on disk (`count-spill.ts`): for each entry its count, the index of
 * its first item and its key's bytes (`key-bytes.ts`).
 *
 * Layout: n, key bytes, 0, 0 (uint32 each); counts (n doubles); firsts (n doubles); key
 * lengths (n uint32); the keys' bytes back to back.
 */
import type { CountTable } from './count-table.js';

const HEAD = 16;

/**
 * The payload of a block of the table's entries `rows` (in that order).
 *
 * @example
 * ```ts
 * writer.writeRaw(encodeCounts(table, [0, 1, 2]), 3);
 * ```
 */
export function encodeCounts(table: CountTable, rows: ArrayLike<number>): Buffer {
  const n = rows.length;
  let keyBytes = 0;
  for (let i = 0; i < n; i++) keyBytes += table.lengths[rows[i]!]!;
  const out = Buffer.allocUnsafe(HEAD + 20 * n + keyBytes);
  out.writeUInt32LE(n, 0);
  out.writeUInt32LE(keyBytes, 4);
  out.writeUInt32LE(0, 8);
  out.writeUInt32LE(0, 12);
  const numbers = new Float64Array(2 * n);
  const lengths = new Uint32Array(n);
  let at = HEAD + 20 * n;
  for (let i = 0; i < n; i++) {
    const e = rows[i]!;
    numbers[i] = table.counts[e]!;
    numbers[n + i] = table.firsts[e]!;
    const len = table.lengths[e]!;
    lengths[i] = len;
    table.arena.copy(out, at, table.starts[e]!, table.starts[e]! + len);
    at += len;
  }
  out.set(new Uint8Array(numbers.buffer), HEAD);
  out.set(new Uint8Array(lengths.buffer), HEAD + 16 * n);
  return out;
}

/** A block read back: views into the reader's buffer, valid until its next read. */
export interface CountBlock {
  n: number;
  counts: Float64Array;
  firsts: Float64Array;
  lengths: Uint32Array;
  keys: Buffer;
}

/**
 * The entries of a block whose payload starts at `buffer`'s offset 0 (8-aligned, as a
 * `RunReader`'s is).
 *
 * @example
 * ```ts
 * const { n, counts, keys } = decodeCounts(reader.nextRaw()!.buffer);
 * ```
 */
export function decodeCounts(buffer: Buffer): CountBlock {
  const n = buffer.readUInt32LE(0);
  const keyBytes = buffer.readUInt32LE(4);
  const ab = buffer.buffer;
  const at = buffer.byteOffset;
  return {
    n,
    counts: new Float64Array(ab, at + HEAD, n),
    firsts: new Float64Array(ab, at + HEAD + 8 * n, n),
    lengths: new Uint32Array(ab, at + HEAD + 16 * n, n),
    keys: Buffer.from(ab, at + HEAD + 20 * n, keyBytes),
  };
}
