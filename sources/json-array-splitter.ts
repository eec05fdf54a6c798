/**
 * The elements of a top-level JSON array, found by a byte scanner that tracks only nesting
 * depth and strings, each element then given to `JSON.parse`. stream-json tokenizes every
 * value in JavaScript and runs at about 6-10 MB/s here; this runs at the speed of
 * `JSON.parse` on NDJSON (see benchmarks/sources-json.ts), with memory bounded by the
 * largest element, and its errors know the element's line. Knows nothing of streams.
 */
import { RecordError, describe } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import type { DecodeOptions, RecordDecoder } from '../lib/records/json-field-scanner.js';
import { type BadRecordHandler, clipRecordText } from './bad-record.js';

const BEFORE = 0;
const INSIDE = 1;
const AFTER = 2;

function parseElement(buf: Buffer, start: number, end: number): unknown {
  return JSON.parse(buf.toString('utf8', start, end));
}

/**
 * The parser of one input holding a top-level JSON array: each element, parsed, is a record.
 *
 * @example
 * ```ts
 * const p = new JsonArraySplitter('x.json', 'json(x.json)'), out: unknown[] = [];
 * p.write(Buffer.from('[{"a": "]"}, 2'), out); p.write(Buffer.from(', [3]]'), out); p.end(out);
 * // out: [{ a: ']' }, 2, [3]]
 * ```
 */
export class JsonArraySplitter implements ChunkParser<unknown> {
  readonly #input: string;
  readonly #stage: string;
  readonly #onBad: BadRecordHandler | undefined;
  #state = BEFORE;
  #depth = 0;
  #inString = false;
  #escape = false;
  /** Bytes of the current element from earlier chunks. */
  #pending: Buffer[] = [];
  /** A value is required next (after '[' is not, after ',' it is). */
  #needValue = false;
  #line = 1;
  #elementLine = 1;
  #first = true;
  readonly #decode: RecordDecoder;

  /**
   * With `onBad`, an element that is not valid JSON is reported and skipped; the array's
   * structure is still checked. `options.decode` turns an element's bytes into its record
   * (default: `JSON.parse`; with `fields`, the field scanner).
   */
  constructor(input: string, stage: string, onBad?: BadRecordHandler, options: DecodeOptions = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#onBad = onBad;
    this.#decode = options.decode ?? parseElement;
  }

  write(chunk: Buffer, out: unknown[]): void {
    let i = 0;
    if (this.#first) {
      this.#first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    const n = chunk.length;
    // The scan state lives in locals inside the loop (it runs per byte) and is saved after.
    let depth = this.#depth;
    let line = this.#line;
    let state = this.#state;
    let inString = this.#inString;
    // Start of the current element in this chunk: -1 none yet, 0 also when it began earlier.
    let start = this.#pending.length > 0 ? 0 : -1;
    const fail = (message: string): never => {
      this.#line = line;
      return this.#fail(line, message);
    };
    for (; i < n; i++) {
      const c = chunk[i] as number;
      if (inString) {
        // Strings in records are short: a byte loop beats a native indexOf call per string.
        if (this.#escape) this.#escape = false;
        else if (c === 92) this.#escape = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c <= 32) {
        if (c === 10) line++;
        if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      }
      if (state === INSIDE) {
        if (depth === 0 && (c === 44 || c === 93)) {
          if (start !== -1) this.#emit(chunk, start, i, out);
          else if (this.#needValue || c === 44) fail(c === 44 ? "expected a value before ','" : "expected a value before ']'");
          start = -1;
          this.#needValue = c === 44;
          if (c === 93) state = AFTER;
          continue;
        }
        if (start === -1) {
          start = i;
          this.#elementLine = line;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && --depth < 0) fail(`unexpected '${String.fromCharCode(c)}'`);
      } else if (state === BEFORE) {
        if (c !== 91) fail('the top-level value is not an array (use format "values" or a path)');
        state = INSIDE;
      } else {
        fail(`unexpected '${String.fromCharCode(c)}' after the end of the array`);
      }
    }
    this.#depth = depth;
    this.#line = line;
    this.#state = state;
    this.#inString = inString;
    // A copy of the element's start: the source may read the next chunk into the same buffer.
    if (start !== -1) this.#pending.push(Buffer.from(chunk.subarray(start)));
  }

  end(_out: unknown[]): void {
    if (this.#state === BEFORE) this.#fail(this.#line, 'empty input: expected a top-level array');
    if (this.#state === INSIDE) this.#fail(this.#line, 'the array is not closed: the input is cut short');
  }

  #emit(chunk: Buffer, start: number, end: number, out: unknown[]): void {
    let bytes = chunk.subarray(start, end);
    if (this.#pending.length > 0) {
      bytes = Buffer.concat([...this.#pending, bytes]);
      this.#pending = [];
    }
    try {
      out.push(this.#decode(bytes, 0, bytes.length));
    } catch (err) {
      if (this.#onBad === undefined) this.#fail(this.#elementLine, `element ${describe(err)}`);
      const bad = new RecordError({ input: this.#input, line: this.#elementLine, stage: this.#stage }, `element ${describe(err)}`);
      this.#onBad(bad, clipRecordText(bytes.toString('utf8')));
    }
  }

  #fail(line: number, message: string): never {
    throw new RecordError({ input: this.#input, line, stage: this.#stage }, message);
  }
}
