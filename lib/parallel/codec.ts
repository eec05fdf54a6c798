/**
 * The byte format of encoded aggregator states: a 4-byte ASCII tag naming the state's kind
 * ('FREQ', 'KMER', 'PCAS'), a uint32 format version, then the payload. Numbers and typed
 * arrays are little-endian, and every typed array starts at a multiple of 8 from the
 * frame's start, so that a reader can copy it out with one `slice`.
 *
 * This is what crosses thread (and, later, machine) boundaries: a worker encodes its
 * partial state, the reducer decodes and merges. A frame is self-checking enough to refuse
 * bytes of another kind or version with a one-line error instead of a wrong result.
 */
import { codes, StreamtoolzError } from '../core/errors.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Typed = Uint8Array | Uint32Array | Float64Array;

/**
 * Builds one encoded frame.
 *
 * @example
 * ```ts
 * const w = new FrameWriter('FREQ', 1);
 * w.u32(2); w.f64array(new Float64Array([1, 2]));
 * const bytes = w.finish();
 * ```
 */
export class FrameWriter {
  readonly #parts: Typed[] = [];
  #length = 0;

  constructor(tag: string, version: number) {
    if (!LITTLE_ENDIAN) throw new StreamtoolzError(codes.NO_RESULT, 'encoded states need a little-endian machine');
    if (tag.length !== 4) throw new RangeError(`frame tag must be 4 ASCII characters, got '${tag}'`);
    this.#push(Uint8Array.from(tag, (c) => c.charCodeAt(0)));
    this.u32(version);
  }

  /** Appends one uint32. */
  u32(value: number): this {
    return this.#push(new Uint32Array([value]));
  }

  /** Appends one float64 (8-aligned). */
  f64(value: number): this {
    return this.f64array(new Float64Array([value]));
  }

  /** Appends a Uint32Array's elements (4-aligned: every part so far is a multiple of 4). */
  u32array(a: Uint32Array): this {
    return this.#push(a);
  }

  /** Appends a Float64Array's elements, after padding to a multiple of 8. */
  f64array(a: Float64Array): this {
    if (this.#length % 8 !== 0) this.#push(new Uint8Array(8 - (this.#length % 8)));
    return this.#push(a);
  }

  /** Appends raw bytes, then pads to a multiple of 4. */
  bytes(a: Uint8Array): this {
    this.#push(a);
    if (this.#length % 4 !== 0) this.#push(new Uint8Array(4 - (this.#length % 4)));
    return this;
  }

  /** The frame, in one fresh buffer (so that it can be transferred). */
  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let pos = 0;
    for (const p of this.#parts) {
      out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), pos);
      pos += p.byteLength;
    }
    return out;
  }

  #push(p: Typed): this {
    this.#parts.push(p);
    this.#length += p.byteLength;
    return this;
  }
}

/**
 * Reads one frame written by {@link FrameWriter}, in the same order.
 *
 * @example
 * ```ts
 * const r = new FrameReader(bytes, 'FREQ', 1);
 * const n = r.u32(); const counts = r.f64array(n);
 * r.end();
 * ```
 */
export class FrameReader {
  readonly #bytes: Uint8Array;
  readonly #tag: string;
  #pos = 0;

  constructor(bytes: Uint8Array, tag: string, version: number) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`encoded ${tag} state must be a Uint8Array`);
    this.#bytes = bytes;
    this.#tag = tag;
    const got = bytes.length >= 8 ? String.fromCharCode(...bytes.subarray(0, 4)) : '';
    if (got !== tag) throw this.#error(`not a ${tag} state (tag '${got.replace(/[^\x20-\x7e]/g, '?')}')`);
    this.#pos = 4;
    const v = this.u32();
    if (v !== version) throw this.#error(`format version ${v}, this build reads ${version}`);
  }

  /** Reads one uint32. */
  u32(): number {
    return this.#take(4, 1, Uint32Array)[0]!;
  }

  /** Reads one float64. */
  f64(): number {
    return this.f64array(1)[0]!;
  }

  /** Reads `n` uint32 values (a copy). */
  u32array(n: number): Uint32Array {
    return this.#take(4, n, Uint32Array);
  }

  /** Reads `n` float64 values (a copy), after the writer's padding. */
  f64array(n: number): Float64Array {
    if (this.#pos % 8 !== 0) this.#pos += 8 - (this.#pos % 8);
    return this.#take(8, n, Float64Array);
  }

  /** Reads `n` raw bytes (a view, not a copy), then skips the padding. */
  bytes(n: number): Uint8Array {
    this.#need(n);
    const out = this.#bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    if (this.#pos % 4 !== 0) this.#pos += 4 - (this.#pos % 4);
    return out;
  }

  /** Checks that the whole frame was read: trailing bytes mean a writer/reader mismatch. */
  end(): void {
    if (this.#pos !== this.#bytes.length) throw this.#error(`${this.#bytes.length - this.#pos} unexpected trailing bytes`);
  }

  #take<T extends Uint32Array | Float64Array>(size: number, n: number, Ctor: new (b: ArrayBuffer) => T): T {
    const len = size * n;
    this.#need(len);
    const start = this.#bytes.byteOffset + this.#pos;
    this.#pos += len;
    // A copy of exactly these bytes: aligned whatever the input's byteOffset, and the
    // caller may keep it after the frame's buffer is reused or transferred.
    return new Ctor(this.#bytes.buffer.slice(start, start + len) as ArrayBuffer);
  }

  #need(len: number): void {
    if (!Number.isInteger(len) || len < 0 || this.#pos + len > this.#bytes.length) throw this.#error(`truncated at byte ${this.#pos} (needs ${len} more)`);
  }

  #error(problem: string): StreamtoolzError {
    return new StreamtoolzError(codes.BAD_RECORD, `encoded ${this.#tag} state: ${problem}`);
  }
}
