/**
 * Numeric CSV rows straight from bytes into row-major `Float64Array` blocks: the one numeric
 * CSV parser, behind `streamtoolz pca` and `sources.csv(..., { numeric })` (which wraps it in
 * `sources/numeric-csv-parser.ts`). No string and no array is made per row or per field. Numbers with at most 15 significant digits and a
 * small exponent (what CSVs of measurements hold) are exact as `digits / 10^n` (Clinger's
 * fast path: both are exact doubles and IEEE division rounds correctly); anything else goes
 * through `Number()`, so every value equals what `float()` or `strtod` give.
 *
 * Blank lines are skipped; a first line of an input with a field that is not a number is a
 * header (kept in `header`, its quotes removed); after it, a row with another number of
 * fields, a field that is not a number, or (unless `nonFinite`) NaN or Infinity is a
 * RecordError naming the input and the line. A field in double quotes is read inside them.
 */
import { RecordError } from '../core/errors.js';
import { toNumber, unquote } from '../records/number-row.js';
import { DEFAULT_MAX_LINE_LENGTH, lineTooLong } from '../util/line-limit.js';
import { quoteData } from '../util/quote-data.js';

const NEWLINE = Buffer.from('\n');
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const NUMBER = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/;
const NON_FINITE = /^[ \t]*[+-]?(nan|inf|infinity)[ \t]*$/i;

/**
 * Called with each block of complete rows (`firstLine`: the 1-based line of its first row).
 * The block is the caller's to keep, unless `reuseBlock`.
 */
export type RowsHandler = (data: Float64Array, rows: number, cols: number, firstLine: number) => void;

/** Options of {@link NumericCsvScanner}. */
export interface NumericCsvScannerOptions {
  /** Fields per row, when known (a later input must match the first). */
  cols?: number | undefined;
  /** Field separator byte. Default `,`. */
  delimiter?: number | undefined;
  /** Names the reader in errors, e.g. `pca`. */
  stage?: string | undefined;
  /**
   * Whether the first line may be a header (default true: when it is not all numbers);
   * `'always'`: it is one. A range cut from the middle of a file must say false: its first
   * line is data, and a bad one is an error, not a header.
   */
  header?: boolean | 'always' | undefined;
  /** Read `nan`, `inf`, `-inf` (as NumPy writes them) and overflows as values instead of failing. Default false. */
  nonFinite?: boolean | undefined;
  /** Report a bad row (its error and text) here and skip it, instead of throwing. */
  onBad?: ((error: RecordError, text: string) => void) | undefined;
  /**
   * Hand every block in the same array (default false: a new one each time). Only for a
   * handler that is done with a block when it returns and keeps no view of it: a 191 MB CSV
   * otherwise leaves ~190 MB of dead blocks for the collector.
   */
  reuseBlock?: boolean | undefined;
  /** Longest line, in bytes: a longer one is a RecordError, never held whole. Default 64 MiB. */
  maxLineLength?: number | undefined;
}

/**
 * Scans one input's bytes (`write` each chunk, then `end`).
 *
 * @example
 * ```ts
 * const s = new NumericCsvScanner('x.csv', (data, rows, cols) => model.partialFit({ data, rows, cols }));
 * s.write(Buffer.from('a,b\n1,2\n3,4\n'));
 * s.end(); // header ['a', 'b'], one block of 2 rows
 * ```
 */
export class NumericCsvScanner {
  readonly input: string;
  /** Fields per row: set by the first data row (or the option). */
  cols: number;
  /** The header's fields, if the input has one. */
  header: string[] | undefined;
  /** Data rows seen. */
  rows = 0;
  readonly #onRows: RowsHandler;
  readonly #delimiter: number;
  readonly #stage: string | undefined;
  #line = 0; // 1-based number of the line being parsed
  /** The pieces of a line cut at the end of a chunk (copies: the reader may reuse its buffer). */
  #carry: Buffer[] = [];
  #carryLength = 0;
  readonly #max: number;
  #block = new Float64Array(0);
  /** Where the rows not yet handed over start in #block (blocks are handed in parts). */
  #base = 0;
  #blockRows = 0;
  #firstLine = 0;
  #started = false; // a non-blank line was seen (or no header is allowed)
  readonly #always: boolean;
  readonly #nonFinite: boolean;
  readonly #onBad: ((error: RecordError, text: string) => void) | undefined;
  readonly #reuse: boolean;

