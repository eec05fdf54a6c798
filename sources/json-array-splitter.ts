/**
 * The elements of a top-level JSON array, found by a byte scanner that tracks only nesting
 * depth and strings, each element then given to `JSON.parse`. stream-json tokenizes every
 * value in JavaScript and runs at about 6-10 MB/s here; this runs at the speed of
 * `JSON.parse` on NDJSON (see benchmarks/sources-json.ts), with memory bounded by the
 * largest element, and its errors know the element's line. Knows nothing of streams.
 */
import { RecordError, describe } from '../lib/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';

const BEFORE = 0;
const INSIDE = 1;
const AFTER = 2;

/**
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

  constructor(input: string, stage: string) {
    this.#input = input;
    this.#stage = stage;
  }

  write(chunk: Buffer, out: unknown[]): void {
    let i = 0;
    if (this.#first) {
      this.#first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    const n = chunk.length;
    // Start of the current element in this chunk: -1 none yet, 0 also when it began earlier.
    let start = this.#pending.length > 0 ? 0 : -1;
    for (; i < n; i++) {
      const c = chunk[i] as number;
      if (this.#inString) {
        // Jump to the next quote; a quote after an odd run of backslashes is escaped.
        if (this.#escape) {
          this.#escape = false;
          continue;
        }
        const q = chunk.indexOf(34, i);
        if (q === -1) {
          this.#escape = trailingBackslashes(chunk, i, n) % 2 === 1;
          i = n;
          break;
        }
        if (trailingBackslashes(chunk, i, q) % 2 === 1) {
          i = q;
          continue;
        }
        i = q;
        this.#inString = false;
        continue;
      }
      if (c === 10) this.#line++;
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.#state === INSIDE) {
        if (this.#depth === 0 && (c === 44 || c === 93)) {
          if (start !== -1) this.#emit(chunk, start, i, out);
          else if (this.#needValue || (c === 44 && start === -1)) this.#fail(this.#line, c === 44 ? "expected a value before ','" : "expected a value before ']'");
          start = -1;
          this.#needValue = c === 44;
          if (c === 93) this.#state = AFTER;
          continue;
        }
        if (start === -1) {
          start = i;
          this.#elementLine = this.#line;
        }
        if (c === 34) this.#inString = true;
        else if (c === 123 || c === 91) this.#depth++;
        else if ((c === 125 || c === 93) && --this.#depth < 0) this.#fail(this.#line, `unexpected '${String.fromCharCode(c)}'`);
      } else if (this.#state === BEFORE) {
        if (c !== 91) this.#fail(this.#line, 'the top-level value is not an array (use format "values" or a path)');
        this.#state = INSIDE;
      } else {
        this.#fail(this.#line, `unexpected '${String.fromCharCode(c)}' after the end of the array`);
      }
    }
    if (start !== -1) {
      const rest = chunk.subarray(start);
      if (this.#pending.length === 0 || start > 0) this.#pending.push(rest);
      else this.#pending.push(chunk);
    }
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
      out.push(JSON.parse(bytes.toString('utf8')));
    } catch (err) {
      this.#fail(this.#elementLine, `element ${describe(err)}`);
    }
  }

  #fail(line: number, message: string): never {
    throw new RecordError({ input: this.#input, line, stage: this.#stage }, message);
  }
}

/** How many backslashes end `buf[from, to)`. */
function trailingBackslashes(buf: Buffer, from: number, to: number): number {
  let k = 0;
  while (to - 1 - k >= from && buf[to - 1 - k] === 92) k++;
  return k;
}
