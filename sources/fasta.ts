/**
 * `fasta(input)`: FASTA records `{ id, description, sequence }`, wrapped sequence lines
 * joined. Works on byte ranges from {@link LineScanner}: the bytes of a record's sequence
 * lines are copied into one scratch buffer and decoded once (latin1: sequences are ASCII),
 * which is cheaper than a string per line joined afterwards.
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
import { splitHeader, type SequenceRecord } from './sequence-record.js';

/**
 * Parses one FASTA input. Blank (or whitespace-only) lines and `;` comment lines are skipped; text before the
 * first `>` header is a RecordError naming the input and line. With `onBad`, that text (up
 * to the first header) is reported as one bad record instead, and the records after it read.
 *
 * @example
 * ```ts
 * const p = new FastaParser('x.fa', 'fasta(x.fa)'), out: SequenceRecord[] = [];
 * p.write(Buffer.from('>a one\nAC\nGT\n>b\nTT'), out); p.end(out);
 * // out: [{ id: 'a', description: 'one', sequence: 'ACGT' }, { id: 'b', description: '', sequence: 'TT' }]
 * ```
 */
export class FastaParser implements ChunkParser<SequenceRecord> {
  readonly #scanner: LineScanner;
  readonly #input: string;
  readonly #stage: string;
  #out: SequenceRecord[] = [];
  #header: string | undefined;
  #scratch = Buffer.allocUnsafe(4096);
  #length = 0;
  readonly #onBad: BadRecordHandler | undefined;
  /** The lines before the first header, while bad records are reported. */
  #junk: RawLines | undefined;
  #junkError: RecordError | undefined;

  constructor(input: string, stage: string, onBad?: BadRecordHandler, options: Pick<SourceOptions, 'maxLineLength'> = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#onBad = onBad;
    this.#scanner = new LineScanner((buf, start, end, line) => this.#line(buf, start, end, line), { input, stage, maxLineLength: options.maxLineLength });
  }

  write(chunk: Buffer, out: SequenceRecord[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: SequenceRecord[]): void {
    this.#out = out;
    this.#scanner.end();
    this.#reportJunk();
    this.#finish();
  }

  #line(buf: Buffer, start: number, end: number, line: number): void {
    if (start === end) return;
    const c = buf[start];
    if (c === 62) {
      this.#reportJunk();
      this.#finish();
      this.#header = buf.toString('utf8', start + 1, end);
    } else if (c === 59 || ((c === 32 || c === 9) && isBlank(buf, start, end))) {
      return;
    } else if (this.#header === undefined) {
      this.#noHeader(buf, start, end, line);
    } else {
      const length = end - start;
      if (this.#length + length > this.#scratch.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.#scratch.length * 2, this.#length + length));
        this.#scratch.copy(grown, 0, 0, this.#length);
        this.#scratch = grown;
      }
      buf.copy(this.#scratch, this.#length, start, end);
      this.#length += length;
    }
  }

  /** A line before the first header: an error, or the start (or more) of one bad record. */
  #noHeader(buf: Buffer, start: number, end: number, line: number): void {
    if (this.#junkError === undefined) {
      const err = new RecordError(
        { input: this.#input, line, stage: this.#stage },
        `expected a '>' header line, got ${quoteData(buf.toString('utf8', start, end))}`,
      );
      if (this.#onBad === undefined) throw err;
      this.#junkError = err;
      this.#junk = new RawLines();
    }
    this.#junk?.add(buf.toString('utf8', start, end));
  }

  #reportJunk(): void {
    if (this.#junkError === undefined) return;
    this.#onBad?.(this.#junkError, (this.#junk as RawLines).take());
    this.#junkError = undefined;
  }

  #finish(): void {
    if (this.#header === undefined) return;
    const { id, description } = splitHeader(this.#header);
    this.#out.push({ id, description, sequence: this.#scratch.toString('latin1', 0, this.#length) });
    this.#header = undefined;
    this.#length = 0;
    // Do not hold on to the memory of one giant sequence (a chromosome) for the next ones.
    if (this.#scratch.length > 1 << 24) this.#scratch = Buffer.allocUnsafe(4096);
  }
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

/**
 * A source of FASTA records; see {@link fasta}.
 *
 * @example
 * ```ts
 * const reads: FastaSource = sources.fasta('reads.fa.gz');
 * const ids = await pipe(reads, transforms.pluck('id'), sinks.collect());
 * ```
 */
export type FastaSource = RecordSource<SequenceRecord>;

/**
 * FASTA records from paths, globs, URLs, `'-'` or Readables (gzip detected by content).
 *
 * @example
 * ```ts
 * const counts = await pipe(sources.fasta('genomes/*.fa.gz'), transforms.pluck('sequence'), transforms.kmers(6), sinks.frequencies());
 * ```
 */
export function fasta(input: InputSpec, options?: RecordSourceOptions): FastaSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(checkOptionNames(options, RECORD_SOURCE_OPTIONS, 'sources.fasta()'));
  return new RecordSource<SequenceRecord>(inputs, opts, { kind: 'fasta', parser: (name, stage, _s, onBad) => new FastaParser(name, stage, onBad, opts) });
}
