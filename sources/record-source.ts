/**
 * The Readable behind every record source (lines, CSV, JSON, FASTA...): reads its inputs one
 * after another through {@link InputReader}, gives each input's chunks to a fresh parser,
 * and pushes the records of a chunk at once ({@link BatchSource.pushItems}), pausing when
 * the consumer is full. Errors destroy it (closing what it opened; a stream the caller
 * passed in is only let go), and so does an abort signal. Under `onError: 'skip'` or a dead
 * letter, a bad record is counted (`[kSkipped]`) and handed on, and reading goes on.
 */
import type { EventEmitter } from 'node:events';
import { addAbortSignal } from 'node:stream';
import { BatchSource } from '../lib/core/batch-source.js';
import { type DeadLetter, ErrorPolicy, type OnError } from '../lib/core/error-policy.js';
import { RecordError, StageError, StreamtoolzError } from '../lib/core/errors.js';
import { kName, kProjectFields, kSkipped } from '../lib/core/symbols.js';
import type { OptionNames } from '../lib/core/validate.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { assertReopenable, sourceName, type Input } from '../lib/io/inputs.js';
import { InputReader, type InputEvent, type Progress } from '../lib/io/input-reader.js';
import { SOURCE_OPTIONS, type SourceOptions } from '../lib/io/source-options.js';
import type { BadRecordHandler } from './bad-record.js';

/**
 * Options of the record sources (CSV, JSON, FASTA, FASTQ, sequences).
 *
 * @example
 * ```ts
 * const options: RecordSourceOptions = { onError: 'skip', highWaterMark: 64 };
 * const reads = sources.fastq('run.fq.gz', options);
 * ```
 */
export interface RecordSourceOptions extends SourceOptions {
  /**
   * What a bad record does: `'fail'` (default) ends the source with a RecordError naming
   * the input and line; `'skip'` drops it and counts it; a function or an object-mode
   * Writable (a dead letter) receives `{ error, item, index, stage, input, line }`, where
   * `item` is the record's raw text, and reading goes on. Only damage the parser can step
   * over is skipped: a broken structure (an unclosed JSON array, binary data) still fails.
   */
  onError?: OnError<string> | undefined;
}

/** The names of {@link RecordSourceOptions}, for the unknown-option check. */
export const RECORD_SOURCE_OPTIONS: OptionNames<RecordSourceOptions> = { ...SOURCE_OPTIONS, onError: true };

/** What a record source needs to know about its format. */
export interface RecordFormat<T> {
  /** `lines`, `csv`, `fasta`...: the source is named `kind(input)`. */
  kind: string;
  /**
   * Makes one parser per input. `onBad` is given unless bad records are fatal; a parser
   * that cannot step over a bad record ignores it and throws.
   */
  parser: (input: string, stage: string, source: EventEmitter, onBad: BadRecordHandler | undefined, fields?: readonly string[]) => ChunkParser<T>;
  /** Reject NUL bytes (binary garbage) as a RecordError. Default true. */
  text?: boolean;
  /**
   * The format can yield only some fields of its records (`pipe()`'s pushdown): the parser
   * is then given them, and the inputs are read with these options. Undefined: it cannot.
   */
  projection?: { read: SourceOptions } | undefined;
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
  readonly #options: RecordSourceOptions;
  readonly #format: RecordFormat<T>;
  #reader: InputReader;
  #events: AsyncGenerator<InputEvent>;
  /** The fields pushed down by `pipe()`, before anything was read. */
  #fields: readonly string[] | undefined;
  #read = false;
  readonly #policy: ErrorPolicy<string>;
  readonly #onBad: BadRecordHandler | undefined;
  #parser: ChunkParser<T> | undefined;
  #offset = 0;
  #pulling = false;
  /** Records read so far, good and bad: the index of the next one. */
  #records = 0;
  /** The chunk's good records, while a parser works on it (a bad record's index counts them). */
  #out: T[] = [];
  #letters: DeadLetter<string>[] = [];

