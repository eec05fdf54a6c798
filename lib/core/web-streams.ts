/**
 * Web streams in `pipe()`: a `ReadableStream` of items as the source, a `WritableStream` as the
 * destination. The source is the caller's: `pipe()` reads it through a reader whose lock it
 * releases when done or stopped, never cancelling the stream. The destination is written with
 * backpressure (`writer.ready`), closed at the end and aborted on a failure, as a Node
 * destination is ended or destroyed.
 */
import { BatchSource } from './batch-source.js';
import { kName } from './symbols.js';
import type { SinkOptions } from './types.js';

export const isReadableStream = (x: unknown): x is ReadableStream => typeof ReadableStream === 'function' && x instanceof ReadableStream;
export const isWritableStream = (x: unknown): x is WritableStream => typeof WritableStream === 'function' && x instanceof WritableStream;

/**
 * A Web `ReadableStream` of items as a source for `pipe()`.
 *
 * @example
 * ```ts
 * await pipe(response.body.pipeThrough(new TextDecoderStream()), transforms.map(parse), sinks.collect());
 * ```
 */
export class WebSource<T> extends BatchSource<T> {
  readonly #reader: ReadableStreamDefaultReader<T>;
  #reading = false;

  constructor(stream: ReadableStream<T>) {
    // One chunk buffered: the caller may read on where the pipe stopped.
    super('ReadableStream', { highWaterMark: 1 });
    this.#reader = stream.getReader();
  }

  override _read(): void {
    if (!this.#reading) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#reading = true;
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (this.destroyed) return;
        if (done) {
          this.#reader.releaseLock();
          return void this.push(null);
        }
        if (!(this.batched ? this.push([value]) : this.push(value))) return;
      }
    } catch (err) {
      if (!this.destroyed) this.destroy(err as Error);
    } finally {
      this.#reading = false;
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    // Lets the caller's stream go: a pending read rejects, the stream itself is not cancelled.
    try {
      this.#reader.releaseLock();
    } catch {
      // released already
    }
    callback(err);
  }
}

/**
 * The sink function that writes a pipe's output into a Web `WritableStream`.
 *
 * @example
 * ```ts
 * await pipe(rows, transforms.map(toLine), new WritableStream({ write: (line) => void lines.push(line) }));
 * ```
 */
export function writeToWeb(stream: WritableStream): ((source: AsyncIterable<unknown>, options?: SinkOptions) => Promise<void>) & { [kName]: string } {
  const sink = async (source: AsyncIterable<unknown>): Promise<void> => {
    const writer = stream.getWriter();
    try {
      for await (const item of source) {
        await writer.ready;
        // Its failure shows on writer.ready or close(), which are awaited.
        writer.write(item).catch(() => {});
      }
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => {});
      throw err;
    } finally {
      writer.releaseLock();
    }
  };
  return Object.assign(sink, { [kName]: 'WritableStream' });
}
