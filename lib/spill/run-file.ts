/**
 * Sorted runs (and partition files) on disk: a sequence of blocks, each an 8-byte header
 * (payload bytes, item count) and a payload. Three payload kinds: `f64`, doubles as raw
 * little-endian bytes; `raw`, bytes the caller laid out (lines and their keys, see
 * `line-blocks.ts`); and `json`, the UTF-8 text of a JSON array of items (one
 * `JSON.stringify` and one `JSON.parse` per block rather than per item: measured faster than
 * length-prefixed UTF-8 strings, and exact for lone surrogates, which UTF-8 cannot carry).
 * Reads and writes are synchronous: a block is small, the files are fresh in the page
 * cache, and the callers (reducers, iterators) are synchronous.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { SpillStats } from './spill-stats.js';

/** How a run's payloads are encoded. */
export type RunKind = 'f64' | 'json' | 'raw';

/** A finished run: where it is and what it holds. */
export interface Run {
  readonly path: string;
  /** Where the run starts in its file: runs of one spill share a file (see {@link SharedFile}). */
  readonly offset?: number | undefined;
  /** The shared file the run is in, if it shares one. */
  readonly file?: SharedFile | undefined;
  readonly kind: RunKind;
  /** Items in the run. */
  readonly items: number;
  /** Bytes in the file. */
  readonly bytes: number;
  /** The largest block payload, in bytes: what a reader allocates. */
  readonly maxBlock: number;
}

const HEADER = 8;
const STAGING = 256 * 1024;
/** Staging buffers of closed writers, for the next ones: runs are many and short-lived. */
const pool: Buffer[] = [];

/**
 * A file that holds several runs, one after another (the runs of one spill), so that a sort
 * of many small runs opens, creates and deletes a few files rather than one per run: one
 * descriptor serves the writer and every reader, and the file goes once every run in it has
 * been read (or on `close()`).
 *
 * @example
 * ```ts
 * const file = new SharedFile(dir.file('spill'));
 * const a = new RunWriter(file.path, 'raw', stats, file); a.writeRaw(bytes, 1); const run = a.close();
 * ```
 */
export class SharedFile {
  readonly path: string;
  /** Bytes written so far: where the next run starts. */
  size = 0;
  #fd: number | undefined;
  #users = 0;
  #runs = 0;
  #gone = false;

  constructor(path: string) {
    this.path = path;
  }

  /** The descriptor, for a writer or a reader; `release()` when done with it. */
  acquire(): number {
    if (this.#gone) throw new Error(`spill file ${this.path} was removed`);
    this.#users++;
    this.#fd ??= openSync(this.path, 'w+');
    return this.#fd;
  }

  release(): void {
    this.#users--;
    this.#maybeGo();
  }

  /** A run was written in it. */
  addRun(): void {
    this.#runs++;
  }

  /** A run in it was read to its end: the file goes with its last run. */
  runDone(): void {
    this.#runs--;
    this.#maybeGo();
  }

  #maybeGo(): void {
    if (this.#users > 0 || this.#runs > 0) return;
    this.close();
    rmSync(this.path, { force: true });
  }

  /** Closes the descriptor (the folder's removal deletes the file). */
  close(): void {
    this.#gone = true;
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    closeSync(fd);
  }
}

/**
 * Deletes a run that has been read: its file, or its share of a shared file.
 *
 * @example
 * ```ts
 * reader.close(); discardRun(reader.run);
 * ```
 */
export function discardRun(run: Run): void {
  if (run.file !== undefined) run.file.runDone();
  else rmSync(run.path, { force: true });
}

/**
 * Writes one run, block by block.
 *
 * @example
 * ```ts
 * const w = new RunWriter(dir.file('run'), 'json', stats);
 * w.writeValues([{ id: 1 }, { id: 2 }]);
 * const run = w.close();
 * ```
 */
export class RunWriter {
  readonly #path: string;
  readonly #kind: RunKind;
  readonly #stats: SpillStats | undefined;
  /** Blocks are gathered here and written 256 KB at a time: fewer system calls for small blocks. */
  readonly #staging = pool.pop() ?? Buffer.allocUnsafeSlow(STAGING);
  #staged = 0;
  #fd: number | undefined;
  readonly #file: SharedFile | undefined;
  readonly #offset: number;
  #items = 0;
  #bytes = 0;
  #maxBlock = 0;

  /** A run in its own file at `path`, or, with `file`, appended to that shared file. */
  constructor(path: string, kind: RunKind, stats?: SpillStats, file?: SharedFile) {
    this.#path = path;
    this.#kind = kind;
    this.#stats = stats;
    this.#file = file;
    this.#offset = file?.size ?? 0;
    this.#fd = file === undefined ? openSync(path, 'w') : file.acquire();
  }

  get items(): number {
    return this.#items;
  }

  /** Writes `values[start, end)` as one block (a `f64` run). */
  writeNumbers(values: Float64Array, start: number, end: number): void {
    if (end <= start) return;
    this.#block(new Uint8Array(values.buffer, values.byteOffset + start * 8, (end - start) * 8), end - start);
  }

  /** Writes `payload` as one block of `count` items (a `raw` run). */
  writeRaw(payload: Uint8Array, count: number): void {
    if (count > 0) this.#block(payload, count);
  }

