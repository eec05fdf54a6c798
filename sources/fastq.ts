/**
 * `fastq(input)`: FASTQ records `{ id, description, sequence, quality }`. Reads the usual
 * four-line records and also wrapped ones (sequence lines up to the `+` line, then quality
 * lines until the quality is as long as the sequence), as kseq and Biopython do.
 */
import { RecordError } from '../lib/core/errors.js';
import { quoteData } from '../lib/util/quote-data.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions, type SourceOptions } from '../lib/io/source-options.js';
import { checkOptionNames } from '../lib/core/validate.js';
import { type BadRecordHandler, RawLines } from './bad-record.js';
import { LineScanner } from './line-scanner.js';
import { RECORD_SOURCE_OPTIONS, RecordSource, type RecordSourceOptions } from './record-source.js';
import { splitHeader, type FastqRecord } from './sequence-record.js';

const HEADER = 0;
const SEQUENCE = 1;
const QUALITY = 2;
/** After a bad record: its lines run on until the next line starting with '@'. */
const SKIPPING = 3;

/**
 * Parses one FASTQ input; a malformed record (no `@`, no `+`, a quality of the wrong
 * length, a record cut short) is a RecordError naming the input and line. With `onBad` it
 * is reported instead, with its lines up to the next line starting with `@`, where reading
 * picks up again (as a quality line may itself start with `@`, a record after a bad one can
 * be misread and reported too; never silently).
 *
 * @example
 * ```ts
 * const p = new FastqParser('r.fq', 'fastq(r.fq)'), out: FastqRecord[] = [];
 * p.write(Buffer.from('@r1 x\nACGT\n+\nIIII\n'), out); p.end(out);
 * // out: [{ id: 'r1', description: 'x', sequence: 'ACGT', quality: 'IIII' }]
 * ```
 */
export class FastqParser implements ChunkParser<FastqRecord> {
  readonly #scanner: LineScanner;
  readonly #input: string;
  readonly #stage: string;
  #out: FastqRecord[] = [];
  #state = HEADER;
  #header = '';
  #headerLine = 0;
  #sequence = '';
  #quality = '';
  readonly #onBad: BadRecordHandler | undefined;
  /** The current record's lines, kept only while bad records are reported. */
  readonly #raw: RawLines | undefined;
  #badError: RecordError | undefined;
  #badLine = 0;

  constructor(input: string, stage: string, onBad?: BadRecordHandler, options: Pick<SourceOptions, 'maxLineLength'> = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#onBad = onBad;
    this.#raw = onBad === undefined ? undefined : new RawLines();
    this.#scanner = new LineScanner((buf, start, end, line) => this.#line(buf, start, end, line), { input, stage, maxLineLength: options.maxLineLength });
  }

  write(chunk: Buffer, out: FastqRecord[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: FastqRecord[]): void {
    this.#out = out;
    this.#scanner.end();
    if (this.#state === SKIPPING) this.#report();
    else if (this.#state !== HEADER) {
      const what = this.#state === SEQUENCE ? "no '+' line" : `quality has ${this.#quality.length} characters, sequence ${this.#sequence.length}`;
      this.#fail(this.#scanner.line, `record ${quoteData(splitHeader(this.#header).id)} (line ${this.#headerLine}) is cut short: ${what}`);
      this.#report();
    }
  }

  #line(buf: Buffer, start: number, end: number, line: number): void {
    const c = buf[start];
    if (this.#state === SKIPPING) {
      if (c !== 64) return this.#raw?.add(buf.toString('utf8', start, end));
      this.#report();
    }
    if (this.#raw !== undefined && (this.#state !== HEADER || start !== end)) this.#raw.add(buf.toString('utf8', start, end));
    switch (this.#state) {
      case HEADER:
        if (start === end) return; // blank lines between records
        if (c !== 64) {
          this.#headerLine = line;
          return this.#fail(line, `expected a '@' header line, got ${quoteData(buf.toString('utf8', start, end))}`);
        }
        this.#header = buf.toString('utf8', start + 1, end);
        this.#headerLine = line;
        this.#sequence = '';
        this.#quality = '';
        this.#state = SEQUENCE;
        return;
      case SEQUENCE:
        if (c === 43) {
          this.#state = QUALITY;
          if (this.#sequence.length === 0) this.#emit('');
        } else this.#sequence += buf.toString('latin1', start, end);
        return;
      default: {
        const quality = this.#quality + buf.toString('latin1', start, end);
        if (quality.length > this.#sequence.length) {
          // A short quality line followed by the next '@' header: report the short length.
          const nextHeader = this.#quality.length > 0 && c === 64;
          const got = nextHeader ? this.#quality.length : quality.length;
          this.#fail(
            line,
            `quality length ${got} != sequence length ${this.#sequence.length} in record ${quoteData(splitHeader(this.#header).id)} (line ${this.#headerLine})`,
          );
          // Skipping: that header line starts the next record, read as such.
          if (nextHeader) {
            this.#raw?.dropLast();
            this.#report();
            this.#line(buf, start, end, line);
          }
          return;
        }
        this.#quality = quality;
        if (quality.length === this.#sequence.length) this.#emit(quality);
      }
    }
  }

  #emit(quality: string): void {
    const { id, description } = splitHeader(this.#header);
    this.#out.push({ id, description, sequence: this.#sequence, quality });
    this.#state = HEADER;
    this.#raw?.clear();
  }

  /** Throws; or, with `onBad`, marks the current record bad and skips to the next '@' line. */
  #fail(line: number, message: string): void {
    const err = new RecordError({ input: this.#input, line, stage: this.#stage }, message);
    if (this.#onBad === undefined) throw err;
    this.#badError = err;
    this.#badLine = this.#headerLine;
    this.#state = SKIPPING;
  }

  /** Reports the bad record being skipped, and reads the next line as a header. */
  #report(): void {
    const err = this.#badError as RecordError;
    this.#badError = undefined;
    this.#state = HEADER;
    this.#onBad?.(err, (this.#raw as RawLines).take(), this.#badLine);
  }
}

/**
 * A source of FASTQ records; see {@link fastq}.
 *
 * @example
 * ```ts
 * const reads: FastqSource = sources.fastq('run1.fastq.gz');
 * const quals = await pipe(reads, transforms.pluck('quality'), sinks.first());
 * ```
 */
export type FastqSource = RecordSource<FastqRecord>;

/**
 * FASTQ records from paths, globs, URLs, `'-'` or Readables (gzip and bgzip detected by
 * content, as sequencers write `.fastq.gz`).
 *
 * @example
 * ```ts
 * const n = await pipe(sources.fastq('run1/*.fastq.gz'), transforms.filter((r: FastqRecord) => r.sequence.length >= 50), sinks.count());
 * ```
 */
export function fastq(input: InputSpec, options?: RecordSourceOptions): FastqSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(checkOptionNames(options, RECORD_SOURCE_OPTIONS, 'sources.fastq()'));
  return new RecordSource<FastqRecord>(inputs, opts, { kind: 'fastq', parser: (name, stage, _s, onBad) => new FastqParser(name, stage, onBad, opts) });
}
