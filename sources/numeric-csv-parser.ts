/**
 * A numeric CSV parser: rows of numbers parsed straight from the bytes (no string per
 * field; see `number-row.ts`), the header detected. Rows come out either as `Float64Array`
 * rows or as one {@link NumericMatrix} per chunk. Rows are views into blocks shared by
 * about 4096 rows: allocating a small typed array of its own costs ~20× more than a view
 * (measured in benchmarks/sources-csv.ts), and would dominate the parse. Knows nothing of
 * streams.
 */
import { RecordError } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { type BadRecordHandler, clipRecordText } from './bad-record.js';
import { LineScanner } from './line-scanner.js';
import { countFields, fastRow, toNumber, unquote } from '../lib/records/number-row.js';
import { quoteData } from '../lib/util/quote-data.js';

/**
 * Options of {@link NumericCsvParser}.
 *
 * @example
 * ```ts
 * const rows = sources.csv('data.tsv', { numeric: true, delimiter: '\t', header: false });
 * ```
 */
export interface NumericCsvOptions {
  /** One-byte field delimiter. Default `','`. */
  delimiter?: string | undefined;
  /**
   * `'auto'` (default): the first non-blank row is a header when one of its fields is not
   * a number; `true`: it is always a header; `false`: there is none.
   */
  header?: 'auto' | boolean | undefined;
  /** Called with the header's names when there is one. */
  onHeader?: ((names: string[]) => void) | undefined;
  /** Give one {@link NumericMatrix} per chunk instead of one `Float64Array` per row. */
  matrix?: boolean | undefined;
  /** Report a bad row (a field that is not a number, a wrong field count) here and skip it, instead of throwing. */
  onBad?: BadRecordHandler | undefined;
  /** Longest line, in bytes. Default 64 MiB. */
  maxLineLength?: number | undefined;
}

/**
 * The rows of one chunk as a row-major matrix: row `r` is `data.subarray(r * columns, (r + 1) * columns)`.
 *
 * @example
 * ```ts
 * await pipe(sources.csv('data.csv', { numeric: 'matrix' }), transforms.map((m: NumericMatrix) => m.rows), sinks.sum());
 * ```
 */
export interface NumericMatrix {
  rows: number;
  columns: number;
  data: Float64Array;
  /** 1-based line number of the first row in its input. */
  firstLine: number;
}

const BLOCK_ROWS = 4096;

/**
 * The numeric CSV parser of one input (see the module comment): `Float64Array` rows, or a
 * {@link NumericMatrix} per chunk, with the header detected and kept in `header`.
 *
 * @example
 * ```ts
 * const p = new NumericCsvParser('x.csv', 'csv(x.csv)'), out: Float64Array[] = [];
 * p.write(Buffer.from('a,b\n1,2.5\n-3,4e2\n'), out); p.end(out);
 * // out: [Float64Array [1, 2.5], Float64Array [-3, 400]]; p.header: ['a', 'b']
 * ```
 */
export class NumericCsvParser implements ChunkParser<Float64Array | NumericMatrix> {
  /** The header's names, once read (undefined when there is none). */
  header: string[] | undefined;
  /** Fields per row, set by the first data row (-1 before). */
  columns = -1;
  readonly #scanner: LineScanner;
  readonly #input: string;
  readonly #stage: string;
  readonly #delimiter: number;
  readonly #headerMode: 'auto' | boolean;
  readonly #onHeader: ((names: string[]) => void) | undefined;
  readonly #matrix: boolean;
  readonly #onBad: BadRecordHandler | undefined;
  #out: (Float64Array | NumericMatrix)[] = [];
  #first = true;
  /** Where rows are written: a shared block (row mode) or this chunk's matrix. */
  #block = new Float64Array(0);
  #rows = 0;
  #firstLine = 0;
  #rowsPerByte = 0;
  #chunkLength = 0;

  constructor(input: string, stage: string, options: NumericCsvOptions = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#delimiter = (options.delimiter ?? ',').charCodeAt(0);
    this.#headerMode = options.header ?? 'auto';
    this.#onHeader = options.onHeader;
    this.#matrix = options.matrix ?? false;
    this.#onBad = options.onBad;
    this.#scanner = new LineScanner((buf, start, end, line) => this.#line(buf, start, end, line), { input, stage, maxLineLength: options.maxLineLength });
  }