  /** Typed: `for await (const r of fasta(...))` gives `SequenceRecord`, and `pipe()` infers it. */
  declare [Symbol.asyncIterator]: () => AsyncIterableIterator<T>;

  constructor(inputs: readonly Input[], options: RecordSourceOptions, format: RecordFormat<T>) {
    super(sourceName(format.kind, inputs), options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark });
    this.#inputs = inputs;
    this.#options = options;
    this.#format = format;
    this.#policy = new ErrorPolicy<string>(options.onError, this[kName]);
    this.#onBad = this.#policy.fails ? undefined : (error, raw, line) => this.#bad(error, raw, line);
    this.#reader = new InputReader(inputs, options, (p: Progress) => this.emit('progress', p));
    this.#events = this.#reader.events();
    if (options.signal) addAbortSignal(options.signal, this);
  }

  /** The display name, e.g. `lines(data.txt)`. */
  get name(): string {
    return this[kName];
  }

  /** Bad records skipped or sent to the dead letter so far (always 0 under `'fail'`). */
  get skipped(): number {
    return this.#policy.skipped;
  }

  /** What `pipe()`'s stats read: {@link skipped}. */
  get [kSkipped](): number {
    return this.#policy.skipped;
  }

  /**
   * A fresh source over the same inputs with the same options, for a second pass. Throws
   * a NOT_REOPENABLE error when an input is stdin or a passed-in stream.
   */
  reopen(): this {
    assertReopenable(this.#inputs, this.name);
    return new (this.constructor as new (i: readonly Input[], o: RecordSourceOptions, f: RecordFormat<T>) => this)(this.#inputs, this.#options, this.#format);
  }

  /**
   * `pipe()`'s pushdown: yield only `fields` of each record, when the format can and nothing
   * has been read yet (a reopened source reads whole again).
   */
  [kProjectFields](fields: readonly string[]): boolean {
    const projection = this.#format.projection;
    if (projection === undefined || this.#read || this.#fields !== undefined) return false;
    this.#fields = [...fields];
    // Nothing was opened yet: a reader with the options the projected parser allows.
    this.#reader.close();
    this.#reader = new InputReader(this.#inputs, { ...this.#options, ...projection.read }, (p: Progress) => this.emit('progress', p));
    this.#events = this.#reader.events();
    return true;
  }

  override _read(): void {
    this.#read = true;
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
          this.#parser = this.#format.parser(ev.input, this.name, this, this.#onBad, this.#fields);
          this.#offset = 0;
          continue;
        }
        const parser = this.#parser as ChunkParser<T>;
        this.#out = out;
        if (ev.kind === 'data') {
          if (this.#format.text !== false) this.#checkText(ev.chunk, ev.input);
          parser.write(ev.chunk, out);
          this.#offset += ev.chunk.length;
          if (parser.done) this.#reader.skipCurrent();
        } else parser.end(out);
        this.#records += out.length;
        if (this.#letters.length > 0) {
          await this.#sendLetters();
          if (this.destroyed) return;
        }
        if (!this.pushItems(out)) return;
      }
    } catch (err) {
      this.destroy(err instanceof StreamtoolzError || (err as Error)?.name === 'AbortError' ? (err as Error) : new StageError({ stage: this.name }, err));
    } finally {
      this.#pulling = false;
    }
  }

  /** A parser met a bad record: it is the next record, in order among the good ones. */
  #bad(error: RecordError, raw: string, line: number | undefined): void {
    const index = this.#records + this.#out.length + this.#letters.length;
    this.#letters.push({ error, item: raw, index, stage: this.name, input: error.input, line: line ?? error.line });
  }

  /** Hands the chunk's bad records to the policy, waiting for a slow dead letter. */
  async #sendLetters(): Promise<void> {
    const letters = this.#letters;
    this.#letters = [];
    this.#records += letters.length;
    for (const letter of letters) await this.#policy.handle(letter);
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
