/**
 * `fasta(input)`: FASTA records `{ id, description, sequence }`, wrapped sequence lines
 * joined. Works on byte ranges from {@link LineScanner}: the bytes of a record's sequence
 * lines are copied into one scratch buffer and decoded once (latin1: sequences are ASCII),
 * which is cheaper than a string per line joined afterwards.
 */
import { RecordError } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions, type SourceOptions } from '../lib/io/source-options.js';
import { LineScanner } from './line-scanner.js';
import { RecordSource } from './record-source.js';
import { splitHeader, type SequenceRecord } from './sequence-record.js';

/**
 * Parses one FASTA input. Blank (or whitespace-only) lines and `;` comment lines are skipped; text before the
 * first `>` header is a RecordError naming the input and line.
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

  constructor(input: string, stage: string) {
    this.#input = input;
    this.#stage = stage;
    this.#scanner = new LineScanner((buf, start, end, line) => this.#line(buf, start, end, line), { input, stage });
  }

  write(chunk: Buffer, out: SequenceRecord[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: SequenceRecord[]): void {
    this.#out = out;
    this.#scanner.end();
    this.#finish();
  }

  #line(buf: Buffer, start: number, end: number, line: number): void {
    if (start === end) return;
    const c = buf[start];
    if (c === 62) {
      this.#finish();
      this.#header = buf.toString('utf8', start + 1, end);
    } else if (c === 59 || ((c === 32 || c === 9) && isBlank(buf, start, end))) {
      return;
    } else if (this.#header === undefined) {
      const text = buf.toString('utf8', start, Math.min(end, start + 20));
      throw new RecordError({ input: this.#input, line, stage: this.#stage }, `expected a '>' header line, got '${text}${end - start > 20 ? '…' : ''}'`);
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
export function fasta(input: InputSpec, options?: SourceOptions): FastaSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(options);
  return new RecordSource<SequenceRecord>(inputs, opts, { kind: 'fasta', parser: (name, stage) => new FastaParser(name, stage) });
}
