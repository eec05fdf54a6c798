/**
 * The k-mer scanner: bytes in, packed k-mers (`encode.ts`) out, in batches of typed arrays
 * (or straight into a direct table's counts). The rolling k-mer (`rolling.ts`) and the
 * parser keep all of their state across calls, so that a k-mer spanning a line break or a
 * chunk boundary is counted like any other.
 *
 * It also reads FASTA and FASTQ itself when asked (`format`), skipping headers and quality
 * lines and joining a record's sequence lines without making a record object or a string.
 * Measured with `benchmarks/kmers.ts` (20 MB FASTA, whole process, CPU seconds, median of
 * 3 on a shared 2-core machine): k = 6, 0.19 s on raw bytes against 0.20 s through
 * `sources.fasta` records (earlier, before the sources' own fast path, 0.18 against 0.23);
 * k = 21, 1.64 against 1.71 s. Records are not the bottleneck: counting is. The `kmers`
 * command takes the byte path, which also keeps FASTQ line numbers for its errors.
 *
 * Semantics (jellyfish/KMC): case is folded; a byte other than A/C/G/T (N, IUPAC codes...)
 * ends the current run, so no k-mer containing it is emitted; '\r' is ignored.
 *
 * Input that is not sequence data is an error, as jellyfish's "Unsupported format", never
 * zero k-mers and success: in 'auto' mode a first significant byte that is not '>', ';',
 * '@' or a sequence letter (after a UTF-8 byte-order mark and blank space), a control
 * character in the first 64 KiB, or a NUL byte anywhere. The errors name the byte offset,
 * which does not depend on how the input was cut into chunks.
 */
import { RecordError } from '../core/errors.js';
import { controlByteIndex, sequenceFormatOf, showByte, TEXT_CHECK_BYTES } from './sequence-format.js';
import { DirectKmerTable } from './direct-table.js';
import type { KmerBatchSink } from './hash-table.js';
import { CODES, JOINED_CODES, RollingKmer } from './rolling.js';
import { countBytesCanonical, countBytesForward, primeByteLoops } from './rolling-bytes.js';

/** How the scanner reads bytes. */
export type ScanFormat = 'fasta' | 'fastq' | 'lines' | 'auto';

/** Options of {@link KmerScanner}. */
export interface KmerScannerOptions {
  /** Emit the smaller of each k-mer and its reverse complement (`jellyfish count -C`). */
  canonical?: boolean | undefined;
  /**
   * For {@link KmerScanner.scan}: 'fasta', 'fastq', 'lines' (one sequence per line) or
   * 'auto' (default: '>' first means FASTA, '@' FASTQ, anything else lines).
   */
  format?: ScanFormat | undefined;
  /** Input name for errors. Default 'input'. */
  input?: string | undefined;
  /** k-mers per batch handed to the sink. Default 65536. */
  batchSize?: number | undefined;
  /**
   * Where the first byte scanned is in its input (a range of a file cut for threads starts
   * past 0): errors give byte offsets in the whole input. Default 0.
   */
  offset?: number | undefined;
}

const BOM = [0xef, 0xbb, 0xbf];

// Parser states.
const LINE_START = 0;
const SEQ = 1;
const SKIP_LINE = 2;
const QUAL = 3;
// FASTQ: which line of a record comes next.
const Q_HEADER = 0;
const Q_SEQ = 1;
const Q_PLUS = 2;

/**
 * Scans sequence bytes into packed k-mers.
 *
 * @example
 * ```ts
 * const table = new KmerHashTable();
 * const scanner = new KmerScanner(21, table, { format: 'fasta' });
 * for await (const chunk of fs.createReadStream('reads.fa')) scanner.scan(chunk);
 * scanner.end();
 * ```
 */
export class KmerScanner {
  readonly k: number;
  readonly canonical: boolean;
  readonly #sink: KmerBatchSink;
  /**
   * A direct table's counts, incremented in the scan loop itself: for small k the batch
   * round trip cost as much as the scan (a micro-benchmark, 20 MB at k = 6: about 100 ms
   * of CPU batched against 55 ms counted in the loop).
   */
  readonly #direct: DirectKmerTable | undefined;
  readonly #input: string;
  #format: ScanFormat;
  readonly #roll: RollingKmer;
  // Parser.
  #state = LINE_START;
  #line = 1;
  #fq = Q_HEADER;
  #seqLen = 0;
  #qualLeft = 0;
  /** Quality characters still wanted when the current quality line began. */
  #qualBefore = 0;
  #total = 0;
  /** Canonical k-mers counted forward into a float64 direct table: fold them at the end. */
  #fold = false;
  /** Offset in the input of the chunk being scanned. */
  #pos: number;
  /** 'auto' mode at the input's start: bytes of a UTF-8 byte-order mark seen (3: past it). */
  #bom = 0;

