/**
 * The byte-level field scanner behind `sources.json(input, { fields })`: it walks one JSON
 * record in its bytes, builds only the wanted fields and skips the rest without building it
 * (`json-skip.ts`), checking it all the same. Values are exactly `JSON.parse`'s: strings are
 * decoded from the bytes when they hold no escape, and given to `JSON.parse` when they do;
 * numbers are read from the digits when that is exact (Clinger's fast path) and by
 * `Number()` otherwise; a wanted object or array is cut out and given to `JSON.parse`.
 * Duplicate keys: the last wins. Anything the scanner does not take (a record that is not
 * an object, a malformed one) is handed to `JSON.parse` on the whole record, whose error
 * then says what is wrong, exactly as without `fields`. Knows nothing of streams.
 */
import type { FieldKey, FieldNode } from './field-paths.js';
import { projectValue, setField } from './project-value.js';
import { exactDecimal } from './number-row.js';
import { skipEscape, skipNumber, skipSpace, skipValue } from './json-skip.js';
import { JsonKernel, LINE_BLANK } from './json-kernel.js';
import { MAX_REGION } from './json-kernel-instance.js';

/** What a decoder returns for a blank line (no record). */
export const BLANK: unique symbol = Symbol('blank');

/** Turns the bytes of one record into a value, {@link BLANK}, or throws `JSON.parse`'s error. */
export type RecordDecoder = (buf: Buffer, start: number, end: number) => unknown;

/** The record parsers' option that takes a decoder (`sources/json.ts`). */
export interface DecodeOptions {
  /** Turns one record's bytes into its value; default `JSON.parse` of the text. */
  decode?: RecordDecoder | undefined;
}

/** Node's direct decoders skip `toString`'s argument handling; a record has many strings. */
interface SliceBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** 1 for the bytes that go on a string: not a quote, a backslash or a control character. */
const PLAIN = new Uint8Array(256).fill(1, 32);
PLAIN[34] = 0;
PLAIN[92] = 0;

/** 1 for the bytes of a plain key, compared as bytes: ASCII that is not a quote, a backslash or a control. */
const KEY = new Uint8Array(256).fill(1, 32, 128);
KEY[34] = 0;
KEY[92] = 0;

/** The value read by the last {@link readValue}: a module slot, so that reads return positions. */
let parsed: unknown;

/** Reads the string whose first byte (after the quote) is at `i`; returns past its closing quote. */
function readString(buf: SliceBuffer, i: number): number {
  const start = i;
  let ascii = true;
  let escaped = false;
  for (;;) {
    const c = buf[i++] as number;
    if (c > 92) {
      if (c > 127) ascii = false;
      continue;
    }
    if (c > 34) {
      if (c !== 92) continue;
      escaped = true;
      i = skipEscape(buf, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === 34) break;
    if (!(c >= 32)) return -1;
  }
  if (escaped) parsed = JSON.parse(buf.utf8Slice(start - 1, i));
  else parsed = ascii ? buf.latin1Slice(start, i - 1) : buf.utf8Slice(start, i - 1);
  return i;
}

/** Reads a number at `i`: exactly as `JSON.parse`, without a string when that is exact. */
function readNumber(buf: SliceBuffer, i: number): number {
  const start = i;
  let c = buf[i];
  const negative = c === 45;
  if (negative) c = buf[++i];
  let mantissa = 0;
  if (c === 48) c = buf[++i];
  else if (c !== undefined && c >= 49 && c <= 57) {
    do {
      mantissa = mantissa * 10 + (c - 48);
      c = buf[++i];
    } while (c !== undefined && c >= 48 && c <= 57);
  } else return -1;
  let exponent = 0;
  if (c === 46) {
    const from = ++i;
    c = buf[i];
    while (c !== undefined && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = buf[++i];
    }
    if (i === from) return -1;
    exponent = from - i;
  }
  if (c === 101 || c === 69) {
    c = buf[++i];
    const sign = c === 45 ? -1 : 1;
    if (c === 43 || c === 45) c = buf[++i];
    const from = i;
    let e = 0;
    while (c !== undefined && c >= 48 && c <= 57) {
      e = e * 10 + (c - 48);
      c = buf[++i];
    }
    if (i === from) return -1;
    exponent += sign * e;
  }
  // JSON's grammar (no '+', no '.5', no leading zeros) is stricter than the CSV reader's, hence
  // a reader of its own; the value is exact from the digits or, past Clinger's range, Number()'s.
  const value = exactDecimal(mantissa, exponent);
  if (!Number.isNaN(value)) parsed = negative ? -value : value;
  else parsed = Number(buf.latin1Slice(start, i));
  return i;
}

/** Reads any value at `i` into {@link parsed}; returns past it, or -1. */
function readValue(buf: SliceBuffer, i: number): number {
  const c = buf[i];
  if (c === 34) return readString(buf, i + 1);
  if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) return readNumber(buf, i);
  const end = skipValue(buf, i);
  if (end < 0) return -1;
  if (c === 116) parsed = true;
  else if (c === 102) parsed = false;
  else if (c === 110) parsed = null;
  else parsed = JSON.parse(buf.utf8Slice(i, end));
  return end;
}

