/**
 * `openBytes(input)`: the bytes of one or more inputs as one byte Readable, gunzipped when
 * gzip, read one after another. For consumers that parse bytes themselves (the k-mer
 * counter); record sources use the per-input parsers instead.
 */
import { Readable, addAbortSignal } from 'node:stream';
import { kName } from '../lib/core/symbols.js';
import { assertReopenable, normalizeInputs, sourceName, type Input, type InputSpec } from '../lib/io/inputs.js';
import { InputReader, type InputEvent, type Progress } from '../lib/io/input-reader.js';
import { checkSourceOptions, SOURCE_OPTIONS, type SourceOptions } from '../lib/io/source-options.js';
import { checkOptionNames, type OptionNames, validateBoolean } from '../lib/core/validate.js';

/**
 * Options of {@link openBytes}.
 *
 * @example
 * ```ts
 * const bytes = sources.openBytes(['a.txt', 'b.txt'], { newlineBetween: false });
 * ```
 */
export interface BytesOptions extends SourceOptions {
  /**
   * Insert a `\n` after an input that does not end with one, so that the last line of one
   * file never runs into the first line of the next. The only change ever made to the bytes.
   * Default true.
   */
  newlineBetween?: boolean | undefined;
}

const BYTES_OPTIONS: OptionNames<BytesOptions> = { ...SOURCE_OPTIONS, newlineBetween: true };

const NEWLINE = Buffer.from('\n');

/**
 * A byte Readable over inputs. Emits `'progress'` ({@link Progress}) and `'input'`
 * (`{ input, index }`, when reading an input starts: the consumer may not have read the
 * previous input's last chunks yet, so use the record sources when per-input boundaries
 * matter); `reopen()` gives a fresh one for a second pass.
 *
 * @example
 * ```ts
 * const bytes = openBytes(['a.fq.gz', 'b.fq.gz']);
 * for await (const chunk of bytes) scan(chunk);
 * ```
 */
export class ByteSource extends Readable {
  [kName]: string;
  readonly #inputs: readonly Input[];
  readonly #options: BytesOptions;
  readonly #reader: InputReader;
  readonly #events: AsyncGenerator<InputEvent>;
  #pulling = false;
  #lastByte = 10;

  /** Typed: the chunks are Buffers. */
  declare [Symbol.asyncIterator]: () => AsyncIterableIterator<Buffer>;

  constructor(inputs: readonly Input[], options: BytesOptions) {
    super({ highWaterMark: options.chunkSize ?? 512 * 1024 });
    this[kName] = sourceName('bytes', inputs);
    this.#inputs = inputs;
    this.#options = options;
    this.#reader = new InputReader(inputs, options, (p: Progress) => this.emit('progress', p));
    this.#events = this.#reader.events();
    if (options.signal) addAbortSignal(options.signal, this);
  }

  /** The display name, e.g. `bytes(reads.fq.gz)`. */
  get name(): string {
    return this[kName];
  }

  /** A fresh source over the same inputs; throws NOT_REOPENABLE for stdin or a stream. */
  reopen(): ByteSource {
    assertReopenable(this.#inputs, this.name);
    return new ByteSource(this.#inputs, this.#options);
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
        if (r.done) return void this.push(null);
        const ev = r.value;
        if (ev.kind === 'open') {
          this.emit('input', { input: ev.input, index: ev.index });
          continue;
        }
        if (ev.kind === 'end') {
          if (this.#options.newlineBetween !== false && this.#lastByte !== 10) {
            this.#lastByte = 10;
            if (!this.push(NEWLINE)) return;
          }
          continue;
        }
        this.#lastByte = ev.chunk[ev.chunk.length - 1] as number;
        if (!this.push(ev.chunk)) return;
      }
    } catch (err) {
      this.destroy(err as Error);
    } finally {
      this.#pulling = false;
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#reader.close();
    this.#events.return(undefined).catch(() => {});
    callback(err);
  }
}

/**
 * Opens inputs (paths, globs, URLs, `'-'`, Readables) as one byte stream, gunzipping any
 * that is gzip (detected by its magic bytes, multi-member files included).
 *
 * @example
 * ```ts
 * const src = openBytes('reads/*.fq.gz');
 * src.on('progress', ({ input, bytesRead, totalBytes }) => console.error(input, bytesRead, totalBytes));
 * for await (const chunk of src) counter.update(chunk);
 * const again = src.reopen(); // a second pass
 * ```
 */
export function openBytes(input: InputSpec, options?: BytesOptions): ByteSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(checkOptionNames(options, BYTES_OPTIONS, 'sources.openBytes()'));
  if (opts.newlineBetween !== undefined) validateBoolean(opts.newlineBetween, 'newlineBetween');
  return new ByteSource(inputs, opts);
}
