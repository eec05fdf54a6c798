/**
 * Opens one concrete input as an async iterable of byte chunks, gunzipped when its first
 * bytes are the gzip magic (whatever its name: stdin and HTTP bodies too), counting the raw
 * (compressed) bytes read for progress. Every failure becomes an {@link InputError} naming
 * the input, and `close()` releases the file or socket at once, even mid-read. What the
 * caller passed in (stdin, a Readable, a Web ReadableStream) is only let go, never destroyed.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import type { Gunzip } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { BorrowedReadable, BorrowedWebStream } from './borrowed-input.js';
import { toInputError } from './input-error.js';
import type { ResolvedInput } from './inputs.js';
import { decodeBody } from './content-encoding.js';
import { openHttp } from './open-http.js';
import { fileRangeOf } from './file-range.js';
import { ReusedBufferReader } from './reused-buffer-reader.js';

/** Options shared by every input opener. */
export interface OpenOptions {
  /** Bytes per file read (and per gunzip output chunk). Default 512 KiB. */
  chunkSize?: number | undefined;
  /** HTTP: milliseconds without data before failing. Default 30000. */
  timeout?: number | undefined;
  /** HTTP: redirects followed. Default 10. */
  maxRedirects?: number | undefined;
  /** HTTPS: certificate authorities to trust instead of the usual ones (PEM). */
  ca?: string | Buffer | (string | Buffer)[] | undefined;
  /** What `'-'` reads. Default `process.stdin`; the command line passes its own. */
  stdin?: Readable | undefined;
  /** Aborts opening and reading. */
  signal?: AbortSignal | undefined;
  /**
   * Files: read every chunk into the same buffer, so that reading allocates nothing per
   * chunk. Only for a consumer that is done with a chunk before it asks for the next one
   * (and keeps no view of it), e.g. the k-mer scanner. Default false. Read chunks otherwise
   * pile up until a garbage collection, which a scan that allocates little on the JS heap
   * rarely triggers: ~5 MB of the `assemble` benchmark's peak RSS.
   */
  reuseBuffer?: boolean | undefined;
  /**
   * Files with `reuseBuffer`: two buffers, the next chunk read into one while the consumer
   * works on the other, so that reading overlaps the work (a view is still valid until the
   * next chunk is asked for). Costs one more chunk of memory. Default false.
   */
  readAhead?: boolean | undefined;
}

/** One open input. */
export interface OpenedInput {
  readonly name: string;
  /** Raw (compressed) size when known: a file's size or an HTTP Content-Length. */
  readonly totalBytes: number | undefined;
  /** True when the content was gzip and is being decompressed. */
  readonly gzip: boolean;
  /** Raw bytes read so far. */
  readonly bytesRead: number;
  /** The (decompressed) content. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Destroys everything opened; safe to call twice. */
  close(): void;
}

/** Bytes per read when `chunkSize` is not given: large reads are what make files fast. */
export const DEFAULT_CHUNK_SIZE = 512 * 1024;

/**
 * Opens `input`.
 *
 * @example
 * ```ts
 * const opened = await openInput({ kind: 'file', name: 'x.fa.gz', path: 'x.fa.gz' });
 * try { for await (const chunk of opened.chunks) handle(chunk); } finally { opened.close(); }
 * ```
 */
export async function openInput(input: ResolvedInput, options: OpenOptions = {}): Promise<OpenedInput> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let raw: Readable;
  let totalBytes: number | undefined;
  let iterator: AsyncIterator<unknown>;
  let release: () => void;
  let counter: { bytes: number } | undefined;
  try {
    switch (input.kind) {
      case 'file': {
        const info = await stat(input.path);
        if (info.isDirectory()) throw new InputError(input.name, 'is a directory, not a file');
        totalBytes = info.isFile() ? info.size : undefined;
        if (options.reuseBuffer === true && info.isFile()) {
          const size = Math.min(chunkSize, Math.max(totalBytes ?? chunkSize, 1));
          // A file that fits one chunk gains nothing from a second buffer.
          const buffers = options.readAhead === true && (totalBytes ?? 0) > size ? 2 : 1;
          const reader = new ReusedBufferReader(await open(input.path, 'r'), size, buffers, options.signal);
          return new Opened(input.name, () => reader.close(), reader, totalBytes, chunkSize, true);
        }
        raw = createReadStream(input.path, { highWaterMark: chunkSize, signal: options.signal });
        iterator = raw[Symbol.asyncIterator]();
        release = destroyer(raw);
        break;
      }
      case 'url': {
        const body = await openHttp(input.name, input.url, options);
        totalBytes = body.totalBytes;
        if (body.encodings.length === 0) raw = body.response;
        else {
          const c = (counter = { bytes: 0 });
          raw = await decodeBody(input.name, body.response, body.encodings, chunkSize, (n) => void (c.bytes += n));
        }
        iterator = raw[Symbol.asyncIterator]();
        release = destroyer(raw);
        break;
      }
      default: {
        const range = input.kind === 'stream' && options.reuseBuffer === true ? fileRangeOf(input.stream) : undefined;
        if (range !== undefined) {
          // A piece of a file: read its ranges into reused buffers, as a file is (the stream is left alone).
          const total = range.ranges.reduce((n, [start, end]) => n + Math.max(0, end - start), 0);
          const size = Math.min(chunkSize, Math.max(total, 1));
          const handle = range.handle ?? (await open(range.path, 'r'));
          const buffers = options.readAhead === true && total > size ? 2 : 1;
          const reader = new ReusedBufferReader(handle, size, buffers, options.signal, range.ranges, range.handle !== undefined);
          return new Opened(input.name, () => reader.close(), reader, total, chunkSize, true);
        }
        // stdin, a Readable or a Web stream: the caller's, and others may still use it.
        const borrowed =
          input.kind === 'web'
            ? new BorrowedWebStream(input.stream, input.name)
            : new BorrowedReadable(input.kind === 'stream' ? input.stream : (options.stdin ?? process.stdin));
        iterator = borrowed;
        release = () => borrowed.release();
      }
    }
  } catch (err) {
    throw toInputError(err, input.name);
  }
  return new Opened(input.name, release, iterator, totalBytes, chunkSize, false, counter);
}

