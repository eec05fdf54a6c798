/**
 * A numeric CSV parser: each row becomes a `Float64Array`, parsed straight from the bytes
 * without making a string per field. Numbers with at most 2^53 as digits and a decimal
 * exponent within ±22 (nearly all data written by programs) take Clinger's fast path: one
 * exact integer and one correctly rounded multiply or divide by an exact power of ten, so
 * the result is the correctly rounded double, as `Number()` gives. Anything else (more
 * digits, spaces, quotes, `nan`, `inf`) goes through `Number()` on the field's text.
 * Knows nothing of streams.
 */
import { RecordError } from '../lib/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { LineScanner } from './line-scanner.js';

/** Options of {@link NumericCsvParser}. */
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
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;

/**
 * @example
 * ```ts
 * const p = new NumericCsvParser('x.csv', 'csv(x.csv)'), out: Float64Array[] = [];
 * p.write(Buffer.from('a,b\n1,2.5\n-3,4e2\n'), out); p.end(out);
 * // out: [Float64Array [1, 2.5], Float64Array [-3, 400]]; p.header: ['a', 'b']
 * ```
 */
export class NumericCsvParser implements ChunkParser<Float64Array> {
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
  #out: Float64Array[] = [];
  #first = true;
  /** End of the field parsed last by #fast (where its delimiter or the line end is). */
  #end = 0;

  constructor(input: string, stage: string, options: NumericCsvOptions = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#delimiter = (options.delimiter ?? ',').charCodeAt(0);
    this.#headerMode = options.header ?? 'auto';
    this.#onHeader = options.onHeader;
    this.#scanner = new LineScanner((buf, start, end, line) => this.#line(buf, start, end, line), { input, stage });
  }

  write(chunk: Buffer, out: Float64Array[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: Float64Array[]): void {
    this.#out = out;
    this.#scanner.end();
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
    const row = new Float64Array(columns);
    const delimiter = this.#delimiter;
    let i = start;
    for (let k = 0; ; k++) {
      if (k === columns) this.#fail(line, `expected ${columns} fields, got ${countFields(buf, start, end, delimiter)}`);
      let v = this.#fast(buf, i, end);
      if (v !== v) v = this.#slow(buf, i, end, line, k);
      row[k] = v;
      i = this.#end;
      if (i >= end) {
        if (k + 1 !== columns) this.#fail(line, `expected ${columns} fields, got ${k + 1}`);
        break;
      }
      i++; // past the delimiter
    }
    this.#out.push(row);
  }

  /** The field at `i` as a number, or NaN when it needs the slow path. Sets #end. */
  #fast(buf: Buffer, i: number, end: number): number {
    let c = buf[i];
    let negative = false;
    if (c === 45) {
      negative = true;
      c = buf[++i];
    } else if (c === 43) c = buf[++i];
    let mantissa = 0;
    let exponent = 0;
    let digits = 0;
    while (i < end && (c = buf[i] as number) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      i++;
    }
    if (c === 46 && i < end) {
      i++;
      while (i < end && (c = buf[i] as number) >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        exponent--;
        digits++;
        i++;
      }
    }
    if (digits === 0) return NaN;
    if ((c === 101 || c === 69) && i < end) {
      i++;
      c = buf[i];
      let sign = 1;
      if (c === 45 || c === 43) {
        if (c === 45) sign = -1;
        c = buf[++i];
      }
      let e = 0;
      let expDigits = 0;
      while (i < end && (c = buf[i] as number) >= 48 && c <= 57) {
        e = e * 10 + (c - 48);
        expDigits++;
        i++;
      }
      if (expDigits === 0) return NaN;
      exponent += sign * e;
    }
    if (i < end && c !== this.#delimiter) return NaN;
    if (mantissa > MAX_EXACT || exponent < -22 || exponent > 22) return NaN;
    this.#end = i;
    const value = exponent < 0 ? mantissa / (POW10[-exponent] as number) : mantissa * (POW10[exponent] as number);
    return negative ? -value : value;
  }

  /** The field at `i` through Number(); a RecordError when it is not a number. Sets #end. */
  #slow(buf: Buffer, i: number, end: number, line: number, k: number): number {
    let fieldEnd = buf.indexOf(this.#delimiter, i);
    if (fieldEnd === -1 || fieldEnd > end) fieldEnd = end;
    this.#end = fieldEnd;
    const text = unquote(buf.toString('latin1', i, fieldEnd));
    const value = toNumber(text);
    if (value === undefined) this.#fail(line, `field ${k + 1} is not a number: '${text.length > 20 ? `${text.slice(0, 20)}…` : text}'`);
    return value;
  }

  #allNumbers(buf: Buffer, start: number, end: number): boolean {
    const fields = buf.toString('latin1', start, end).split(String.fromCharCode(this.#delimiter));
    return fields.every((f) => toNumber(unquote(f)) !== undefined);
  }

  #fail(line: number, message: string): never {
    throw new RecordError({ input: this.#input, line, stage: this.#stage }, message);
  }
}

function countFields(buf: Buffer, start: number, end: number, delimiter: number): number {
  let n = 1;
  for (let i = buf.indexOf(delimiter, start); i !== -1 && i < end; i = buf.indexOf(delimiter, i + 1)) n++;
  return n;
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"' ? t.slice(1, -1).replace(/""/g, '"') : t;
}

/** A field's text as a number: what Number() accepts, plus nan/inf as NumPy writes them. */
function toNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (n === n) return n;
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return undefined;
}
