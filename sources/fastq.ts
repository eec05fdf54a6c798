/**
 * `fastq(input)`: FASTQ records `{ id, description, sequence, quality }`. Reads the usual
 * four-line records and also wrapped ones (sequence lines up to the `+` line, then quality
 * lines until the quality is as long as the sequence), as kseq and Biopython do.
 */
import { RecordError } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions, type SourceOptions } from '../lib/io/source-options.js';
import { LineScanner } from './line-scanner.js';
import { RecordSource } from './record-source.js';
import { splitHeader, type FastqRecord } from './sequence-record.js';

const HEADER = 0;
const SEQUENCE = 1;
const QUALITY = 2;

/**
 * Parses one FASTQ input; a malformed record (no `@`, no `+`, a quality of the wrong
 * length, a record cut short) is a RecordError naming the input and line.
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

  constructor(input: string, stage: string) {
    this.#input = input;
    this.#stage = stage;
    this.#scanner = new LineScanner((buf, start, end, line) => this.#line(buf, start, end, line), { input, stage });
  }

  write(chunk: Buffer, out: FastqRecord[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: FastqRecord[]): void {
    this.#out = out;
    this.#scanner.end();
    if (this.#state !== HEADER) {
      const what = this.#state === SEQUENCE ? "no '+' line" : `quality has ${this.#quality.length} characters, sequence ${this.#sequence.length}`;
      this.#fail(this.#scanner.line, `record '${splitHeader(this.#header).id}' (line ${this.#headerLine}) is cut short: ${what}`);
    }
  }

  #line(buf: Buffer, start: number, end: number, line: number): void {
    const c = buf[start];
    switch (this.#state) {
      case HEADER:
        if (start === end) return; // blank lines between records
        if (c !== 64) this.#fail(line, `expected a '@' header line, got '${preview(buf, start, end)}'`);
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
          const got = this.#quality.length > 0 && c === 64 ? this.#quality.length : quality.length;
          this.#fail(
            line,
            `quality length ${got} != sequence length ${this.#sequence.length} in record '${splitHeader(this.#header).id}' (line ${this.#headerLine})`,
          );
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
  }

  #fail(line: number, message: string): never {
    throw new RecordError({ input: this.#input, line, stage: this.#stage }, message);
  }
}

function preview(buf: Buffer, start: number, end: number): string {
  return buf.toString('utf8', start, Math.min(end, start + 20)) + (end - start > 20 ? '…' : '');
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
export function fastq(input: InputSpec, options?: SourceOptions): FastqSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(options);
  return new RecordSource<FastqRecord>(inputs, opts, { kind: 'fastq', parser: (name, stage) => new FastqParser(name, stage) });
}