  /** Writes `items` as one block (a `json` run). The items must be JSON-able (see `json-size.ts`). */
  writeValues(items: readonly unknown[]): void {
    if (items.length === 0) return;
    this.#block(Buffer.from(JSON.stringify(items)), items.length);
  }

  #block(payload: Uint8Array, count: number): void {
    const fd = this.#fd;
    if (fd === undefined) throw new Error('RunWriter is closed');
    const staging = this.#staging;
    if (this.#staged + HEADER + payload.byteLength > STAGING) this.#flush();
    staging.writeUInt32LE(payload.byteLength, this.#staged);
    staging.writeUInt32LE(count, this.#staged + 4);
    this.#staged += HEADER;
    if (payload.byteLength > STAGING - this.#staged) {
      this.#flush();
      writeAll(fd, payload);
    } else {
      staging.set(payload, this.#staged);
      this.#staged += payload.byteLength;
    }
    const n = HEADER + payload.byteLength;
    this.#bytes += n;
    this.#items += count;
    if (payload.byteLength > this.#maxBlock) this.#maxBlock = payload.byteLength;
    if (this.#stats !== undefined) this.#stats.bytesSpilled += n;
  }

  #flush(): void {
    if (this.#staged === 0) return;
    writeAll(this.#fd!, this.#staging.subarray(0, this.#staged));
    this.#staged = 0;
  }

  /** Closes the file and describes the run. */
  close(): Run {
    this.#flush();
    const file = this.#file;
    if (file !== undefined) {
      file.size += this.#bytes;
      file.addRun();
    }
    this.abort();
    if (this.#stats !== undefined) this.#stats.runsWritten++;
    return { path: this.#path, offset: this.#offset, file, kind: this.#kind, items: this.#items, bytes: this.#bytes, maxBlock: this.#maxBlock };
  }

  /** Closes the file without describing it (the folder's removal deletes it). */
  abort(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    this.#staged = 0;
    if (pool.length < 4) pool.push(this.#staging);
    if (this.#file !== undefined) this.#file.release();
    else closeSync(fd);
  }
}

/** Writes all of `bytes` at the file's position. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
}

function readFully(fd: number, into: Uint8Array, length: number, position: number, path: string): void {
  let off = 0;
  while (off < length) {
    const n = readSync(fd, into, off, length - off, position + off);
    if (n === 0) throw new Error(`spill file ${path} ended early (at byte ${position + off}): was it removed or truncated?`);
    off += n;
  }
}

/**
 * Reads a run back, one block at a time; a block's view is valid until the next call. The
 * file is opened on the first read and closed at its end (or by `close()`).
 *
 * @example
 * ```ts
 * const r = new RunReader(run);
 * for (let block = r.nextValues(); block !== undefined; block = r.nextValues()) use(block);
 * ```
 */
export class RunReader {
  readonly run: Run;
  readonly #header = Buffer.alloc(HEADER);
  #buffer: Buffer | undefined;
  #fd: number | undefined;
  #position = 0;
  #done = false;

  constructor(run: Run) {
    this.run = run;
  }

  /** The next block of a `f64` run, or undefined at its end. */
  nextNumbers(): Float64Array | undefined {
    const n = this.#next();
    if (n === undefined) return undefined;
    return new Float64Array(this.#buffer!.buffer, this.#buffer!.byteOffset, n.count);
  }

  /** The next block of a `raw` run (its payload at offset 0 of `buffer`), or undefined at its end. */
  nextRaw(): { buffer: Buffer; bytes: number; count: number } | undefined {
    const n = this.#next();
    return n === undefined ? undefined : { buffer: this.#buffer!, bytes: n.bytes, count: n.count };
  }

  /** The next block of a `json` run, or undefined at its end. */
  nextValues(): unknown[] | undefined {
    const n = this.#next();
    if (n === undefined) return undefined;
    const items = JSON.parse(this.#buffer!.toString('utf8', 0, n.bytes)) as unknown[];
    if (!Array.isArray(items) || items.length !== n.count) throw new Error(`spill file ${this.run.path} is corrupt`);
    return items;
  }

  #next(): { bytes: number; count: number } | undefined {
    if (this.#done) return undefined;
    if (this.#position >= this.run.bytes) {
      this.close();
      return undefined;
    }
    if (this.#fd === undefined) {
      this.#fd = this.run.file === undefined ? openSync(this.run.path, 'r') : this.run.file.acquire();
      // allocUnsafeSlow: its own ArrayBuffer, 8-aligned for the Float64Array view.
      this.#buffer = Buffer.allocUnsafeSlow(Math.max(8, this.run.maxBlock));
    }
    const base = this.run.offset ?? 0;
    readFully(this.#fd, this.#header, HEADER, base + this.#position, this.run.path);
    const bytes = this.#header.readUInt32LE(0);
    const count = this.#header.readUInt32LE(4);
    if (bytes > this.run.maxBlock || this.#position + HEADER + bytes > this.run.bytes) throw new Error(`spill file ${this.run.path} is corrupt`);
    readFully(this.#fd, this.#buffer!, bytes, base + this.#position + HEADER, this.run.path);
    this.#position += HEADER + bytes;
    return { bytes, count };
  }

  /** Closes the file; further reads give undefined. */
  close(): void {
    this.#done = true;
    this.#buffer = undefined;
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    if (this.run.file !== undefined) this.run.file.release();
    else closeSync(fd);
  }
}
