/**
 * Writers: sinks that write each item as a line of a file (NDJSON, CSV, TSV), with
 * backpressure (they wait for `drain`), resolving to what they wrote once the file is
 * closed. On an error or abort the file is closed too.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { codes } from '../lib/core/errors.js';
import { asyncSink } from '../lib/core/sink.js';
import { throwIfAborted } from '../lib/core/sink.js';
import type { Sink } from '../lib/core/types.js';
import { checkOptionNames, type OptionNames, received, validateOneOf } from '../lib/core/validate.js';

/**
 * Where a writer writes: a path, `'-'` for stdout, or any Writable (left open).
 *
 * @example
 * ```ts
 * await pipe(records, sinks.writeNdjson('out.ndjson')); // a path
 * await pipe(records, sinks.writeNdjson(process.stdout)); // or a stream
 * ```
 */
export type Destination = string | NodeJS.WritableStream;

/**
 * What a writer resolves to.
 *
 * @example
 * ```ts
 * const { records, bytes }: WriteResult = await pipe(rows, sinks.writeTsv('out.tsv'));
 * ```
 */
export interface WriteResult {
  records: number;
  bytes: number;
}

/** Writes `format(item)` for each item to `dest`. */
function lineWriter<T>(
  name: string,
  dest: Destination,
  format: (item: T, index: number) => string,
  header?: (first: T) => string | undefined,
): Sink<T, WriteResult> {
  if (typeof dest !== 'string' && (typeof dest !== 'object' || dest === null || typeof dest.write !== 'function')) {
    const err = new TypeError(`The "destination" argument must be a path, '-' or a Writable. ${received(dest)}`);
    throw Object.assign(err, { code: codes.INVALID_ARG_TYPE });
  }
  return asyncSink<T, WriteResult>(`${name}(${typeof dest === 'string' ? dest : 'stream'})`, async (source, signal) => {
    const owned = typeof dest === 'string' && dest !== '-';
    const out = (owned ? createWriteStream(dest as string) : dest === '-' ? process.stdout : dest) as Writable;
    let records = 0;
    let bytes = 0;
    // Our own listener, removed by reference at the end: a caller's Writable keeps its own.
    let onError!: (err: Error) => void;
    const failed = new Promise<never>((_, reject) => {
      onError = reject;
    });
    failed.catch(() => {});
    out.on('error', onError);
    const write = async (text: string): Promise<void> => {
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
    };
    try {
      for await (const item of source) {
        throwIfAborted(signal);
        if (records === 0 && header !== undefined) {
          const h = header(item);
          if (h !== undefined) await write(h);
        }
        await write(format(item, records));
        records++;
      }
      if (owned) {
        out.end();
        await Promise.race([once(out, 'close'), failed]);
      }
    } catch (err) {
      if (owned) {
        // Wait for the fd to be released: the pipe must not settle with the file still open.
        out.destroy();
        if (!out.closed) await once(out, 'close').catch(() => {});
      }
      throw err;
    } finally {
      out.removeListener('error', onError);
    }
    return { records, bytes };
  });
}

/**
 * Writes each item as one line of JSON (NDJSON).
 *
 * @example
 * ```ts
 * await pipe(records, transforms.filter(isGood), sinks.writeNdjson('good.ndjson')); // { records, bytes }
 * ```
 */
export function writeNdjson<T>(dest: Destination): Sink<T, WriteResult> {
  return lineWriter<T>('writeNdjson', dest, (item) => `${JSON.stringify(item)}\n`);
}

/**
 * Options of {@link writeCsv}.
 *
 * @example
 * ```ts
 * await pipe([{ a: 1, b: 2 }], sinks.writeCsv('out.csv', { header: true, delimiter: ';' }));
 * ```
 */
export interface CsvWriteOptions {
  /** Field delimiter. Default `,` (`\t` for {@link writeTsv}). */
  delimiter?: string;
  /** A header row: column names, or `true` to use the keys of the first object row. */
  header?: readonly string[] | boolean;
}

function quote(value: unknown, delimiter: string): string {
  const s = value === null || value === undefined ? '' : typeof value === 'number' ? String(value) : String(value);
  // RFC 4180: quote a field that holds the delimiter, a quote or a line break.
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

const CSV_WRITE_OPTIONS: OptionNames<CsvWriteOptions> = { delimiter: true, header: true };

/**
 * Writes rows (arrays, typed arrays or objects) as CSV lines, quoting fields as RFC 4180
 * asks.
 *
 * @example
 * ```ts
 * await pipe(projected, sinks.writeCsv('projected.csv', { header: ['pc1', 'pc2'] }));
 * ```
 */
export function writeCsv<T extends ArrayLike<unknown> | Record<string, unknown>>(dest: Destination, options?: CsvWriteOptions): Sink<T, WriteResult> {
  const opts = { ...checkOptionNames(options, CSV_WRITE_OPTIONS, 'sinks.writeCsv()') };
  const delimiter = opts.delimiter ?? ',';
  validateOneOf(delimiter, 'delimiter', [',', '\t', ';', '|', ' '] as const);
  let columns: readonly string[] | undefined = Array.isArray(opts.header) ? opts.header : undefined;
  const line = (fields: ArrayLike<unknown>): string => `${Array.from(fields, (f) => quote(f, delimiter)).join(delimiter)}\n`;
  const header = opts.header
    ? (first: T): string | undefined => {
        if (columns === undefined && !isRow(first)) columns = Object.keys(first);
        return columns === undefined ? undefined : line(columns);
      }
    : undefined;
  return lineWriter<T>(
    delimiter === '\t' ? 'writeTsv' : 'writeCsv',
    dest,
    (row) => {
      if (isRow(row)) return line(row);
      const keys = columns ?? Object.keys(row);
      return line(keys.map((k) => (row as Record<string, unknown>)[k]));
    },
    header,
  );
}

const isRow = (x: unknown): x is ArrayLike<unknown> => Array.isArray(x) || ArrayBuffer.isView(x);

/**
 * Writes rows as tab-separated lines.
 *
 * @example
 * ```ts
 * await pipe(counts, sinks.writeTsv('-')); // to stdout
 * ```
 */
export function writeTsv<T extends ArrayLike<unknown> | Record<string, unknown>>(
  dest: Destination,
  options?: Omit<CsvWriteOptions, 'delimiter'>,
): Sink<T, WriteResult> {
  const { delimiter: _, ...known } = CSV_WRITE_OPTIONS;
  return writeCsv<T>(dest, { ...checkOptionNames(options, known, 'sinks.writeTsv()'), delimiter: '\t' });
}