  write(chunk: Buffer, out: (Float64Array | NumericMatrix)[]): void {
    this.#out = out;
    const before = this.#scanner.line;
    this.#chunkLength = chunk.length;
    this.#scanner.write(chunk);
    if (this.#matrix) {
      this.#flushMatrix();
      this.#rowsPerByte = Math.max(this.#rowsPerByte, (this.#scanner.line - before) / chunk.length);
    }
  }

  end(out: (Float64Array | NumericMatrix)[]): void {
    this.#out = out;
    this.#scanner.end();
    if (this.#matrix) this.#flushMatrix();
  }

  #line(buf: Buffer, start: number, end: number, line: number): void {
    if (start === end) return; // blank lines carry no row
    if (this.#first) {
      this.#first = false;
      if (this.#headerMode === true || (this.#headerMode === 'auto' && !this.#allNumbers(buf, start, end))) {
        this.header = buf.toString('utf8', start, end).split(String.fromCharCode(this.#delimiter)).map(unquote);
        this.#onHeader?.(this.header);
        return;
      }
    }
    let columns = this.columns;
    if (columns < 0) columns = this.columns = countFields(buf, start, end, this.#delimiter);
    const offset = this.#reserve(columns, line);
    // Nearly every row takes the fast path; the slow one also finds what is wrong.
    if (fastRow(buf, start, end, this.#delimiter, this.#block, offset, columns) !== columns) {
      const problem = this.#slowRow(buf, start, end, offset, columns);
      if (problem !== undefined) {
        const err = new RecordError({ input: this.#input, line, stage: this.#stage }, problem);
        if (this.#onBad === undefined) throw err;
        // The row's slot in the block is taken by the next row.
        return this.#onBad(err, clipRecordText(buf.toString('utf8', start, end)));
      }
    }
    this.#rows++;
    if (!this.#matrix) this.#out.push(new Float64Array(this.#block.buffer, offset * 8, columns));
  }

  /** Makes room for one more row; returns its offset in #block. */
  #reserve(columns: number, line: number): number {
    if (this.#matrix && this.#rows === 0) this.#firstLine = line;
    const offset = this.#rows * columns;
    if (offset + columns <= this.#block.length) return offset;
    if (!this.#matrix) {
      this.#block = new Float64Array(BLOCK_ROWS * columns);
      this.#rows = 0;
      return 0;
    }
    // A chunk's matrix: sized from the rows per byte seen so far, doubled when short.
    const guess = Math.ceil(this.#rowsPerByte * 1.1 * this.#chunkLength) + 64;
    const grown = new Float64Array(Math.max(guess, (this.#rows || 32) * 2) * columns);
    grown.set(this.#block.subarray(0, offset));
    this.#block = grown;
    return offset;
  }

  #flushMatrix(): void {
    if (this.#rows === 0) return;
    const columns = this.columns;
    this.#out.push({ rows: this.#rows, columns, data: this.#block.subarray(0, this.#rows * columns), firstLine: this.#firstLine });
    this.#block = new Float64Array(0);
    this.#rows = 0;
  }

  /** Parses the row field by field with Number(); returns what is wrong with it, if anything. */
  #slowRow(buf: Buffer, start: number, end: number, offset: number, columns: number): string | undefined {
    const fields = buf.toString('latin1', start, end).split(String.fromCharCode(this.#delimiter));
    if (fields.length !== columns) return `expected ${columns} fields, got ${fields.length}`;
    for (let k = 0; k < fields.length; k++) {
      const text = unquote(fields[k] as string);
      const value = toNumber(text);
      if (value === undefined) return `field ${k + 1} is not a number: ${quoteData(text)}`;
      this.#block[offset + k] = value;
    }
    return undefined;
  }

  #allNumbers(buf: Buffer, start: number, end: number): boolean {
    const fields = buf.toString('latin1', start, end).split(String.fromCharCode(this.#delimiter));
    return fields.every((f) => toNumber(unquote(f)) !== undefined);
  }
}
