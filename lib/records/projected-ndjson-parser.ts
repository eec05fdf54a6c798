/**
 * NDJSON lines through the field scanner: the parser behind `sources.json(input, { fields })`
 * for line-delimited input. It splits lines itself, rather than through `LineScanner`, for
 * one reason: it copies the line cut at the end of a chunk instead of keeping a view of it,
 * so that the source may read every chunk into the same two buffers. A fresh 512 KiB
 * buffer per read costs more CPU in page faults than the scanner spends on a third of the
 * bytes (see benchmarks/records.ts). Lines end at `\n` (a `\r` before it is dropped); a
 * byte-order mark before the first line and blank lines are skipped, as `NdjsonParser` does.
 * Knows nothing of streams.
 */
import { describe, RecordError } from '../core/errors.js';
import type { ChunkParser } from '../io/chunk-parser.js';
import { DEFAULT_MAX_LINE_LENGTH, lineTooLong } from '../util/line-limit.js';
import { BLANK, type JsonFieldScanner } from './json-field-scanner.js';
import { type JsonKernel, LINE_SLOW } from './json-kernel.js';
import { MAX_REGION } from './json-kernel-instance.js';

/** Options of {@link ProjectedNdjsonParser}. */
export interface ProjectedNdjsonOptions {
  maxLineLength?: number | undefined;
  onBad?: ((error: RecordError, text: string) => void) | undefined;
}

/**
 * @example
 * ```ts
 * const p = new ProjectedNdjsonParser('x.ndjson', 'json(x.ndjson)', new JsonFieldScanner(compileFields(['a'])));
 * const out: unknown[] = [];
 * p.write(Buffer.from('{"a":1,"b":2}\n{"a"'), out); p.write(Buffer.from(':3}\n'), out); // out: [{ a: 1 }, { a: 3 }]
 * ```
 */
export class ProjectedNdjsonParser implements ChunkParser<unknown> {
  readonly #scanner: JsonFieldScanner;
  readonly #input: string;
  readonly #stage: string;
  readonly #max: number;
  readonly #onBad: ((error: RecordError, text: string) => void) | undefined;
  #line = 0;
  /** Copies of the pieces of a line cut by the ends of chunks, joined when it ends. */
  #carry: Buffer[] = [];
  #carryLength = 0;

  /**
   * `maxLineLength`: the longest line, in bytes (default 64 MiB, as every line reader). `onBad`: report a malformed record (its error and text) and skip it, instead of
   * throwing.
   */
  constructor(input: string, stage: string, scanner: JsonFieldScanner, options: ProjectedNdjsonOptions = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#scanner = scanner;
    this.#max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.#onBad = options.onBad;
  }

  write(chunk: Buffer, out: unknown[]): void {
    const kernel = this.#scanner.kernel;
    if (kernel !== undefined) {
      const last = chunk.lastIndexOf(10);
      if (last < 0) return this.#hold(chunk, 0);
      if (this.#carryLength + last + 1 <= MAX_REGION) {
        this.#scan(kernel, chunk, last + 1, out);
        if (last + 1 < chunk.length) this.#hold(chunk, last + 1);
        return;
      }
    }
    let start = 0;
    if (this.#carryLength > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return this.#hold(chunk, 0);
      const line = Buffer.concat([...this.#carry, chunk.subarray(0, nl)]);
      this.#carry = [];
      this.#carryLength = 0;
      this.#emit(line, 0, line.length, out);
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.#emit(chunk, start, nl, out);
      start = nl + 1;
    }
    if (start < chunk.length) this.#hold(chunk, start);
  }

  end(out: unknown[]): void {
    if (this.#carryLength === 0) return;
    const line = Buffer.concat(this.#carry);
    this.#carry = [];
    this.#carryLength = 0;
    this.#emit(line, 0, line.length, out);
  }

  /**
   * The kernel's way: the held bytes and `chunk[0, length)` (whole lines) copied into its
   * memory and scanned there; the lines it does not take (malformed, not objects) are
   * walked in JavaScript, whose error names the fault.
   */
  #scan(kernel: JsonKernel, chunk: Buffer, length: number, out: unknown[]): void {
    const total = this.#carryLength + length;
    const mem = kernel.region(total);
    const base = kernel.base;
    let at = base;
    for (const piece of this.#carry) at += piece.copy(mem, at);
    chunk.copy(mem, at, 0, length);
    this.#carry = [];
    this.#carryLength = 0;
    kernel.begin(total, true);
    let start = base;
    for (let n = kernel.next(); n > 0; n = kernel.next()) {
      const lines = kernel.lines;
      let entry = 0;
      for (let l = 0; l < 2 * n; l += 2) {
        const end = base + (lines[l] as number);
        const code = lines[l + 1] as number;
        const line = ++this.#line;
        if (code >= 0) {
          if (end - start > this.#max) this.#check(mem, start, end, line);
          out.push(kernel.build(entry, code));
          entry += code;
        } else if (code === LINE_SLOW) this.#project(mem, start, end, line, out);
        start = end + 1;
      }
    }
  }

  #hold(chunk: Buffer, from: number): void {
    this.#carry.push(Buffer.from(chunk.subarray(from)));
    this.#carryLength += chunk.length - from;
    if (this.#carryLength > this.#max) this.#tooLong(this.#line + 1, this.#carryLength);
  }

  #emit(buf: Buffer, start: number, end: number, out: unknown[]): void {
    this.#project(buf, start, end, ++this.#line, out);
  }

  /** Fails line `line` when, without its CR and byte-order mark, it is longer than the limit. */
  #check(buf: Buffer, start: number, end: number, line: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    if (line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    if (end - start > this.#max) this.#tooLong(line, end - start);
  }

  /** Line `line` by the JavaScript walk (never the kernel: its memory may hold the region being read). */
  #project(buf: Buffer, start: number, end: number, line: number, out: unknown[]): void {
    if (end > start && buf[end - 1] === 13) end--;
    if (line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    if (end - start > this.#max) this.#tooLong(line, end - start);
    let value: unknown;
    try {
      value = this.#scanner.projectJs(buf, start, end);
    } catch (err) {
      const bad = new RecordError({ input: this.#input, line, stage: this.#stage }, `not valid JSON: ${describe(err)}`);
      if (this.#onBad === undefined) throw bad;
      return this.#onBad(bad, buf.toString('utf8', start, end));
    }
    if (value !== BLANK) out.push(value);
  }

  #tooLong(line: number, length: number): never {
    throw lineTooLong({ input: this.#input, line, stage: this.#stage }, this.#max, length);
  }
}
