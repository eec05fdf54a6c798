/**
 * CSV records with typed columns, read from bytes: only the wanted fields become values
 * (numbers straight from their digits, see `csv-field.ts`), the others are only stepped
 * over. Quoting follows csv-parse with its defaults: `"` quotes a field, `""` is a quote in
 * it, quoted fields hold delimiters and line breaks, a quote inside an unquoted field or
 * anything but a delimiter or line break after a closing quote is an error, the record
 * delimiter is the first of `\r\n`, `\n` or `\r` met outside quotes, a byte-order mark is
 * dropped, and every record must have as many fields as the first. A record cut by the
 * end of a chunk waits for the next. Knows nothing of streams.
 */
import { RecordError } from '../core/errors.js';
import type { ChunkParser } from '../io/chunk-parser.js';
import { DEFAULT_MAX_LINE_LENGTH } from '../util/line-limit.js';
import { type CompiledColumns, INT, NULLABLE, type RowBuilder, rowBuilder, STRING } from './csv-columns.js';
import { fieldValue, lastProblem, parsedNumber, readNumber, textValue } from './csv-field.js';

/** Options of {@link CsvColumnsParser}. */
export interface CsvColumnsOptions {
  /** One-byte delimiter. Default `,`. */
  delimiter?: number | undefined;
  /** One-byte quote. Default `"`. */
  quote?: number | undefined;
  /** With field indexes: is the first record a header to skip? Default false (names always read one). */
  header?: boolean | undefined;
  /** Longest record held while it is cut between chunks, in bytes; past it a RecordError. Default 64 MiB. */
  maxLineLength?: number | undefined;
}

// What ends a field, returned by #after: another field, the record, more bytes needed,
// a line break that is data here (another record delimiter was found first), or an error.
const FIELD = 0;
const RECORD = 1;
const MORE = 2;
const DATA = 3;
const BAD = 4;

// Record delimiters: not yet seen, \n, \r\n, \r.
const LF = 1;
const CRLF = 2;
const CR = 3;

/**
 * @example
 * ```ts
 * const p = new CsvColumnsParser('x.csv', 'csv(x.csv)', compileColumns({ b: 'int' })), out: object[] = [];
 * p.write(Buffer.from('a,b\n"x,y",2\n'), out); p.end(out); // out: [{ b: 2 }]
 * ```
 */
export class CsvColumnsParser implements ChunkParser<Record<string, unknown>> {
  readonly #input: string;
  readonly #stage: string;
  readonly #columns: CompiledColumns;
  readonly #build: RowBuilder;
  readonly #delimiter: number;
  readonly #quote: number;
  /** 1 for the bytes that stop an unquoted field: delimiter, quote, CR, LF. */
  readonly #stop = new Uint8Array(256);
  #mode = 0;
  #line = 1;
  #next = 0;
  /** The start of a record cut by the end of a chunk, in pieces joined when it can end. */
  #pending: Buffer[] = [];
  #pendingLength = 0;
  readonly #max: number;
  #bomChecked = false;
  /** Fields per record, from the first (-1 before it). */
  #fields = -1;
  /** Key slot of each field index (-1: not wanted); for names, set by the header. */
  #slots: Int32Array;
  /** The wanted values of the record being read, by slot: strings and nullable numbers... */
  readonly #values: unknown[];
  /** ...and numbers that cannot be null, unboxed (a boxed double per field is what GC costs). */
  readonly #numbers: Float64Array;
  /** INT or FLOAT for the slots kept in #numbers, 0 for the others. */
  readonly #fast: Uint8Array;
  /** The first record's fields while it is read as a header (always for names). */
  #header: string[] | undefined;

