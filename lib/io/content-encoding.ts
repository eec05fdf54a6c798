/**
 * HTTP bodies in the encodings HTTP allows (`Content-Encoding: gzip, deflate, br`), decoded
 * before anything reads them. An encoded body read as it is would be counted as data (a
 * deflate stream has no gzip magic to sniff); an encoding that cannot be decoded is an
 * error naming the input, never bytes passed on.
 */
import { Readable, pipeline } from 'node:stream';
import { InputError, describe } from '../core/errors.js';

/** The encodings decoded, as they are named in a Content-Encoding header. */
export const DECODED_ENCODINGS = ['gzip', 'x-gzip', 'deflate', 'br'] as const;

/** What a request says it accepts. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * The codings of a Content-Encoding header, in the order they were applied, lower-cased,
 * without `identity`.
 *
 * @example
 * ```ts
 * contentEncodings('gzip, BR'); // ['gzip', 'br']
 * contentEncodings(undefined);  // []
 * ```
 */
export function contentEncodings(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/**
 * Throws an InputError when `encodings` has one that is not decoded.
 *
 * @example
 * ```ts
 * checkEncodings('https://example.org/x', ['zstd']); // throws: ... Content-Encoding 'zstd' cannot be decoded (only gzip, deflate and br)
 * ```
 */
export function checkEncodings(name: string, encodings: readonly string[]): void {
  for (const e of encodings) {
    if (!(DECODED_ENCODINGS as readonly string[]).includes(e)) {
      throw new InputError(name, `Content-Encoding '${e.slice(0, 40)}' cannot be decoded (only gzip, deflate and br)`);
    }
  }
}

/**
 * The decoded body: each coding undone, the last applied first. Errors (a corrupt or cut
 * body) come out of the returned stream as InputErrors naming the input and the coding;
 * destroying the returned stream destroys `body` too.
 *
 * @example
 * ```ts
 * const { response } = await openHttp(name, url);
 * for await (const chunk of decodeBody(name, response, contentEncodings(response.headers['content-encoding']))) use(chunk);
 * ```
 */
export async function decodeBody(
  name: string,
  body: Readable,
  encodings: readonly string[],
  chunkSize: number,
  onBytes?: (n: number) => void,
): Promise<Readable> {
  const zlib = await import('node:zlib');
  // The encoded bytes are what progress counts (a Content-Length is of them).
  let stream: Readable = onBytes === undefined ? body : Readable.from(counted(body, onBytes), { objectMode: false });
  for (const encoding of [...encodings].reverse()) {
    const make =
      encoding === 'br'
        ? () => zlib.createBrotliDecompress({ chunkSize })
        : encoding === 'deflate'
          ? (first: Buffer) => (isZlib(first) ? zlib.createInflate({ chunkSize }) : zlib.createInflateRaw({ chunkSize }))
          : () => zlib.createGunzip({ chunkSize });
    stream = decoded(name, encoding, stream, make);
  }
  return stream;
}

async function* counted(body: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * `deflate` is zlib-wrapped data by the standard (RFC 9110) and raw deflate from some
 * servers: a zlib header is a compression method of 8 and a check that makes its first two
 * bytes a multiple of 31.
 */
function isZlib(head: Buffer): boolean {
  return head.length >= 2 && (head[0]! & 0x0f) === 8 && ((head[0]! << 8) | head[1]!) % 31 === 0;
}

/** `source` through the decoder that `make` returns for its first chunk. */
function decoded(name: string, encoding: string, source: Readable, make: (first: Buffer) => NodeJS.ReadWriteStream): Readable {
  const fail = (err: unknown): Error =>
    err instanceof InputError || (err as Error)?.name === 'AbortError'
      ? (err as Error)
      : new InputError(name, `corrupt or cut ${encoding} body (Content-Encoding: ${encoding}): ${describe(err)}`, { cause: err });
  const out = Readable.from(
    (async function* () {
      const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      let first: IteratorResult<Buffer>;
      try {
        first = await it.next();
      } catch (err) {
        throw fail(err);
      }
      if (first.done) return; // an empty body decodes to nothing
      const decoder = make(first.value);
      const feed = Readable.from(
        (async function* () {
          yield first.value;
          for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
        })(),
        { objectMode: false },
      );
      pipeline(feed, decoder, () => {
        // Errors surface through the decoder's iterator.
      });
      try {
        for await (const chunk of decoder as AsyncIterable<Buffer>) yield chunk;
      } catch (err) {
        throw fail(err);
      } finally {
        (decoder as unknown as Readable).destroy();
      }
    })(),
    { objectMode: false },
  );
  out.once('close', () => source.destroy());
  return out;
}
