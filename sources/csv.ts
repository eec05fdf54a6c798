/**
 * `csv(input, options)`: CSV rows. By default csv-parse does the parsing, its options
 * passed through (`columns: true` gives objects keyed by the header, `cast`, `delimiter`,
 * `relax_quotes`...), so every quoting case it handles is handled. With `numeric: true`
 * the numeric CSV scanner ({@link NumericCsvParser}) yields `Float64Array` rows (or
 * matrices with `numeric: 'matrix'`), the header detected; with typed `columns` only those
 * columns are read (`lib/records/`, docs/records.md). Both read numbers straight from the
 * bytes, many times faster than csv-parse with casting (`benchmarks/sources-csv.ts`,
 * `benchmarks/records.ts`).
 */
import { type CsvError, type Options as CsvParseOptions, Parser } from 'csv-parse';
import { RecordError, codes, describe } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions } from '../lib/io/source-options.js';
import { checkOptionNames, validateOneOf, validateString } from '../lib/core/validate.js';
import { type ColumnTypes, compileColumns, isColumnTypes, type TypedRow, typedCsvOptions } from '../lib/records/csv-columns.js';
import { CsvColumnsParser } from '../lib/records/csv-columns-parser.js';
import { type BadRecordHandler, clipRecordText } from './bad-record.js';
import { maxLineLengthOption } from '../lib/util/line-limit.js';
import { CSV_OWN_OPTIONS, CSV_PARSE_OPTIONS } from './csv-option-names.js';
import { NumericCsvParser, type NumericMatrix } from './numeric-csv-parser.js';
import { RecordSource, type RecordSourceOptions } from './record-source.js';

/** Options of {@link csv}: the source options, csv-parse's options, and the numeric mode. */
export interface CsvOptions extends RecordSourceOptions, Omit<CsvParseOptions, 'encoding' | 'columns'> {
  /**
   * csv-parse's `columns` (true: objects keyed by the header), or typed columns: a type per
   * header name (`{ status: 'int', path: 'string', ms: 'float' }`) or per 0-based index
   * (`{ 0: 'int', 3: 'float' }`); only those fields are read, numbers straight from their
   * bytes. See docs/records.md.
   */
  columns?: CsvParseOptions['columns'] | ColumnTypes | undefined;
  /** csv-parse's encoding of the input. Default `'utf8'`. */
  encoding?: BufferEncoding | undefined;
  /**
   * Parse numbers with our numeric parser: `true` or `'rows'` yields a `Float64Array` per
   * row (a view into a block shared by ~4096 rows); `'matrix'` yields one
   * {@link NumericMatrix} per chunk read, the fastest. Default false (csv-parse).
   */
  numeric?: boolean | 'rows' | 'matrix' | undefined;
  /**
   * Numeric mode: is the first row a header? Default `'auto'` (when it is not all numbers).
   * Typed columns by index: skip the first record as a header? Default false.
   */
  header?: 'auto' | boolean | undefined;
}

/** The keys that are ours, not csv-parse's. */
const OWN_KEYS = Object.keys(CSV_OWN_OPTIONS).filter((key) => key !== 'encoding');
/** csv-parse's own skipping, which `onError` replaces. */
const SKIP_KEYS = ['skip_records_with_error', 'skipRecordsWithError', 'on_skip', 'onSkip'];

/** Read options for the parsers that copy what they keep of a chunk: files (and file pieces) into two reused buffers. */
const reused = (opts: CsvOptions): CsvOptions => ({ ...opts, reuseBuffer: true, readAhead: true });

/** The csv-parse engine behind one input, driven directly (no stream in between). */
interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
  info: { lines: number };
}

/**
 * Parses one input with csv-parse; its errors become RecordErrors naming input and line.
 *
 * @example
 * ```ts
 * const p = new CsvParser('x.csv', 'csv(x.csv)', { columns: true }), out: unknown[] = [];
 * p.write(Buffer.from('a,b\n1,"x,y"\n'), out); p.end(out); // out: [{ a: '1', b: 'x,y' }]
 * ```
 */
