/**
 * `sources.csv(input, { numeric })`: the numeric CSV scanner of `streamtoolz pca`
 * (`lib/pca/numeric-csv-scanner.ts`) as a record parser, its blocks handed out as
 * `Float64Array` rows (views into the block, which ~6500 rows of ten columns share: a small
 * typed array of its own per row costs ~20x more than a view) or as one
 * {@link NumericMatrix} per block. Here `nan` and `inf` are values, as NumPy writes them.
 * Knows nothing of streams.
 */
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { NumericCsvScanner } from '../lib/pca/numeric-csv-scanner.js';
import { type BadRecordHandler, clipRecordText } from './bad-record.js';

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
  /** Give one {@link NumericMatrix} per block instead of one `Float64Array` per row. */
  matrix?: boolean | undefined;
  /** Report a bad row (a field that is not a number, a wrong field count) here and skip it, instead of throwing. */
  onBad?: BadRecordHandler | undefined;
  /** Longest line, in bytes. Default 64 MiB. */
  maxLineLength?: number | undefined;
}

/**
 * The rows of one block as a row-major matrix: row `r` is `data.subarray(r * columns, (r + 1) * columns)`.
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

/**
 * The numeric CSV parser of one input (see the module comment): `Float64Array` rows, or a
 * {@link NumericMatrix} per block, with the header detected and kept in `header`.
 *
 * @example
 * ```ts
 * const p = new NumericCsvParser('x.csv', 'csv(x.csv)'), out: Float64Array[] = [];
 * p.write(Buffer.from('a,b\n1,2.5\n-3,4e2\n'), out); p.end(out);
 * // out: [Float64Array [1, 2.5], Float64Array [-3, 400]]; p.header: ['a', 'b']
 * ```
 */
export class NumericCsvParser implements ChunkParser<Float64Array | NumericMatrix> {
  readonly #scanner: NumericCsvScanner;
  readonly #onHeader: ((names: string[]) => void) | undefined;
  #out: (Float64Array | NumericMatrix)[] = [];
  #headerSent = false;

  constructor(input: string, stage: string, options: NumericCsvOptions = {}) {
    const header = options.header ?? 'auto';
    const matrix = options.matrix ?? false;
    this.#onHeader = options.onHeader;
    const onBad = options.onBad;
    this.#scanner = new NumericCsvScanner(
      input,
      (data, rows, columns, firstLine) => {
        if (matrix) this.#out.push({ rows, columns, data, firstLine });
        else for (let r = 0; r < rows; r++) this.#out.push(data.subarray(r * columns, (r + 1) * columns));
      },
      {
        delimiter: (options.delimiter ?? ',').charCodeAt(0),
        header: header === 'auto' ? true : header ? 'always' : false,
        nonFinite: true,
        maxLineLength: options.maxLineLength,
        stage,
        onBad: onBad && ((error, text) => onBad(error, clipRecordText(text))),
      },
    );
  }

  /** The header's names, once read (undefined when there is none). */
  get header(): string[] | undefined {
    return this.#scanner.header;
  }

  /** Fields per row, set by the first data row (-1 before). */
  get columns(): number {
    return this.#scanner.cols || -1;
  }

  write(chunk: Buffer, out: (Float64Array | NumericMatrix)[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
    this.#sendHeader();
  }

  end(out: (Float64Array | NumericMatrix)[]): void {
    this.#out = out;
    this.#scanner.end();
    this.#sendHeader();
  }

  #sendHeader(): void {
    if (this.#headerSent || this.#scanner.header === undefined) return;
    this.#headerSent = true;
    this.#onHeader?.(this.#scanner.header);
  }
}