  constructor(input: string, stage: string, columns: CompiledColumns, options: CsvColumnsOptions = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#columns = columns;
    this.#fast = columns.types.map((t) => (t & NULLABLE ? 0 : t & 3));
    this.#build = rowBuilder(columns.keys, this.#fast);
    this.#delimiter = options.delimiter ?? 44;
    this.#quote = options.quote ?? 34;
    this.#max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    for (const b of [this.#delimiter, this.#quote, 10, 13]) this.#stop[b] = 1;
    this.#values = new Array(columns.keys.length).fill(undefined);
    this.#numbers = new Float64Array(columns.keys.length);
    if (columns.indexes === undefined || options.header === true) this.#header = [];
    if (columns.indexes === undefined) this.#slots = new Int32Array(0);
    else {
      this.#slots = new Int32Array(Math.max(...columns.indexes) + 1).fill(-1);
      columns.indexes.forEach((index, slot) => {
        this.#slots[index] = slot;
      });
    }
  }

  write(chunk: Buffer, out: Record<string, unknown>[]): void {
    if (this.#pendingLength > 0) {
      // A record ends only at a line break: without one, the chunk just joins the wait.
      if (chunk.indexOf(10) < 0 && chunk.indexOf(13) < 0) return this.#hold(chunk);
      this.#parse(this.#takePending(chunk), false, out);
    } else this.#parse(chunk, false, out);
  }

  end(out: Record<string, unknown>[]): void {
    if (this.#pendingLength > 0) this.#parse(this.#takePending(undefined), true, out);
  }

  #takePending(chunk: Buffer | undefined): Buffer {
    const pieces = chunk === undefined ? this.#pending : [...this.#pending, chunk];
    this.#pending = [];
    this.#pendingLength = 0;
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  }

  /** Keeps a copy: the source may read the next chunk into the same buffer. */
  #hold(piece: Buffer): void {
    this.#pending.push(Buffer.from(piece));
    this.#pendingLength += piece.length;
    if (this.#pendingLength > this.#max) this.#fail(`a record longer than maxLineLength (${this.#max} bytes): at least ${this.#pendingLength} bytes`);
  }

