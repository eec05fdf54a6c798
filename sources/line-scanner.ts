/**
 * Splits bytes into lines with `Buffer.indexOf`, handing each line to a callback as a byte
 * range (no string is made unless the callback wants one). Handles `\n` and `\r\n`, a
 * missing final newline, a UTF-8 byte-order mark, and lines of any length spanning any
 * number of chunks (the pieces are joined once, when the line ends). Splitting on the byte
 * 0x0A never cuts a UTF-8 character, so callers decode whole lines. Knows nothing of streams.
 */
import { DEFAULT_MAX_LINE_LENGTH, lineTooLong } from '../lib/util/line-limit.js';

/** Receives one line: `buf[start, end)`, without its line break; `line` is 1-based. */
export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

/** Where the lines come from, for errors. */
export interface LineOrigin {
  input: string;
  stage: string;
  /** Longest line allowed, in bytes: a line is never held past it. Default 64 MiB. */
  maxLineLength?: number | undefined;
}

/**
 * Splits the chunks it is given into lines, each handed to the callback as a byte range.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const scanner = new LineScanner((buf, s, e) => lines.push(buf.toString('utf8', s, e)), { input: 'x', stage: 'lines(x)' });
 * scanner.write(Buffer.from('a\r\nb')); scanner.write(Buffer.from('c\n')); scanner.end();
 * // lines: ['a', 'bc']
 * ```
 */
export class LineScanner {
  /** Lines handed out so far (the 1-based number of the last line). */
  line = 0;
  readonly #onLine: LineHandler;
  readonly #origin: LineOrigin;
  readonly #max: number;
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #started = false;
  #from = 0;

  constructor(onLine: LineHandler, origin: LineOrigin) {
    this.#onLine = onLine;
    this.#origin = origin;
    this.#max = origin.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  write(chunk: Buffer): void {
    const c = this.#prepare(chunk);
    if (c === undefined) return;
    let start = this.#from;
    const onLine = this.#onLine;
    for (;;) {
      const nl = c.indexOf(10, start);
      if (nl === -1) break;
      let end = nl;
      if (end > start && c[end - 1] === 13) end--;
      if (end - start > this.#max) this.#tooLong(end - start);
      onLine(c, start, end, ++this.line);
      start = nl + 1;
    }
    if (start < c.length) this.#keep(c, start);
  }

  /**
   * Like {@link write}, but decodes each line and appends it to `out` in the loop itself:
   * no call per line, which is most of the cost left when lines are short. A line begun in
   * earlier chunks still goes through the callback.
   */
  writeStrings(chunk: Buffer, encoding: BufferEncoding, out: string[]): void {
    const c = this.#prepare(chunk);
    if (c === undefined) return;
    let start = this.#from;
    let line = this.line;
    const max = this.#max;
    for (;;) {
      const nl = c.indexOf(10, start);
      if (nl === -1) break;
      let end = nl;
      if (end > start && c[end - 1] === 13) end--;
      if (end - start > max) {
        this.line = line;
        this.#tooLong(end - start);
      }
      out.push(c.toString(encoding, start, end));
      line++;
      start = nl + 1;
    }
    this.line = line;
    if (start < c.length) this.#keep(c, start);
  }

  /**
   * Deals with what comes before the chunk's own lines: the byte-order mark, and a line begun
   * in earlier chunks. Returns the bytes to scan from `#from` on, or undefined when the whole
   * chunk was kept for later.
   */
  #prepare(chunk: Buffer): Buffer | undefined {
    this.#from = 0;
    if (!this.#started) {
      if (this.#pendingLength + chunk.length < 3 && chunk.indexOf(10) === -1) return void this.#keep(chunk, 0);
      this.#started = true;
      if (this.#pendingLength > 0) {
        chunk = Buffer.concat([...this.#pending, chunk]);
        this.#pending = [];
        this.#pendingLength = 0;
      }
      // A UTF-8 byte-order mark is not part of the first line.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) this.#from = 3;
    }
    if (this.#pendingLength > 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) return void this.#keep(chunk, 0);
      const joined = Buffer.concat([...this.#pending, chunk.subarray(0, nl)]);
      this.#pending = [];
      this.#pendingLength = 0;
      this.#emit(joined, 0, joined.length);
      this.#from = nl + 1;
    }
    return chunk;
  }

  /** Hands out the last line when the input does not end with a newline. */
  end(): void {
    if (this.#pendingLength === 0) return;
    const rest = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingLength = 0;
    let start = 0;
    if (!this.#started && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) start = 3;
    this.#started = true;
    if (rest.length > start) this.#emit(rest, start, rest.length);
  }

  #emit(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    if (end - start > this.#max) this.#tooLong(end - start);
    this.#onLine(buf, start, end, ++this.line);
  }

  #keep(chunk: Buffer, start: number): void {
    const piece = start === 0 ? chunk : chunk.subarray(start);
    this.#pending.push(piece);
    this.#pendingLength += piece.length;
    // Line buffer is over the limit: fail now rather than hold an unbounded line.
    if (this.#pendingLength > this.#max + 1) this.#tooLong(this.#pendingLength);
  }

  #tooLong(length: number): never {
    throw lineTooLong({ input: this.#origin.input, line: this.line + 1, stage: this.#origin.stage }, this.#max, length);
  }
}