  constructor(k: number, sink: KmerBatchSink, options?: KmerScannerOptions) {
    if (!Number.isInteger(k) || k < 1 || k > 31) throw new RangeError(`The "k" option must be an integer from 1 to 31. Received ${k}`);
    this.k = k;
    this.canonical = options?.canonical ?? false;
    this.#sink = sink;
    this.#direct = sink instanceof DirectKmerTable && sink.k === k ? sink : undefined;
    if (this.#direct?.bytes !== undefined) primeByteLoops();
    this.#format = options?.format ?? 'auto';
    this.#input = options?.input ?? 'input';
    this.#pos = options?.offset ?? 0;
    const size = options?.batchSize ?? 1 << 16;
    this.#roll = new RollingKmer(k, this.canonical, size, () => this.flush());
  }

  /** Number of k-mers emitted so far. */
  get total(): number {
    return this.#total + this.#roll.n + this.#roll.counted;
  }

  /** The format in use ('auto' until the first byte decides). */
  get format(): ScanFormat {
    return this.#format;
  }

  /**
   * False in the middle of a FASTQ record: a scan of a range cut from a file that ends here
   * has not seen the whole record (see `lib/kmer/threads/input-jobs.ts`).
   */
  get atRecordStart(): boolean {
    return this.#format !== 'fastq' || (this.#fq === Q_HEADER && this.#state === LINE_START);
  }

  /** Ends the current sequence: the next base starts a new k-mer run. */
  endRecord(): void {
    this.#roll.run = 0;
  }

  /**
   * Scans bytes `[start, end)` as bare sequence, continuing the current record: line
   * breaks here are not bases, they end the run (use {@link scan} for FASTA/FASTQ/lines).
   */
  scanSequence(buf: Uint8Array, start = 0, end = buf.length): void {
    this.#count(buf, start, end, CODES);
  }

  /** Parses a chunk of a FASTA, FASTQ or sequence-per-line file; state carries over. */
  scan(buf: Uint8Array): void {
    if (this.#pos < TEXT_CHECK_BYTES) {
      const bad = controlByteIndex(buf, 0, Math.min(buf.length, TEXT_CHECK_BYTES - this.#pos));
      if (bad >= 0) throw this.#binary(buf[bad]!, bad);
    }
    const nul = buf.indexOf(0);
    if (nul >= 0) throw this.#binary(0, nul);
    this.#parse(buf);
    this.#pos += buf.length;
  }

  #parse(buf: Uint8Array): void {
    if (this.#format === 'fasta') {
      this.#scanFasta(buf, 0);
      return;
    }
    const n = buf.length;
    let p = 0;
    while (p < n) {
      if (this.#state === LINE_START) {
        p = this.#lineStart(buf, p);
        if ((this.#format as ScanFormat) === 'fasta') {
          // decided by #lineStart just now
          this.#scanFasta(buf, p);
          return;
        }
        continue;
      }
      let e = buf.indexOf(10, p);
      const eol = e >= 0;
      if (!eol) e = n;
      if (this.#state === SEQ) {
        this.scanSequence(buf, p, e);
        if (this.#format === 'fastq') this.#seqLen += lineLength(buf, p, e);
      } else if (this.#state === QUAL) {
        this.#qualLeft -= lineLength(buf, p, e);
        if (this.#qualLeft < 0) throw this.#qualityError();
      }
      if (!eol) return;
      p = e + 1;
      this.#line++;
      this.#endLine();
    }
  }

  /**
   * Ends the input: hands the last batch to the sink (canonical counts in a direct table
   * are complete only now) and checks for a cut FASTQ record.
   */
  end(): void {
    if (this.#format === 'fastq') {
      const complete = this.#fq === Q_HEADER || (this.#fq === Q_PLUS && this.#state === QUAL && this.#qualLeft === 0);
      if (!complete) throw this.#error('the last FASTQ record is cut short');
    }
    this.flush();
    if (this.#fold) {
      this.#fold = false;
      this.#direct!.foldCanonical();
    }
  }

  /** Hands the k-mers batched so far to the sink. */
  flush(): void {
    const roll = this.#roll;
    if (roll.n > 0) {
      this.#sink.addBatch(roll.hi, roll.lo, roll.n);
      this.#total += roll.n;
      roll.n = 0;
    }
  }

  /**
   * FASTA from `p`: a record's body, from its first sequence line to the line break before
   * the next header (or the chunk's end), goes to the counting loop in one call with its
   * line breaks skipped, instead of one call per line (and one `indexOf` per line). One cold
   * pass over the 20 MB benchmark file at k = 6, fresh processes, median of 15: 71 → 62 ms
   * CPU, with {@link RollingKmer}'s priming (then 39 ms with its four-byte inner loop).
   * Lines are not counted: FASTA has no error to place.
   */
  #scanFasta(buf: Uint8Array, start: number): void {
    const n = buf.length;
    let comment = -1; // where the line break before the next ';' line is (-1: not looked for yet, -2: none in this chunk)
    let p = start;
    while (p < n) {
      const state = this.#state;
      if (state === SKIP_LINE) {
        const e = buf.indexOf(10, p);
        if (e < 0) return;
        p = e + 1;
        this.#state = LINE_START;
        continue;
      }
      if (state === LINE_START) {
        const c = buf[p]!;
        if (c === 62 || c === 59) {
          // '>' header (or an old-style ';' comment): a new record starts.
          this.#roll.run = 0;
          this.#state = SKIP_LINE;
          p++;
          continue;
        }
        this.#state = SEQ;
      }
      // The body runs to the next line that starts with '>' or ';'.
      let e = lineBreakBefore(buf, 62, p);
      if (comment !== -2) {
        if (comment < p) comment = lineBreakBefore(buf, 59, p);
        if (comment < 0)
          comment = -2; // none left in this chunk
        else if (e < 0 || comment < e) e = comment;
      }
      if (e < 0) {
        this.#body(buf, p, n);
        // A chunk that ends with a line break leaves the next line's first byte undecided.
        if (buf[n - 1] === 10) this.#state = LINE_START;
        return;
      }
      this.#body(buf, p, e);
      p = e + 1;
      this.#state = LINE_START;
    }
  }

  /** Bytes [start, end) of a FASTA record's body, line breaks skipped. */
  #body(buf: Uint8Array, start: number, end: number): void {
    this.#count(buf, start, end, JOINED_CODES);
  }

  /** Bytes [start, end) into the direct table's own loops, or into batches for the sink. */
  #count(buf: Uint8Array, start: number, end: number, codes: Int32Array): void {
    const direct = this.#direct;
    if (direct === undefined) {
      this.#roll.emit(buf, start, end, codes);
      return;
    }
    // The table's layout is looked up each time: a merge may have widened its counts.
    const bytes = direct.bytes;
    if (bytes === undefined) {
      // Forward k-mers; canonical ones are folded by end() (see RollingKmer.count).
      if (this.canonical) this.#fold = true;
      this.#roll.count(buf, start, end, direct.counts, codes);
    } else if (this.canonical) countBytesCanonical(this.#roll, buf, start, end, bytes, direct, codes);
    else countBytesForward(this.#roll, buf, start, end, bytes, direct, codes);
  }

  /** Decides what the line starting at `p` is; returns where scanning goes on. */
  #lineStart(buf: Uint8Array, p: number): number {
    const c = buf[p]!;
    if (this.#format === 'auto') {
      if (this.#bom < 3 && this.#pos + p === this.#bom) {
        // A UTF-8 byte-order mark (EF BB BF) at the very start is not data.
        if (c === BOM[this.#bom]) {
          this.#bom++;
          return p + 1;
        }
        if (this.#bom > 0) throw this.#notSequences(0xef, 0);
      }
      this.#bom = 3;
      if (c === 10 || c === 13) {
        this.#state = SKIP_LINE; // leading blank lines do not decide the format
        return p;
      }
      if (c === 32 || c === 9) return p + 1; // nor does blank space
      const format = sequenceFormatOf(c);
      if (format === undefined) throw this.#notSequences(c, this.#pos + p);
      this.#format = format;
    }
    switch (this.#format) {
      case 'fasta':
        if (c === 62 || c === 59) {
          // '>' header (or an old-style ';' comment): a new record starts.
          this.#roll.run = 0;
          this.#state = SKIP_LINE;
          return p + 1;
        }
        this.#state = SEQ;
        return p;
      case 'lines':
        this.#roll.run = 0;
        this.#state = SEQ;
        return p;
      default:
        return this.#fastqLineStart(c, p);
    }
  }

  #fastqLineStart(c: number, p: number): number {
    if (this.#fq === Q_HEADER) {
      if (c === 10 || c === 13) {
        this.#state = SKIP_LINE; // blank line between records
        return p;
      }
      if (c !== 64) throw this.#error(`expected '@' at the start of a FASTQ record, found ${showByte(c)}`);
      this.#roll.run = 0;
      this.#seqLen = 0;
      this.#fq = Q_SEQ;
      this.#state = SKIP_LINE;
      return p + 1;
    }
    if (this.#fq === Q_SEQ && c !== 43) {
      this.#state = SEQ;
      return p;
    }
    if (this.#fq === Q_SEQ) {
      this.#fq = Q_PLUS; // the '+' line
      this.#state = SKIP_LINE;
      return p + 1;
    }
    // Quality lines: may start with any character, even '@' or '+', so they are skipped by length.
    this.#state = QUAL;
    this.#qualBefore = this.#qualLeft;
    return p;
  }

  /** After a line break: what the next line can be. */
  #endLine(): void {
    if (this.#format === 'fastq') {
      if (this.#fq === Q_PLUS && this.#state === SKIP_LINE) {
        this.#qualLeft = this.#seqLen;
        if (this.#qualLeft === 0) this.#fq = Q_HEADER;
      } else if (this.#state === QUAL && this.#qualLeft === 0) {
        this.#fq = Q_HEADER;
      }
      if (this.#fq === Q_PLUS && this.#qualLeft > 0) {
        this.#state = QUAL;
        this.#qualBefore = this.#qualLeft;
        return;
      }
    }
    this.#state = LINE_START;
  }

  /**
   * Quality past the sequence's length. On the first quality line, it is too long; on a
   * later one, the line before was too short (multi-line FASTQ, as kseq reads it, takes the
   * next record's header as more quality) and this line does not fit what was missing.
   */
  #qualityError(): RecordError {
    const n = this.#seqLen;
    const got = n - this.#qualBefore;
    return got === 0
      ? this.#error(`quality is longer than the sequence (${n - this.#qualLeft} characters for ${n} bases)`)
      : this.#error(`quality is shorter than the sequence (${got} characters for ${n} bases) and this line does not complete it`);
  }

  #error(message: string): RecordError {
    return new RecordError({ input: this.#input, line: this.#line, stage: `kmers(k=${this.k})` }, message);
  }

  /** A control byte at `at` in the chunk being scanned. */
  #binary(c: number, at: number): RecordError {
    return new RecordError(
      { input: this.#input, offset: this.#pos + at, stage: `kmers(k=${this.k})` },
      `binary data (${showByte(c)}), not FASTA, FASTQ or sequence lines`,
    );
  }

  /** An input whose first significant byte, at `offset`, starts no sequence format. */
  #notSequences(c: number, offset: number): RecordError {
    return new RecordError(
      { input: this.#input, offset, stage: `kmers(k=${this.k})` },
      `not FASTA, FASTQ or sequence lines: the data starts with ${showByte(c)}`,
    );
  }
}

/**
 * Where the line break before the next line starting with `byte` is, from `p` on (-1: none
 * before `n`). Searches for the byte alone (memchr, several times faster than a two-byte
 * needle) and checks what precedes it: '>' and ';' do not occur in sequence lines.
 */
function lineBreakBefore(buf: Uint8Array, byte: number, p: number): number {
  for (let e = buf.indexOf(byte, p); e >= 0; e = buf.indexOf(byte, e + 1)) {
    if (e > p && buf[e - 1] === 10) return e - 1;
  }
  return -1;
}

/** Length of line `[p, e)` without a trailing '\r'. */
function lineLength(buf: Uint8Array, p: number, e: number): number {
  return e > p && buf[e - 1] === 13 ? e - p - 1 : e - p;
}