/** The wanted key whose UTF-8 bytes are `buf[start, end)`, or undefined. */
function findKey(buf: Uint8Array, start: number, end: number, keys: readonly FieldKey[]): FieldKey | undefined {
  const length = end - start;
  const first = length > 0 ? (buf[start] as number) : -1;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as FieldKey;
    if (key.size !== length || key.first !== first) continue;
    const bytes = key.bytes;
    let j = 1;
    while (j < length && bytes[j] === buf[start + j]) j++;
    if (j >= length) return key;
  }
  return undefined;
}

/**
 * Reads the wanted keys of the object whose body starts at `i` (after `{`) into `out`; returns
 * past its `}`. One loop with the common tokens inline (blank space, keys, skipped strings):
 * this is the scanner's speed, so calls are kept for the rarer values.
 */
function projectObject(buf: SliceBuffer, i: number, node: FieldNode, out: Record<string, unknown>): number {
  const keys = node.keys;
  let c = buf[i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++i];
  if (c === 125) return i + 1;
  for (;;) {
    if (c !== 34) return -1;
    const from = ++i;
    c = buf[i];
    // Plain keys (ASCII, no escape) compare as bytes; others are decoded as JSON.parse would.
    while (KEY[c as number] === 1) c = buf[++i];
    let key: FieldKey | undefined;
    if (c === 34) key = findKey(buf, from, i++, keys);
    else {
      i = readString(buf, from);
      if (i < 0) return -1;
      key = keys.find((k) => k.name === parsed);
    }
    c = buf[i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++i];
    if (c !== 58) return -1;
    c = buf[++i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++i];
    if (key === undefined) {
      if (c === 34) {
        // A skipped string, inline: see skipString.
        for (i++; ; ) {
          const t = PLAIN[buf[i++] as number];
          if (t === 1) continue;
          if (buf[i - 1] === 34) break;
          if (buf[i - 1] !== 92) return -1;
          i = skipEscape(buf, i);
          if (i < 0) return -1;
        }
      } else if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) i = skipNumber(buf, i);
      else i = skipValue(buf, i);
    } else if (key.child !== undefined && c === 123) {
      // A fresh object each time: a duplicate key replaces the whole earlier value.
      const inner: Record<string, unknown> = {};
      i = projectObject(buf, i + 1, key.child, inner);
      setField(out, key.name, inner);
    } else {
      i = readValue(buf, i);
      if (i >= 0) setField(out, key.name, parsed);
    }
    if (i < 0) return -1;
    c = buf[i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++i];
    if (c === 125) return i + 1;
    if (c !== 44) return -1;
    c = buf[++i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++i];
  }
}

/**
 * The wanted fields of the object whose `{` is at `start`, which is known to be valid JSON:
 * how the kernel builds a wanted object value with nested wanted fields.
 *
 * @example
 * ```ts
 * projectObjectAt(Buffer.from('{"path":"/x","ms":3}'), 0, compileFields(['path'])); // { path: '/x' }
 * ```
 */
export function projectObjectAt(buf: Buffer, start: number, node: FieldNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  projectObject(buf as SliceBuffer, start + 1, node, out);
  return out;
}

/**
 * Projects records (one JSON text each) onto compiled fields: through the WebAssembly kernel
 * (`json-kernel.ts`) where it runs, else by the JavaScript walk of this module.
 *
 * @example
 * ```ts
 * const scanner = new JsonFieldScanner(compileFields(['status', 'req.path']));
 * const line = Buffer.from('{"ts":"...","status":404,"req":{"path":"/x","ms":3}}');
 * scanner.project(line, 0, line.length); // { status: 404, req: { path: '/x' } }
 * ```
 */
export class JsonFieldScanner {
  readonly #root: FieldNode;
  /** The WebAssembly kernel, or undefined where it does not run (the JavaScript walk then). */
  readonly kernel: JsonKernel | undefined;
  /** A {@link RecordDecoder} bound to this scanner. */
  readonly decode: RecordDecoder = (buf, start, end) => this.project(buf, start, end);

  constructor(root: FieldNode) {
    this.#root = root;
    this.kernel = JsonKernel.create(root, projectObjectAt);
  }

  /**
   * The projection of the record in `buf[start, end)`, {@link BLANK} for a blank line, or
   * `JSON.parse`'s SyntaxError for a malformed record.
   */
  project(buf: Buffer, start: number, end: number): unknown {
    const kernel = this.kernel;
    if (kernel === undefined || end - start > MAX_REGION) return this.projectJs(buf, start, end);
    buf.copy(kernel.region(end - start), kernel.base, start, end);
    kernel.begin(end - start, false);
    kernel.next();
    const code = kernel.lines[1] as number;
    if (code >= 0) return kernel.build(0, code);
    return code === LINE_BLANK ? BLANK : this.#slow(buf, start, end);
  }

  /** {@link project} by the JavaScript walk, whatever the kernel. */
  projectJs(buf: Buffer, start: number, end: number): unknown {
    const b = buf as SliceBuffer;
    let i = skipSpace(b, start);
    if (i >= end) return BLANK;
    if (b[i] === 123) {
      const out: Record<string, unknown> = {};
      i = projectObject(b, i + 1, this.#root, out);
      if (i >= 0 && i <= end && skipSpace(b, i) >= end) return out;
    }
    return this.#slow(buf, start, end);
  }

  /** Not an object, or not valid: JSON.parse decides (and its error names the fault). */
  #slow(buf: Buffer, start: number, end: number): unknown {
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return BLANK;
    return projectValue(JSON.parse(text), this.#root);
  }
}
