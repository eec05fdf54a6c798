/**
 * `sequences(input)`: sequence records from FASTA, FASTQ or plain one-sequence-per-line
 * inputs, the format told apart per input by its first character
 * ({@link detectSequenceFormat}). What the k-mer counter and the assembler read.
 */
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { firstSignificantByte } from '../lib/io/sniff.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions, type SourceOptions } from '../lib/io/source-options.js';
import { checkOptionNames } from '../lib/core/validate.js';
import type { BadRecordHandler } from './bad-record.js';
import { FastaParser } from './fasta.js';
import { FastqParser } from './fastq.js';
import { LineScanner } from './line-scanner.js';
import { RECORD_SOURCE_OPTIONS, RecordSource, type RecordSourceOptions } from './record-source.js';
import { detectSequenceFormat, type SequenceFormat, type SequenceRecord } from './sequence-record.js';

/**
 * One sequence per non-blank line; the id is the line number.
 *
 * @example
 * ```ts
 * const p = new SequenceLineParser('s.txt', 'sequences(s.txt)'), out: SequenceRecord[] = [];
 * p.write(Buffer.from('ACGT\n\nTTGA\n'), out); // ids '1' and '3'
 * ```
 */
export class SequenceLineParser implements ChunkParser<SequenceRecord> {
  readonly #scanner: LineScanner;
  #out: SequenceRecord[] = [];

  constructor(input: string, stage: string, options: Pick<SourceOptions, 'maxLineLength'> = {}) {
    this.#scanner = new LineScanner(
      (buf, start, end, line) => {
        if (end > start) this.#out.push({ id: String(line), description: '', sequence: buf.toString('latin1', start, end) });
      },
      { input, stage, maxLineLength: options.maxLineLength },
    );
  }

  write(chunk: Buffer, out: SequenceRecord[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: SequenceRecord[]): void {
    this.#out = out;
    this.#scanner.end();
  }
}

/**
 * Holds the first chunks until the format is known (the first non-blank byte), then hands
 * everything to the parser of that format.
 *
 * @example
 * ```ts
 * const p = new SniffingSequenceParser('r.fq', 'sequences(r.fq)'), out: SequenceRecord[] = [];
 * p.write(Buffer.from('@r1\nACGT\n+\nIIII\n'), out); p.end(out); // p.format: 'fastq'
 * ```
 */
export class SniffingSequenceParser implements ChunkParser<SequenceRecord> {
  readonly #input: string;
  readonly #stage: string;
  readonly #onBad: BadRecordHandler | undefined;
  readonly #options: Pick<SourceOptions, 'maxLineLength'>;
  #held: Buffer[] = [];
  #parser: ChunkParser<SequenceRecord> | undefined;
  /** The format, once known. */
  format: SequenceFormat | undefined;

  /** `onBad` goes to the FASTA or FASTQ parser (see theirs); plain lines have no bad records. */
  constructor(input: string, stage: string, onBad?: BadRecordHandler, options: Pick<SourceOptions, 'maxLineLength'> = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#onBad = onBad;
    this.#options = { maxLineLength: options.maxLineLength };
  }

  write(chunk: Buffer, out: SequenceRecord[]): void {
    if (this.#parser) return this.#parser.write(chunk, out);
    this.#held.push(chunk);
    // Only the new chunk is looked at: what is held is blank space (or a partial byte-order
    // mark, which the last chunk completes), so nothing is joined per chunk.
    const head = this.#held.length === 1 || chunk.length >= 3 ? chunk : Buffer.concat(this.#held.slice(-3));
    if (firstSignificantByte(head) !== -1) this.#start(out);
  }

  end(out: SequenceRecord[]): void {
    if (!this.#parser) this.#start(out);
    (this.#parser as ChunkParser<SequenceRecord>).end(out);
  }

  #start(out: SequenceRecord[]): void {
    const held = Buffer.concat(this.#held);
    this.#held = [];
    this.format = detectSequenceFormat(held);
    this.#parser =
      this.format === 'fasta'
        ? new FastaParser(this.#input, this.#stage, this.#onBad, this.#options)
        : this.format === 'fastq'
          ? new FastqParser(this.#input, this.#stage, this.#onBad, this.#options)
          : new SequenceLineParser(this.#input, this.#stage, this.#options);
    if (held.length > 0) this.#parser.write(held, out);
  }
}

/**
 * A source of sequence records; see {@link sequences}.
 *
 * @example
 * ```ts
 * const reads: SequencesSource = sources.sequences(['a.fa', 'b.fastq', 'c.txt']);
 * ```
 */
export type SequencesSource = RecordSource<SequenceRecord>;

/**
 * Sequence records from FASTA, FASTQ or one-sequence-per-line inputs (detected per input).
 *
 * @example
 * ```ts
 * const graph = await pipe(sources.sequences(['reads.fq.gz', 'more.fa']), transforms.pluck('sequence'), sinks.deBruijn(31));
 * ```
 */
export function sequences(input: InputSpec, options?: RecordSourceOptions): SequencesSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(checkOptionNames(options, RECORD_SOURCE_OPTIONS, 'sources.sequences()'));
  return new RecordSource<SequenceRecord>(inputs, opts, {
    kind: 'sequences',
    parser: (name, stage, _s, onBad) => new SniffingSequenceParser(name, stage, onBad, opts),
  });
}
