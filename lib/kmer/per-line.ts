/**
 * The seed's per-line k-mer counting, exactly: every line that does not start with '>' is
 * right-stripped of whitespace, and every window of k characters is a k-mer. Unlike the
 * default semantics there is no joining of a record's lines, no case folding and no
 * skipping of N: 'acgtn' windows are counted as they are.
 *
 * k-mers made only of upper-case A/C/G/T (nearly all of them in real data) go to the packed
 * table through the scanner; the others go to a string Map, so that every k-mer is counted
 * in exactly one place.
 */
import { DEFAULT_MAX_LINE_LENGTH, lineTooLong } from '../util/line-limit.js';
import { canonicalString } from './canonical.js';
import { encode } from './encode.js';
import { KmerScanner } from './scanner.js';
import type { KmerTable } from './table.js';

const ACGT_UPPER: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const c of 'ACGT') t[c.charCodeAt(0)] = 1;
  return t;
})();

/** Python's `str.rstrip()` whitespace, for the ASCII range. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
}

/** Options of {@link PerLineCounter}. */
export interface PerLineOptions {
  /** Names the input in errors. Default 'input'. */
  input?: string | undefined;
  /** Longest line held while it spans chunks, in bytes. Default 64 MiB. */
  maxLineLength?: number | undefined;
}

/**
 * Counts k-mers line by line, as the seed's toolz pipeline does.
 *
 * @example
 * ```ts
 * const counter = new PerLineCounter(6, false, createKmerTable(6));
 * counter.write(chunk); // any number of chunks, split anywhere
 * counter.end();
 * ```
 */
export class PerLineCounter {
  readonly k: number;
  readonly canonical: boolean;
  readonly table: KmerTable;
  /** k-mers that are not all upper-case A/C/G/T. */
  readonly extra = new Map<string, number>();
  readonly #scanner: KmerScanner;
  readonly #decoder = new TextDecoder();
  #input: string;
  readonly #max: number;
  #extraTotal = 0;
  /** The pieces of a line that spans chunks (copies: the caller may reuse its buffer). */
  #carry: Uint8Array[] = [];
  #carryLength = 0;
  /** Lines ended so far. */
  #lines = 0;

  constructor(k: number, canonical: boolean, table: KmerTable, options: PerLineOptions = {}) {
    this.k = k;
    this.canonical = canonical;
    this.table = table;
    this.#input = options.input ?? 'input';
    this.#max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.#scanner = new KmerScanner(k, table, { canonical });
  }

  /** Number of k-mers counted. */
  get total(): number {
    return this.#scanner.total + this.#extraTotal;
  }

  /** Counts one line (without its line break). */
  line(bytes: Uint8Array): void {
    if (bytes.length === 0 || bytes[0] === 62) return;
    let end = bytes.length;
    while (end > 0 && isSpace(bytes[end - 1]!)) end--;
    if (end < this.k) return;
    let plain = true;
    for (let i = 0; i < end; i++) {
      if (ACGT_UPPER[bytes[i]!] === 0) {
        plain = false;
        break;
      }
    }
    if (plain) {
      this.#scanner.scanSequence(bytes, 0, end);
      this.#scanner.endRecord();
    } else {
      this.#slowLine(this.#decoder.decode(bytes.subarray(0, end)));
    }
  }

  /** Counts lines from a chunk of text; a line may span chunks. */
  write(chunk: Uint8Array): void {
    let p = 0;
    for (let e = chunk.indexOf(10); e >= 0; e = chunk.indexOf(10, p)) {
      if (e - p > this.#max - this.#carryLength) throw this.#tooLong(this.#carryLength + e - p);
      this.#lines++;
      if (this.#carry.length > 0) {
        this.#carry.push(chunk.subarray(p, e));
        this.line(this.#takeCarry());
      } else {
        this.line(chunk.subarray(p, e));
      }
      p = e + 1;
    }
    if (p < chunk.length) {
      if (chunk.length - p > this.#max - this.#carryLength) throw this.#tooLong(this.#carryLength + chunk.length - p);
      // A copy, not a view: a Buffer's slice() is a view, and the reader may reuse its buffer.
      this.#carry.push(Uint8Array.prototype.slice.call(chunk, p));
      this.#carryLength += chunk.length - p;
    }
  }

  /**
   * Starts the next input: the last line of the one before (without a final line break)
   * is counted, and line numbers in errors start again from 1 under the new name.
   */
  nextInput(input: string): void {
    this.#endInput();
    this.#input = input;
    this.#lines = 0;
  }

  /** Counts the last line (one without a final line break) and hands over the last batch. */
  end(): void {
    this.#endInput();
    this.#scanner.end();
  }

  #endInput(): void {
    if (this.#carry.length > 0) this.line(this.#takeCarry());
  }

  #takeCarry(): Uint8Array {
    const line = concat(this.#carry);
    this.#carry = [];
    this.#carryLength = 0;
    return line;
  }

  #tooLong(length: number): Error {
    return lineTooLong({ input: this.#input, line: this.#lines + 1, stage: `kmers(k=${this.k})` }, this.#max, length);
  }

  /** A line with other characters: string windows, the seed's way (by code point). */
  #slowLine(line: string): void {
    const chars = Array.from(line);
    const k = this.k;
    for (let i = 0; i + k <= chars.length; i++) {
      const kmer = chars.slice(i, i + k).join('');
      if (/^[ACGT]+$/.test(kmer)) {
        const p = encode(this.canonical ? canonicalString(kmer) : kmer)!;
        this.table.add(p.hi, p.lo);
      } else {
        this.extra.set(kmer, (this.extra.get(kmer) ?? 0) + 1);
      }
      this.#extraTotal++;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const part of parts) n += part.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
