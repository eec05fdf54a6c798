/**
 * File reads into reused buffers (`reuseBuffer` and `readAhead` of `open-input.ts`): no
 * allocation per chunk, and with two buffers the next read runs while the last is used.
 * The whole file, or given byte ranges of it (a piece of a job's input: `file-range.ts`).
 */
import type { FileHandle } from 'node:fs/promises';

/**
 * A file read chunk by chunk into one buffer (or two, taking turns: the next read runs
 * while the consumer works on the current chunk): each chunk is a view, valid until the
 * next one is asked for.
 *
 * @example
 * ```ts
 * const reader = new ReusedBufferReader(await open('reads.fa', 'r'), 1 << 19, 2, undefined);
 * for (let r = await reader.next(); !r.done; r = await reader.next()) scan(r.value); // before the next call
 * reader.close();
 * ```
 */
export class ReusedBufferReader implements AsyncIterator<Buffer> {
  readonly #handle: FileHandle;
  readonly #buffers: Buffer[];
  readonly #signal: AbortSignal | undefined;
  /** Byte ranges to read, in order; undefined: the whole file, from where the handle is. */
  readonly #ranges: readonly (readonly [number, number])[] | undefined;
  /** The handle is the caller's: left open by close(). */
  readonly #borrowed: boolean;
  #range = 0;
  #position = 0;
  /** The read in flight into `#buffers[#turn]`, when reading ahead. */
  #pending: Promise<number> | undefined;
  #turn = 0;
  #closed = false;

  /** `ranges`: read only these byte ranges; `borrowed`: the handle is the caller's, close() leaves it open. */
  constructor(
    handle: FileHandle,
    size: number,
    buffers: number,
    signal: AbortSignal | undefined,
    ranges?: readonly (readonly [number, number])[],
    borrowed = false,
  ) {
    this.#handle = handle;
    this.#buffers = Array.from({ length: buffers }, () => Buffer.allocUnsafeSlow(size));
    this.#signal = signal;
    this.#ranges = ranges;
    this.#borrowed = borrowed;
    this.#position = ranges?.[0]?.[0] ?? 0;
  }

  async next(): Promise<IteratorResult<Buffer>> {
    this.#signal?.throwIfAborted();
    if (this.#closed) return { done: true, value: undefined };
    const buffer = this.#buffers[this.#turn]!;
    const bytesRead = await (this.#pending ?? this.#read(buffer));
    this.#pending = undefined;
    this.#signal?.throwIfAborted();
    if (bytesRead === 0 || this.#closed) {
      this.close();
      return { done: true, value: undefined };
    }
    if (this.#buffers.length > 1) {
      // The caller is done with the other buffer's chunk: read the next one into it now.
      this.#turn ^= 1;
      const ahead = this.#read(this.#buffers[this.#turn]!);
      ahead.catch(() => {}); // observed by the next call to next(); none may come
      this.#pending = ahead;
    }
    return { done: false, value: buffer.subarray(0, bytesRead) };
  }

  async return(): Promise<IteratorResult<Buffer>> {
    this.close();
    return { done: true, value: undefined };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // A read in flight finishes before the handle closes (closing under it is an EBADF race).
    const pending = this.#pending ?? Promise.resolve();
    this.#pending = undefined;
    if (this.#borrowed) return;
    void pending
      .catch(() => {})
      .then(() => this.#handle.close())
      .catch(() => {});
  }

  async #read(buffer: Buffer): Promise<number> {
    const ranges = this.#ranges;
    if (ranges === undefined) return (await this.#handle.read(buffer, 0, buffer.length, null)).bytesRead;
    // Reads are positional, each within the current range; one that comes short ends it early (the file shrank).
    for (;;) {
      const range = ranges[this.#range];
      if (range === undefined) return 0;
      const want = Math.min(buffer.length, range[1] - this.#position);
      const { bytesRead } = want > 0 ? await this.#handle.read(buffer, 0, want, this.#position) : { bytesRead: 0 };
      if (bytesRead > 0) {
        this.#position += bytesRead;
        return bytesRead;
      }
      this.#position = ranges[++this.#range]?.[0] ?? 0;
    }
  }
}