export class CsvParser<T = unknown> implements ChunkParser<T> {
  readonly #api: CsvApi;
  readonly #input: string;
  readonly #stage: string;
  #out: T[] = [];
  #closed = false;
  #push = (record: unknown): void => {
    this.#out.push(record as T);
  };
  readonly #close = (): void => {
    this.#closed = true;
  };

  /**
   * With `onBad`, csv-parse skips the records it finds bad (a wrong field count, a stray
   * quote) and each is reported with its line and, unless `info`, `objname` or `on_record`
   * is set, its raw text.
   */
  constructor(input: string, stage: string, options: CsvParseOptions, onBad?: BadRecordHandler) {
    this.#input = input;
    this.#stage = stage;
    if (onBad !== undefined) options = this.#skipping(options, onBad);
    // The Parser Transform wraps this engine; calling it directly keeps the work synchronous
    // per chunk and skips a stream boundary per record.
    this.#api = (new Parser(options) as unknown as { api: CsvApi }).api;
  }

  /** csv-parse's own skipping, its skips reported; `raw` turned on for the text, and taken off the records. */
  #skipping(options: CsvParseOptions, onBad: BadRecordHandler): CsvParseOptions {
    const own = options as Record<string, unknown>;
    const addRaw = !own.raw && !own.info && own.objname === undefined && own.on_record === undefined && own.onRecord === undefined;
    if (addRaw) {
      const push = this.#push;
      this.#push = (record) => push((record as { record: unknown }).record);
    }
    const on_skip = (err: CsvError | undefined, raw: string | undefined): undefined => {
      const bad = this.#error(err as CsvError);
      onBad(bad, clipRecordText((raw ?? '').replace(/\r?\n$/, '')), bad.line);
      return undefined;
    };
    return { ...options, skip_records_with_error: true, on_skip, ...(addRaw ? { raw: true } : {}) };
  }

  /** True once csv-parse's `to` or `to_line` is reached: the rest of the input is skipped. */
  get done(): boolean {
    return this.#closed;
  }

  write(chunk: Buffer, out: T[]): void {
    if (this.#closed) return; // `to` / `to_line` reached
    this.#out = out;
    this.#check(this.#api.parse(chunk, false, this.#push, this.#close));
  }

  end(out: T[]): void {
    if (this.#closed) return;
    this.#out = out;
    this.#check(this.#api.parse(undefined, true, this.#push, this.#close));
  }

  #check(err: Error | undefined): void {
    if (err !== undefined) throw this.#error(err);
  }

  #error(err: Error): RecordError {
    const lines = (err as CsvError & { lines?: unknown }).lines;
    const line = typeof lines === 'number' ? lines : this.#api.info.lines;
    return new RecordError({ input: this.#input, line, stage: this.#stage }, describe(err), { cause: err });
  }
}

/**
 * CSV rows from paths, globs, URLs, `'-'` or Readables (gzip detected by content): string
 * arrays, objects with `columns: true`, `Float64Array`s with `numeric: true`, or one
 * `NumericMatrix` per chunk with `numeric: 'matrix'`. In numeric mode the source emits
 * `'header'` (`names`, `input`) when an input has a header row.
 *
 * @example
 * ```ts
 * const people = await pipe(sources.csv('people.csv', { columns: true }), sinks.collect());
 * const slow = await pipe(sources.csv('log.csv', { columns: { path: 'string', ms: 'float' } }), transforms.filter((r) => r.ms > 100), sinks.count());
 * const model = await pipe(sources.csv('data.csv.gz', { numeric: true }), sinks.fitPCA({ nComponents: 2 }));
 * ```
 */
export function csv(input: InputSpec, options: CsvOptions & { numeric: true | 'rows' }): RecordSource<Float64Array>;
export function csv(input: InputSpec, options: CsvOptions & { numeric: 'matrix' }): RecordSource<NumericMatrix>;
export function csv<C extends ColumnTypes>(input: InputSpec, options: CsvOptions & { columns: C }): RecordSource<TypedRow<C>>;
export function csv<R = Record<string, string>>(input: InputSpec, options: CsvOptions & { columns: NonNullable<CsvParseOptions['columns']> }): RecordSource<R>;
export function csv(input: InputSpec, options?: CsvOptions): RecordSource<string[]>;
export function csv(input: InputSpec, options?: CsvOptions): RecordSource<unknown> {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(
    checkOptionNames(options, CSV_OWN_OPTIONS, 'sources.csv()', { names: CSV_PARSE_OPTIONS, label: "one of csv-parse's options" }),
  );
  if (opts.numeric !== undefined) validateOneOf(opts.numeric, 'numeric', [true, false, 'rows', 'matrix']);
  if (opts.header !== undefined) validateOneOf(opts.header, 'header', ['auto', true, false]);
  if (isColumnTypes(opts.columns)) {
    const columns = compileColumns(opts.columns);
    const parse = typedCsvOptions(opts, columns.indexes, Object.keys(CSV_OWN_OPTIONS));
    return new RecordSource(inputs, reused(opts), { kind: 'csv', parser: (name, stage) => new CsvColumnsParser(name, stage, columns, parse) });
  }
  if (opts.numeric) {
    const delimiter = opts.delimiter ?? ',';
    validateString(delimiter, 'delimiter');
    if (Buffer.byteLength(delimiter) !== 1)
      throw Object.assign(new RangeError(`The "delimiter" option must be one byte in numeric mode. Received '${delimiter}'`), { code: codes.OUT_OF_RANGE });
    const matrix = opts.numeric === 'matrix';
    return new RecordSource<Float64Array | NumericMatrix>(inputs, reused(opts), {
      kind: 'csv',
      parser: (name, stage, source, onBad) =>
        new NumericCsvParser(name, stage, {
          delimiter,
          header: opts.header,
          matrix,
          maxLineLength: opts.maxLineLength,
          onHeader: (names) => source.emit('header', names, name),
          onBad,
        }),
    });
  }
  // A record is held until it ends: csv-parse's own limit bounds it, at the line limit by default.
  const parseOptions: Record<string, unknown> = { bom: true, max_record_size: maxLineLengthOption(opts.maxLineLength), ...opts };
  for (const key of OWN_KEYS) delete parseOptions[key];
  if (opts.onError !== undefined && opts.onError !== 'fail' && SKIP_KEYS.some((key) => parseOptions[key] !== undefined)) {
    const err = new TypeError('The "onError" option replaces csv-parse\'s skip_records_with_error and on_skip: pass one or the other');
    throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
  }
  // Let csv-parse reject bad options now, not when the first file is read.
  new Parser(parseOptions as CsvParseOptions);
  // UTF-16 text has NUL bytes: only check for binary garbage in 8-bit encodings.
  const text = !/^(utf-?16|ucs-?2)/i.test(String(opts.encoding ?? 'utf8'));
  return new RecordSource<unknown>(inputs, opts, {
    kind: 'csv',
    text,
    parser: (name, stage, _s, onBad) => new CsvParser(name, stage, parseOptions as CsvParseOptions, onBad),
  });
}