  #parse(buf: Buffer, final: boolean, out: Record<string, unknown>[]): void {
    let i = 0;
    if (!this.#bomChecked) {
      if (buf.length < 3 && !final) return this.#hold(buf);
      this.#bomChecked = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    while (i < buf.length) {
      const next = this.#record(buf, i, final, out);
      if (next < 0) return this.#hold(buf.subarray(i));
      i = next;
    }
  }

  /** Reads the record at `i`; returns where the next starts, or -1 when it is cut short. */
  #record(buf: Buffer, i: number, final: boolean, out: Record<string, unknown>[]): number {
    const quote = this.#quote;
    const delimiter = this.#delimiter;
    const stop = this.#stop;
    const slots = this.#slots;
    const fast = this.#fast;
    const numbers = this.#numbers;
    const header = this.#header;
    // A header cut short by a chunk is read again from its start.
    if (header !== undefined) header.length = 0;
    const lf = this.#mode === LF;
    let breaks = 0;
    let field = 0;
    for (; ; field++) {
      const slot = field < slots.length ? (slots[field] as number) : -1;
      // A wanted number that ends at a delimiter or \n: read from its digits in one pass.
      if (slot >= 0 && fast[slot] !== 0) {
        const j = readNumber(buf, i, fast[slot] === INT);
        if (j > i) {
          const c = buf[j];
          if (c === delimiter) {
            numbers[slot] = parsedNumber;
            i = j + 1;
            continue;
          }
          if (c === 10 && lf) {
            numbers[slot] = parsedNumber;
            i = j + 1;
            break;
          }
        }
      }
      let end: number;
      if (buf[i] === quote) {
        // A quoted field: to the quote that is not doubled.
        let j = i + 1;
        let doubled = false;
        for (;;) {
          const c = buf[j];
          if (c === quote) {
            if (buf[j + 1] === quote) {
              doubled = true;
              j += 2;
              continue;
            }
            if (j + 1 >= buf.length && !final) return -1;
            break;
          }
          if (c === undefined) {
            if (!final) return -1;
            this.#fail(`quote not closed: the input ends inside field ${field + 1}`);
          }
          if (c === 10 || (c === 13 && this.#mode === CR)) breaks++;
          j++;
        }
        end = this.#after(buf, j + 1, final);
        if (end === MORE) return -1;
        if (end === BAD || end === DATA) this.#fail(`invalid closing quote: field ${field + 1} goes on after its closing quote`);
        if (slot >= 0 || header !== undefined) {
          let text = buf.toString('utf8', i + 1, j);
          if (doubled) text = text.replaceAll(String.fromCharCode(quote, quote), String.fromCharCode(quote));
          if (header !== undefined) header.push(text);
          else this.#store(textValue(text, this.#columns.types[slot] as number), slot, field);
        }
      } else {
        const start = i;
        for (;;) {
          let c = buf[i];
          while (c !== undefined && stop[c] === 0) c = buf[++i];
          if (c === delimiter) {
            end = FIELD;
            this.#next = i + 1;
            break;
          }
          if (c === quote) this.#fail(`invalid opening quote: a quote inside unquoted field ${field + 1}`);
          end = this.#after(buf, i, final);
          if (end === MORE) return -1;
          if (end !== DATA) break;
          if (c === 10) breaks++;
          i++;
        }
        if (header !== undefined) header.push(buf.toString('utf8', start, i));
        else if (slot >= 0) {
          const type = this.#columns.types[slot] as number;
          this.#store(type === STRING ? buf.toString('utf8', start, i) : fieldValue(buf, start, i, type), slot, field);
        }
      }
      i = this.#next;
      if (end === RECORD) break;
    }
    this.#endRecord(field + 1, out);
    this.#line += breaks + (this.#mode === 0 ? 0 : 1);
    return i;
  }

  /**
   * What the byte at `i` after a field means; sets #next past a delimiter. The first line
   * break outside quotes fixes the record delimiter, as csv-parse does.
   */
  #after(buf: Buffer, i: number, final: boolean): number {
    const c = buf[i];
    this.#next = i + 1;
    if (c === this.#delimiter) return FIELD;
    if (c === undefined) return final ? RECORD : MORE;
    if (c === 10) {
      if (this.#mode === 0) this.#mode = LF;
      return this.#mode === LF ? RECORD : DATA;
    }
    if (c !== 13) return BAD;
    if (this.#mode === CR) return RECORD;
    if (this.#mode === LF) return DATA;
    const d = buf[i + 1];
    if (d === undefined && !final) return MORE;
    if (d === 10) {
      this.#next = i + 2;
      this.#mode = CRLF;
      return RECORD;
    }
    if (this.#mode === CRLF) return DATA;
    this.#mode = CR;
    return RECORD;
  }

  /** The checks and output at the end of a record of `count` fields. */
  #endRecord(count: number, out: Record<string, unknown>[]): void {
    if (this.#fields < 0) {
      this.#fields = count;
      const header = this.#header;
      this.#header = undefined;
      const indexes = this.#columns.indexes;
      if (indexes === undefined) return this.#mapHeader(header as string[]);
      const over = indexes.find((n) => n >= count);
      if (over !== undefined) this.#fail(`no field ${over}: the records have ${count} fields (indexes start at 0)`);
      if (header !== undefined) return;
    } else if (count !== this.#fields) this.#fail(`expected ${this.#fields} fields, got ${count}`);
    out.push(this.#build(this.#values, this.#numbers));
  }

  /** Finds each wanted name in the header (the last of equal names, as csv-parse's objects). */
  #mapHeader(names: string[]): void {
    this.#slots = new Int32Array(names.length).fill(-1);
    this.#columns.keys.forEach((key, slot) => {
      const index = names.lastIndexOf(key);
      if (index < 0) this.#fail(`no column '${key}' in the header (${names.join(', ')})`);
      this.#slots[index] = slot;
    });
  }

  /** Keeps a wanted value: plain numbers unboxed, the rest as they are. */
  #store(value: unknown, slot: number, field: number): void {
    if (value === undefined) this.#fail(`column '${this.#columns.keys[slot]}' (field ${field + 1}) ${lastProblem()}`);
    if (this.#fast[slot] !== 0) this.#numbers[slot] = value as number;
    else this.#values[slot] = value;
  }

  /** Fails naming the line the record starts on. */
  #fail(message: string): never {
    throw new RecordError({ input: this.#input, line: this.#line, stage: this.#stage }, message);
  }
}
