/**
 * The Readable behind every record source (lines, CSV, JSON, FASTA...): reads its inputs one
 * after another through {@link InputReader}, gives each input's chunks to a fresh parser,
 * and pushes the records of a chunk at once ({@link BatchSource.pushItems}), pausing when
 * the consumer is full. Errors destroy it (closing the open file or socket), and so does an
 * abort signal.
 */
import { addAbortSignal } from 'node:stream';
import { BatchSource } from '../lib/core/batch-source.js';
import { RecordError, StageError, StreamtoolzError } from '../lib/core/errors.js';
import { kName } from '../lib/core/symbols.js';
import type { ChunkParser, ParserFactory } from '../lib/io/chunk-parser.js';
import { assertReopenable, sourceName, type Input } from '../lib/io/inputs.js';
import { InputReader, type InputEvent, type Progress } from '../lib/io/input-reader.js';
import type { SourceOptions } from '../lib/io/source-options.js';

/** What a record source needs to know about its format. */
export interface RecordFormat<T> {
  /** `lines`, `csv`, `fasta`...: the source is named `kind(input)`. */
  kind: string;
  /** Makes one parser per input. */
  parser: ParserFactory<T>;
  /** Reject NUL bytes (binary garbage) as a RecordError. Default true. */
  text?: boolean;
}

/**
 * A record source. Emits `'progress'` ({@link Progress}) as it reads; `reopen()` gives a
 * fresh source over the same inputs for a second pass.
 *
 * @example
 * ```ts
 * const src = new RecordSource(['a.txt'], {}, { kind: 'lines', parser: (input) => new LineParser(input) });
 * src.on('progress', (p) => bar.update(p.bytesRead, p.totalBytes));
 * for await (const line of src) console.log(line);
 * ```
 */
export class RecordSource<T> extends BatchSource<T> {
  readonly #inputs: readonly Input[];
  readonly #options: SourceOptions;
  readonly #format: RecordFormat<T>;
  readonly #reader: InputReader;
  readonly #events: AsyncGenerator<InputEvent>;
  #parser: ChunkParser<T> | undefined;
  #offset = 0;
  #pulling = false;

  /** Typed: `for await (const r of fasta(...))` gives `SequenceRecord`, and `pipe()` infers it. */
  declare [Symbol.asyncIterator]: () => AsyncIterableIterator<T>;

  constructor(inputs: readonly Input[], options: SourceOptions, format: RecordFormat<T>) {
    super(sourceName(format.kind, inputs), options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark });
    this.#inputs = inputs;
    this.#options = options;
    this.#format = format;
    this.#reader = new InputReader(inputs, options, (p: Progress) => this.emit('progress', p));
    this.#events = this.#reader.events();
    if (options.signal) addAbortSignal(options.signal, this);
  }

  /** The display name, e.g. `lines(data.txt)`. */
  get name(): string {
    return this[kName];
  }

  /**
   * A fresh source over the same inputs with the same options, for a second pass. Throws
   * a NOT_REOPENABLE error when an input is stdin or a passed-in stream.
   */
  reopen(): this {
    assertReopenable(this.#inputs, this.name);
    return new (this.constructor as new (i: readonly Input[], o: SourceOptions, f: RecordFormat<T>) => this)(this.#inputs, this.#options, this.#format);
  }

  override _read(): void {
    if (this.#pulling) return;
    this.#pulling = true;
    void this.#pull();
  }

  async #pull(): Promise<void> {
    try {
      for (;;) {
        const r = await this.#events.next();
        if (this.destroyed) return;
        if (r.done) {
          this.push(null);
          return;
        }
        const ev = r.value;
        const out: T[] = [];
        if (ev.kind === 'open') {
          this.#parser = this.#format.parser(ev.input, this.name, this);
          this.#offset = 0;
          continue;
        }
        const parser = this.#parser as ChunkParser<T>;
        if (ev.kind === 'data') {
          if (this.#format.text !== false) this.#checkText(ev.chunk, ev.input);
          parser.write(ev.chunk, out);
          this.#offset += ev.chunk.length;
          if (parser.done) this.#reader.skipCurrent();
        } else parser.end(out);
        if (!this.pushItems(out)) return;
      }
    } catch (err) {
      this.destroy(err instanceof StreamtoolzError || (err as Error)?.name === 'AbortError' ? (err as Error) : new StageError({ stage: this.name }, err));
    } finally {
      this.#pulling = false;
    }
  }

  #checkText(chunk: Buffer, input: string): void {
    const nul = chunk.indexOf(0);
    if (nul !== -1) throw new RecordError({ input, offset: this.#offset + nul, stage: this.name }, 'binary data (a NUL byte), not text');
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#reader.close();
    // Ends the generator if it is parked at a yield; if it is waiting on I/O, close() above
    // already made that wait fail.
    this.#events.return(undefined).catch(() => {});
    callback(err);
  }
}
