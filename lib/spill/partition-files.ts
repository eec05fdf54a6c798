/**
 * Hash partitions on disk: one file per partition, to which each spill appends a block, so
 * that a partition's records of every spill read back in order with a `RunReader`. Files
 * stay open between spills (a small budget spills often) until `close()`.
 */
import { closeSync, openSync } from 'node:fs';
import { writeAll, type Run } from './run-file.js';
import type { SpillDir } from './spill-dir.js';
import type { SpillStats } from './spill-stats.js';

interface Partition {
  path: string;
  fd: number | undefined;
  items: number;
  bytes: number;
  maxBlock: number;
}

/**
 * `count` partition files in `dir`.
 *
 * @example
 * ```ts
 * const parts = new PartitionFiles(dir, 32, stats);
 * parts.append(7, payload, records);
 * const run = parts.run(7); // read it back with a RunReader
 * ```
 */
export class PartitionFiles {
  readonly count: number;
  readonly #parts: Partition[];
  readonly #stats: SpillStats;
  readonly #header = Buffer.alloc(8);

  constructor(dir: SpillDir, count: number, stats: SpillStats) {
    this.count = count;
    this.#stats = stats;
    this.#parts = Array.from({ length: count }, () => ({ path: dir.file('part'), fd: undefined, items: 0, bytes: 0, maxBlock: 0 }));
  }

  /** Appends one block of `items` records to partition `p`. */
  append(p: number, payload: Uint8Array, items: number): void {
    const part = this.#parts[p]!;
    if (part.bytes === 0) this.#stats.runsWritten++;
    this.#header.writeUInt32LE(payload.byteLength, 0);
    this.#header.writeUInt32LE(items, 4);
    part.fd ??= openSync(part.path, 'w');
    writeAll(part.fd, this.#header);
    writeAll(part.fd, payload);
    part.items += items;
    part.bytes += 8 + payload.byteLength;
    part.maxBlock = Math.max(part.maxBlock, payload.byteLength);
    this.#stats.bytesSpilled += 8 + payload.byteLength;
  }

  /** Partition `p` as a run to read (undefined when nothing was written to it); no more appends. */
  run(p: number): Run | undefined {
    const part = this.#parts[p]!;
    this.#closePart(part);
    return part.bytes === 0 ? undefined : { path: part.path, kind: 'raw', items: part.items, bytes: part.bytes, maxBlock: part.maxBlock };
  }

  #closePart(part: Partition): void {
    if (part.fd === undefined) return;
    const fd = part.fd;
    part.fd = undefined;
    closeSync(fd);
  }

  /** Closes every file (they stay on disk until the folder is removed). */
  close(): void {
    for (const part of this.#parts) this.#closePart(part);
  }
}