class Opened implements OpenedInput {
  readonly name: string;
  readonly totalBytes: number | undefined;
  gzip = false;
  #bytesRead = 0;
  /** Raw bytes counted where they are read, for a body decoded on its way here. */
  readonly #counter: { bytes: number } | undefined;
  readonly #release: () => void;
  readonly #rawIterator: AsyncIterator<unknown>;
  readonly #chunkSize: number;
  /** Raw chunks are views of one reused buffer: copy what outlives the next read. */
  readonly #reused: boolean;
  #gunzip: Gunzip | undefined;

  constructor(
    name: string,
    release: () => void,
    iterator: AsyncIterator<unknown>,
    totalBytes: number | undefined,
    chunkSize: number,
    reused: boolean,
    counter?: { bytes: number },
  ) {
    this.name = name;
    this.#counter = counter;
    this.#release = release;
    this.#rawIterator = iterator;
    this.totalBytes = totalBytes;
    this.#chunkSize = chunkSize;
    this.#reused = reused;
  }

  get bytesRead(): number {
    return this.#counter?.bytes ?? this.#bytesRead;
  }

  get chunks(): AsyncIterable<Buffer> {
    return { [Symbol.asyncIterator]: () => this.#content() };
  }

  close(): void {
    this.#gunzip?.destroy();
    this.#release();
  }

  /** Raw chunks as Buffers, counted. */
  async *#rawChunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const r = await this.#rawIterator.next();
      if (r.done) return;
      const chunk = toBuffer(r.value, this.name);
      this.#bytesRead += chunk.length;
      yield chunk;
    }
  }

  async *#content(): AsyncGenerator<Buffer> {
    const raw = this.#rawChunks();
    try {
      // Sniff: gather at least 2 bytes (a stream may deliver 1 byte first).
      const head: Buffer[] = [];
      let headLength = 0;
      while (headLength < 2) {
        const r = await raw.next();
        if (r.done) break;
        head.push(this.#reused && r.value.length < 2 ? Buffer.from(r.value) : r.value);
        headLength += r.value.length;
      }
      const first = head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head);
      if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
        this.gzip = true;
        // node:zlib is loaded only when an input is gzip.
        const { createGunzip } = await import('node:zlib');
        // gunzip holds on to its input: views of a reused buffer are copied.
        const copied = this.#reused ? copies(raw) : raw;
        yield* this.#gunzipped(createGunzip, this.#reused ? Buffer.from(first) : first, copied);
      } else {
        if (first.length > 0) yield first;
        yield* raw;
      }
    } catch (err) {
      throw toInputError(err, this.name);
    } finally {
      this.close();
    }
  }

  #gunzipped(createGunzip: typeof import('node:zlib').createGunzip, first: Buffer, rest: AsyncGenerator<Buffer>): AsyncIterable<Buffer> {
    // Node's gunzip reads every member of a multi-member file (bgzip), not just the first.
    const gunzip = createGunzip({ chunkSize: this.#chunkSize });
    this.#gunzip = gunzip;
    const feed = Readable.from(
      (async function* () {
        yield first;
        yield* rest;
      })(),
      { objectMode: false },
    );
    pipeline(feed, gunzip, () => {
      // Errors surface through the gunzip iterator; nothing to do here.
    });
    return gunzip;
  }
}

const destroyer = (stream: Readable) => (): void => void stream.destroy();

/** A chunk as a Buffer: bytes without a copy (a fetch body gives Uint8Arrays), text as UTF-8. */
function toBuffer(value: unknown, name: string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value);
  const kind = value === null ? 'null' : typeof value === 'object' ? `an instance of ${value.constructor?.name ?? 'Object'}` : typeof value;
  throw new InputError(name, `a stream of bytes or text was expected, but a chunk is ${kind}`);
}

async function* copies(chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk);
}
