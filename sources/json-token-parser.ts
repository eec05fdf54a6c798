/**
 * JSON values from bytes with stream-json 1.x: its tokenizer (and its `Pick` filter for a
 * path) driven synchronously chunk by chunk, its `Assembler` building values, and arrays
 * streamed element by element, so that memory is bounded by the largest element, not the
 * array, however many GB it is.
 */
import type { Transform } from 'node:stream';
import Assembler from 'stream-json/Assembler.js';
import Parser from 'stream-json/Parser.js';
import Pick from 'stream-json/filters/Pick.js';
import { RecordError, describe } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';

interface Token {
  name: string;
  value?: unknown;
}

/**
 * What a {@link JsonTokenParser} yields.
 *
 * @example
 * ```ts
 * const p = new JsonTokenParser('x.json', 'json(x.json)', 'path', 'data.rows');
 * ```
 */
export type JsonTokenMode = 'array' | 'values' | 'path';

/** A huge highWaterMark: the transforms are drained after every write, never left full. */
const NO_LIMIT = 2 ** 30;

/**
 * `'array'`: the elements of a top-level array; `'values'`: each top-level value of a
 * stream of JSON values; `'path'`: the values at `path` (dot-separated, e.g. `data.rows`),
 * the elements when such a value is an array.
 *
 * @example
 * ```ts
 * const p = new JsonTokenParser('x.json', 'json(x.json)', 'array'), out: unknown[] = [];
 * p.write(Buffer.from('[{"a":1},'), out); p.write(Buffer.from('2]'), out); p.end(out);
 * // out: [{ a: 1 }, 2]
 * ```
 */
export class JsonTokenParser implements ChunkParser<unknown> {
  readonly #input: string;
  readonly #stage: string;
  readonly #mode: JsonTokenMode;
  readonly #chain: Transform[];
  readonly #assembler = new Assembler();
  #out: unknown[] = [];
  #offset = 0;
  #started = false;
  #inValue = false;
  #inArray = false;

  constructor(input: string, stage: string, mode: JsonTokenMode, path?: string) {
    this.#input = input;
    this.#stage = stage;
    this.#mode = mode;
    const limits = { readableHighWaterMark: NO_LIMIT, writableHighWaterMark: NO_LIMIT };
    this.#chain = [new Parser({ ...limits, packValues: true, streamValues: false, jsonStreaming: mode !== 'array' })];
    if (mode === 'path') this.#chain.push(new Pick({ ...limits, filter: path as string, streamValues: false }));
    // Errors are read from `errored` after each write; this only keeps them from being unhandled.
    for (const t of this.#chain) t.on('error', () => {});
  }

  write(chunk: Buffer, out: unknown[]): void {
    this.#out = out;
    // The tokenizer does not skip a UTF-8 byte-order mark.
    if (this.#offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    this.#feed(0, chunk, chunk.length);
    this.#offset += chunk.length;
  }

  end(out: unknown[]): void {
    this.#out = out;
    this.#feed(0, null, 0);
    if (this.#mode === 'array' && !this.#started) this.#fail('empty input: expected a top-level array', 0);
  }

  /** Writes `data` (null: end) into transform `i` and passes what comes out along. */
  #feed(i: number, data: unknown, length: number): void {
    const t = this.#chain[i] as Transform;
    if (data === null) t.end();
    else t.write(data);
    const err = t.errored;
    if (err) this.#fail(describe(err), length);
    const next = i + 1 < this.#chain.length;
    let item: unknown;
    while ((item = t.read()) !== null) {
      if (next) this.#feed(i + 1, item, length);
      else this.#token(item as Token);
    }
    if (data === null && next) this.#feed(i + 1, null, length);
  }

  #token(token: Token): void {
    const asm = this.#assembler;
    if (!this.#inValue) {
      if (this.#mode === 'array' && !this.#started && token.name !== 'startArray')
        this.#fail('the top-level value is not an array (use format "values" or a path)', 0);
      this.#started = true;
      this.#inValue = true;
      this.#inArray = token.name === 'startArray' && this.#mode !== 'values';
    }
    asm.consume(token as unknown as Parameters<Assembler['consume']>[0]);
    if (this.#inArray) {
      // An element is complete when the assembler is back at the array's level.
      if (asm.depth === 1 && (asm.current as unknown[]).length > 0) this.#out.push((asm.current as unknown[]).pop());
      else if (asm.done) this.#inValue = this.#inArray = false;
    } else if (asm.done) {
      this.#out.push(asm.current);
      this.#inValue = false;
    }
  }

  #fail(message: string, length: number): never {
    const where = length > 0 ? ` (in bytes ${this.#offset}-${this.#offset + length})` : '';
    throw new RecordError({ input: this.#input, offset: this.#offset, stage: this.#stage }, message + where);
  }
}