  constructor(input: string, onRows: RowsHandler, options: NumericCsvScannerOptions = {}) {
    this.input = input;
    this.#onRows = onRows;
    this.cols = options.cols ?? 0;
    this.#delimiter = options.delimiter ?? 44;
    this.#stage = options.stage;
    this.#started = options.header === false;
    this.#always = options.header === 'always';
    this.#nonFinite = options.nonFinite === true;
    this.#onBad = options.onBad;
    this.#reuse = options.reuseBlock === true;
    this.#max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** Parses the complete lines of `chunk` (a line cut at its end waits for the next chunk). */
  write(chunk: Buffer): void {
    let start = 0;
    if (this.#carryLength > 0) {
      // The pieces are joined once, when the line ends: joining per chunk is quadratic.
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.#hold(chunk, 0);
        return;
      }
      this.#check(this.#carryLength + nl);
      const line = Buffer.concat([...this.#carry, chunk.subarray(0, nl + 1)]);
      this.#dropCarry();
      this.#lines(line, 0, line.length);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) this.#lines(chunk, start, last + 1);
    if (last + 1 < chunk.length) this.#hold(chunk, Math.max(last + 1, start));
    this.#flush();
  }

  /** Parses a last line without a newline and hands over the last rows. */
  end(): void {
    if (this.#carryLength > 0) {
      // Give it its newline: the parser then never reads past the end of a buffer.
      const line = Buffer.concat([...this.#carry, NEWLINE]);
      this.#dropCarry();
      this.#lines(line, 0, line.length);
    }
    this.#flush();
  }

  /** Keeps a copy of `chunk` from `from` on, the start of a line that the next chunk goes on with. */
  #hold(chunk: Buffer, from: number): void {
    this.#check(this.#carryLength + chunk.length - from);
    this.#carry.push(Buffer.from(chunk.subarray(from)));
    this.#carryLength += chunk.length - from;
  }

  #dropCarry(): void {
    this.#carry = [];
    this.#carryLength = 0;
  }

  /** Fails a line of `length` bytes (so far) when it is over the limit. */
  #check(length: number): void {
    if (length > this.#max) throw lineTooLong({ input: this.input, line: this.#line + 1, stage: this.#stage }, this.#max, length);
  }

  #flush(): void {
    if (this.#blockRows === 0) return;
    const end = this.#base + this.#blockRows * this.cols;
    this.#onRows(this.#block.subarray(this.#base, end), this.#blockRows, this.cols, this.#firstLine);
    // The part handed over is the caller's: later rows go after it, in a new block when full.
    if (!this.#reuse) this.#base = end;
    this.#blockRows = 0;
  }

  /** Makes room for one more row; returns its offset in #block. */
  #room(): number {
    if (this.#blockRows === 0) this.#firstLine = this.#line;
    let o = this.#base + this.#blockRows * this.cols;
    if (o + this.cols > this.#block.length) {
      this.#flush();
      this.#block = new Float64Array(Math.max(this.cols, 65536 - (65536 % this.cols)));
      this.#base = 0;
      this.#firstLine = this.#line;
      o = 0;
    }
    return o;
  }

  /** Parses the lines in buf[from, to), which ends with a newline (so no read goes past it). */
  #lines(buf: Buffer, from: number, to: number): void {
    const delim = this.#delimiter;
    let i = from;
    while (i < to) {
      this.#line++;
      // Room for this row: blocks of about 64 Ki values, whatever the width.
      let o = this.cols > 0 ? this.#room() : 0;
      const lineStart = i;
      const block = this.#block;
      let field = 0;
      let ok = this.cols > 0;
      let c = buf[i]!;
      // Fast loop: digits, one '.', a sign; anything else leaves the fast path for the line.
      while (ok) {
        let neg = false;
        if (c === 45) {
          neg = true;
          c = buf[++i]!;
        }
        let mant = 0;
        let digits = 0;
        let frac = 0;
        while (c >= 48 && c <= 57) {
          mant = mant * 10 + (c - 48);
          digits++;
          c = buf[++i]!;
        }
        if (c === 46) {
          c = buf[++i]!;
          while (c >= 48 && c <= 57) {
            mant = mant * 10 + (c - 48);
            digits++;
            frac++;
            c = buf[++i]!;
          }
        }
        if (digits === 0 || digits > 15 || frac > 22 || field >= this.cols || (c !== delim && c !== 10 && c !== 13)) {
          ok = false;
          break;
        }
        const v = mant / POW10[frac]!;
        block[o++] = neg ? -v : v;
        field++;
        if (c === delim) {
          c = buf[++i]!;
          continue;
        }
        break;
      }
      if (ok && c === 13) c = buf[++i]!;
      if (ok && field === this.cols && c === 10 && i - lineStart <= this.#max) {
        this.#blockRows++;
        this.rows++;
        this.#started = true;
        i++;
        continue;
      }
      // Slow path: split the line and parse each field exactly, or explain what is wrong.
      const end = buf.indexOf(10, lineStart);
      if (end - lineStart > this.#max) throw lineTooLong({ input: this.input, line: this.#line, stage: this.#stage }, this.#max, end - lineStart);
      i = end + 1;
      this.#slowLine(buf.toString('utf8', lineStart, end > lineStart && buf[end - 1] === 13 ? end - 1 : end));
    }
  }

  #slowLine(text: string): void {
    if (text.trim() === '') return; // blank lines are skipped, as numpy.loadtxt does
    const fields = text.split(String.fromCharCode(this.#delimiter)).map(unquote);
    const first = !this.#started;
    this.#started = true;
    const bad = fields.findIndex((f) => !NUMBER.test(f));
    if (first && (this.#always || (bad >= 0 && !fields.some((f) => NON_FINITE.test(f))))) {
      this.header = fields.map((f) => f.trim());
      return;
    }
    if (this.cols === 0) this.cols = fields.length;
    if (fields.length !== this.cols) return this.#bad(`expected ${this.cols} fields, got ${fields.length}`, text);
    const nonNumber = this.#nonFinite ? fields.findIndex((f) => !NUMBER.test(f) && !NON_FINITE.test(f)) : bad;
    if (nonNumber >= 0) {
      const f = fields[nonNumber]!;
      const problem = NON_FINITE.test(f)
        ? `field ${nonNumber + 1} is ${quoteData(f.trim())}, not a finite number`
        : `field ${nonNumber + 1} is not a number: ${quoteData(f)}`;
      return this.#bad(problem, text);
    }
    const values = fields.map((f) => toNumber(f) as number);
    const infinite = this.#nonFinite ? -1 : values.findIndex((v) => !Number.isFinite(v));
    if (infinite >= 0) return this.#bad(`field ${infinite + 1} is ${quoteData(fields[infinite]!.trim())}, not a finite number`, text);
    const o = this.#room();
    for (let j = 0; j < this.cols; j++) this.#block[o + j] = values[j]!;
    this.#blockRows++;
    this.rows++;
  }

  /** A bad row: thrown, or with `onBad` reported and skipped. */
  #bad(problem: string, text: string): void {
    const error = this.#error(problem);
    if (this.#onBad === undefined) throw error;
    // The good rows before it go first, so that the bad one's place among them is known.
    this.#flush();
    this.#onBad(error, text);
  }

  #error(message: string): RecordError {
    return new RecordError({ input: this.input, line: this.#line, stage: this.#stage }, message);
  }
}

/**
 * The number of fields of the first data row of an input (a header and blank lines are
 * skipped), read from its first chunks; undefined when the input has no data row or the
 * lines before it are bad (whoever reads the input from its start then meets that error).
 * Ranges of a file cut for threads check their rows against it, as one reader of the whole
 * file checks every row against its first.
 *
 * @example
 * ```ts
 * await firstRowWidth(readRange({ path: 'x.csv', start: 0, end: size, index: 0 })); // 4
 * ```
 */
export async function firstRowWidth(
  chunks: AsyncIterable<Buffer>,
  options: Pick<NumericCsvScannerOptions, 'delimiter' | 'maxLineLength'> = {},
): Promise<number | undefined> {
  const scanner = new NumericCsvScanner('head', () => {}, options);
  try {
    for await (const chunk of chunks) {
      scanner.write(chunk);
      if (scanner.cols > 0) return scanner.cols;
    }
    scanner.end();
  } catch {
    // The error is the first reader's to report, with its line.
  }
  return scanner.cols > 0 ? scanner.cols : undefined;
}
