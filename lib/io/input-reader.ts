/**
 * Reads a list of inputs one after another, as events: `open` (a new input starts), `data`
 * (a decompressed chunk of it) and `end`. Parsers keep one state per input (line numbers,
 * a record cut at the end of a file), so the boundaries between inputs are part of the
 * stream of events rather than lost in one concatenated byte stream.
 */
import type { Input, ResolvedInput } from './inputs.js';
import { resolveInputs } from './inputs.js';
import { openInput, type OpenOptions, type OpenedInput } from './open-input.js';

/** A progress report: raw bytes read of the current input, and its size when known. */
export interface Progress {
  /** The input being read (a path, URL or `stdin`). */
  input: string;
  /** 0-based position of this input among all inputs (after glob expansion). */
  index: number;
  /** Number of inputs (after glob expansion). */
  count: number;
  /** Raw (for gzip: compressed) bytes of this input read so far. */
  bytesRead: number;
  /** Raw size of this input, when known (files; HTTP with a Content-Length). */
  totalBytes: number | undefined;
}

/** What {@link InputReader.events} yields. */
export type InputEvent =
  | { kind: 'open'; input: string; index: number }
  | { kind: 'data'; input: string; index: number; chunk: Buffer }
  | { kind: 'end'; input: string; index: number };

/**
 * Sequential reader over inputs.
 *
 * @example
 * ```ts
 * const reader = new InputReader(['a.txt', 'b.txt.gz'], {}, (p) => console.error(p.bytesRead));
 * for await (const ev of reader.events()) if (ev.kind === 'data') process.stdout.write(ev.chunk);
 * ```
 */
export class InputReader {
  readonly #inputs: readonly Input[];
  readonly #options: OpenOptions;
  readonly #onProgress: ((p: Progress) => void) | undefined;
  readonly #controller = new AbortController();
  #current: OpenedInput | undefined;
  #closed = false;
  #skip = false;

  constructor(inputs: readonly Input[], options: OpenOptions, onProgress?: (p: Progress) => void) {
    this.#inputs = inputs;
    // Our own signal also cancels a request still waiting for its response when we close.
    const signal = options.signal ? AbortSignal.any([options.signal, this.#controller.signal]) : this.#controller.signal;
    this.#options = { ...options, signal };
    this.#onProgress = onProgress;
  }

  /** Stops reading and releases the open file or socket at once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#current?.close();
    this.#controller.abort();
  }

  /**
   * Stops reading the current input (its file or socket is closed): the next event is its
   * `end`, then the next input goes on. Call it between events.
   */
  skipCurrent(): void {
    this.#skip = true;
  }

  /**
   * The events of all inputs, one input after another. After {@link close} it ends quietly
   * (a read cut short by close() is not an error); any other failure is an InputError.
   */
  async *events(): AsyncGenerator<InputEvent> {
    try {
      yield* this.#read();
    } catch (err) {
      if (!this.#closed) throw err;
    }
  }

  async *#read(): AsyncGenerator<InputEvent> {
    const resolved: ResolvedInput[] = await resolveInputs(this.#inputs);
    const count = resolved.length;
    for (let index = 0; index < count && !this.#closed; index++) {
      const target = resolved[index] as ResolvedInput;
      const opened = await openInput(target, this.#options);
      this.#current = opened;
      try {
        if (this.#closed) return;
        const input = opened.name;
        yield { kind: 'open', input, index };
        const report = (): void => this.#onProgress?.({ input, index, count, bytesRead: opened.bytesRead, totalBytes: opened.totalBytes });
        report();
        for await (const chunk of opened.chunks) {
          report();
          if (this.#closed) return;
          if (chunk.length > 0) yield { kind: 'data', input, index, chunk };
          // Leaving the loop returns the iterator, which closes the input.
          if (this.#skip) break;
        }
        this.#skip = false;
        yield { kind: 'end', input, index };
      } finally {
        opened.close();
        this.#current = undefined;
      }
    }
  }
}
