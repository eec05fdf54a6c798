/**
 * Forward searches over a random-access byte source (a file handle, a buffer), one window
 * at a time: finding where records start near a cut point reads a few KiB, never the file.
 */

/** Bytes that can be read at any position: a file, a buffer (later: an object in a store). */
export interface RandomAccess {
  /** Total length in bytes. */
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer only at the end). */
  read(position: number, length: number): Promise<Uint8Array>;
}

const WINDOW = 1 << 16;

/**
 * A {@link RandomAccess} over bytes in memory.
 *
 * @example
 * ```ts
 * const src = bufferAccess(Buffer.from('a\nb\n'));
 * await src.read(2, 2); // 'b\n'
 * ```
 */
export function bufferAccess(bytes: Uint8Array): RandomAccess {
  return { size: bytes.length, read: (position, length) => Promise.resolve(bytes.subarray(position, position + length)) };
}

/**
 * Searches forward through a {@link RandomAccess}, keeping the last window read.
 *
 * @example
 * ```ts
 * const w = new ByteWindow(bufferAccess(Buffer.from('ab\n>cd')));
 * await w.indexOf(Buffer.from('\n>'), 0); // 2
 * ```
 */
export class ByteWindow {
  readonly size: number;
  readonly #src: RandomAccess;
  #buf: Buffer = Buffer.alloc(0);
  #start = 0;

  constructor(src: RandomAccess) {
    this.#src = src;
    this.size = src.size;
  }

  /** The byte at `pos`, or -1 past the end. */
  async at(pos: number): Promise<number> {
    if (pos < 0 || pos >= this.size) return -1;
    await this.#load(pos);
    return this.#buf[pos - this.#start]!;
  }

  /** Position of the first occurrence of `needle` starting in [from, limit), or -1. */
  async indexOf(needle: Buffer | number, from: number, limit = this.size): Promise<number> {
    const overlap = typeof needle === 'number' ? 0 : needle.length - 1;
    const stop = Math.min(limit, this.size);
    let pos = Math.max(0, from);
    while (pos < stop) {
      await this.#load(pos);
      const i = this.#buf.indexOf(needle, pos - this.#start);
      if (i >= 0) return this.#start + i < stop ? this.#start + i : -1;
      const end = this.#start + this.#buf.length;
      if (end >= stop) return -1;
      // A needle cut by the window's end is found from the next window.
      pos = Math.max(pos + 1, end - overlap);
    }
    return -1;
  }

  /** How many times `byte` occurs in [from, limit): window by window, no await per hit. */
  async count(byte: number, from: number, limit: number): Promise<number> {
    const stop = Math.min(limit, this.size);
    let n = 0;
    for (let pos = Math.max(0, from); pos < stop; ) {
      await this.#load(pos);
      const end = Math.min(this.#start + this.#buf.length, stop) - this.#start;
      for (let i = this.#buf.indexOf(byte, pos - this.#start); i >= 0 && i < end; i = this.#buf.indexOf(byte, i + 1)) n++;
      pos = this.#start + end;
    }
    return n;
  }

  /** Makes the window cover `pos` (a fresh window starting there if it does not). */
  async #load(pos: number): Promise<void> {
    if (pos >= this.#start && pos < this.#start + this.#buf.length) return;
    const bytes = await this.#src.read(pos, Math.min(WINDOW, this.size - pos));
    if (bytes.length === 0) throw new Error(`no bytes at offset ${pos} of ${this.size}: the input changed while it was being split`);
    this.#buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#start = pos;
  }
}
