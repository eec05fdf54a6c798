/**
 * The k-mer scanner: bytes in, packed k-mers (`encode.ts`) out, in batches of typed arrays.
 * It keeps a rolling forward k-mer and its reverse complement (one shift and one or per
 * base, no string), and all of its state across calls, so that a k-mer spanning a line
 * break or a chunk boundary is counted like any other.
 *
 * It also reads FASTA and FASTQ itself when asked (`format`), skipping headers and quality
 * lines and joining a record's sequence lines without making a record object or a string.
 * Measured with `benchmarks/kmers.ts` (20 MB FASTA, whole process, CPU seconds): k = 6,
 * 0.18 s on raw bytes against 0.23 s through `sources.fasta` records; k = 21, 2.02 s both
 * ways (the counting dominates). The `kmers` command takes the byte path.
 *
 * Semantics (jellyfish/KMC): case is folded; a byte other than A/C/G/T (N, IUPAC codes...)
 * ends the current run, so no k-mer containing it is emitted; '\r' is ignored.
 */
import { RecordError } from '../errors.js';
import { BASE_CODE, NOT_BASE } from './encode.js';
import { DirectKmerTable } from './direct-table.js';
import type { KmerBatchSink } from './hash-table.js';

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
}

const IGNORED = 5; // '\r': CRLF files count like LF files.
// An Int32Array rather than the Uint8Array BASE_CODE: in a micro-benchmark of this loop the
// table load was about 10% faster (20 MB at k = 6: 41 against 47 ms CPU, best of 7).
const CODES: Int32Array = (() => {
  const t = Int32Array.from(BASE_CODE);
  t[13] = IGNORED;
  return t;
})();

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
   * round trip cost as much as the scan (20 MB at k = 6: about 100 ms batched against 55 ms
   * fused, CPU time, `benchmarks/kmers.ts`).
   */
  readonly #direct: Float64Array | undefined;
  readonly #input: string;
  #format: ScanFormat;
  // Rolling k-mer: forward and reverse complement words, and bases since the last reset.
  #fHi = 0;
  #fLo = 0;
  #rHi = 0;
  #rLo = 0;
  #run = 0;
  // Output batch.
  readonly #bHi: Uint32Array;
  readonly #bLo: Uint32Array;
  #bn = 0;
  // Parser.
  #state = LINE_START;
  #line = 1;
  #fq = Q_HEADER;
  #seqLen = 0;
  #qualLeft = 0;
  #total = 0;

  constructor(k: number, sink: KmerBatchSink, options?: KmerScannerOptions) {
    if (!Number.isInteger(k) || k < 1 || k > 31) throw new RangeError(`The "k" option must be an integer from 1 to 31. Received ${k}`);
    this.k = k;
    this.canonical = options?.canonical ?? false;
    this.#sink = sink;
    this.#direct = sink instanceof DirectKmerTable && sink.k === k ? sink.counts : undefined;
    this.#format = options?.format ?? 'auto';
    this.#input = options?.input ?? 'input';
    const size = options?.batchSize ?? 1 << 16;
    this.#bHi = new Uint32Array(size);
    this.#bLo = new Uint32Array(size);
  }

  /** Number of k-mers emitted so far. */
  get total(): number {
    return this.#total + this.#bn;
  }

  /** The format in use ('auto' until the first byte decides). */
  get format(): ScanFormat {
    return this.#format;
  }

  /** Ends the current sequence: the next base starts a new k-mer run. */
  endRecord(): void {
    this.#run = 0;
  }

  /**
   * Scans bytes `[start, end)` as bare sequence, continuing the current record: line
   * breaks here are not bases, they end the run (use {@link scan} for FASTA/FASTQ/lines).
   */
  scanSequence(buf: Uint8Array, start = 0, end = buf.length): void {
    const direct = this.#direct;
    if (direct !== undefined) {
      if (this.canonical) this.#directCanonical(buf, start, end, direct);
      else this.#directForward(buf, start, end, direct);
    } else if (this.k <= 16) this.#small(buf, start, end);
    else this.#large(buf, start, end);
  }

  /** Parses a chunk of a FASTA, FASTQ or sequence-per-line file; state carries over. */
  scan(buf: Uint8Array): void {
    const n = buf.length;
    let p = 0;
    while (p < n) {
      if (this.#state === LINE_START) {
        p = this.#lineStart(buf, p);
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
        if (this.#qualLeft < 0) throw this.#error('quality is longer than the sequence');
      }
      if (!eol) return;
      p = e + 1;
      this.#line++;
      this.#endLine();
    }
  }

  /** Ends the input: hands the last batch to the sink and checks for a cut FASTQ record. */
  end(): void {
    if (this.#format === 'fastq') {
      const complete = this.#fq === Q_HEADER || (this.#fq === Q_PLUS && this.#state === QUAL && this.#qualLeft === 0);
      if (!complete) throw this.#error('the last FASTQ record is cut short');
    }
    this.flush();
  }

  /** Hands the k-mers batched so far to the sink. */
  flush(): void {
    if (this.#bn > 0) {
      this.#sink.addBatch(this.#bHi, this.#bLo, this.#bn);
      this.#total += this.#bn;
      this.#bn = 0;
    }
  }

  /** Decides what the line starting at `p` is; returns where scanning goes on. */
  #lineStart(buf: Uint8Array, p: number): number {
    const c = buf[p]!;
    if (this.#format === 'auto') {
      if (c === 10 || c === 13) {
        this.#state = SKIP_LINE; // leading blank lines do not decide the format
        return p;
      }
      this.#format = c === 62 ? 'fasta' : c === 64 ? 'fastq' : 'lines';
    }
    switch (this.#format) {
      case 'fasta':
        if (c === 62 || c === 59) {
          // '>' header (or an old-style ';' comment): a new record starts.
          this.#run = 0;
          this.#state = SKIP_LINE;
          return p + 1;
        }
        this.#state = SEQ;
        return p;
      case 'lines':
        this.#run = 0;
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
      if (c !== 64) throw this.#error(`expected '@' at the start of a FASTQ record, found '${String.fromCharCode(c)}'`);
      this.#run = 0;
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
        return;
      }
    }
    this.#state = LINE_START;
  }

  #error(message: string): RecordError {
    return new RecordError({ input: this.#input, line: this.#line, stage: `kmers(k=${this.k})` }, message);
  }

  /** Direct table, forward k-mers only: no reverse complement to keep. */
  #directForward(buf: Uint8Array, start: number, end: number, counts: Float64Array): void {
    const k = this.k;
    const mask = (1 << (2 * k)) - 1;
    let f = this.#fLo;
    let run = this.#run;
    let n = 0;
    for (let i = start; i < end; i++) {
      const b = CODES[buf[i]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      f = ((f << 2) | b) & mask;
      if (++run >= k) {
        counts[f] = counts[f]! + 1;
        n++;
      }
    }
    // The reverse complement is not kept on this path: a later canonical scan would need it.
    this.#fLo = f;
    this.#run = run;
    this.#total += n;
  }

  /** Direct table, canonical k-mers (k ≤ 12, so words are below 2^24 and differences fit). */
  #directCanonical(buf: Uint8Array, start: number, end: number, counts: Float64Array): void {
    const k = this.k;
    const mask = (1 << (2 * k)) - 1;
    const top = 2 * (k - 1);
    let f = this.#fLo;
    let r = this.#rLo;
    let run = this.#run;
    let n = 0;
    for (let i = start; i < end; i++) {
      const b = CODES[buf[i]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      f = ((f << 2) | b) & mask;
      r = (r >>> 2) | ((3 - b) << top);
      if (++run >= k) {
        // Branch-free min(f, r): on real data r < f is a coin toss the CPU cannot predict.
        const d = f - r;
        const m = r + (d & (d >> 31));
        counts[m] = counts[m]! + 1;
        n++;
      }
    }
    this.#fLo = f;
    this.#rLo = r;
    this.#run = run;
    this.#total += n;
  }

  /** k ≤ 16: the k-mer fits in one word. */
  #small(buf: Uint8Array, start: number, end: number): void {
    const k = this.k;
    const mask = k === 16 ? -1 : (1 << (2 * k)) - 1;
    const top = 2 * (k - 1);
    const canon = this.canonical;
    const bLo = this.#bLo;
    const cap = bLo.length;
    let f = this.#fLo;
    let r = this.#rLo;
    let run = this.#run;
    let bn = this.#bn;
    for (let i = start; i < end; i++) {
      const b = CODES[buf[i]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      f = ((f << 2) | b) & mask;
      r = (r >>> 2) | ((3 - b) << top);
      if (++run >= k) {
        bLo[bn++] = canon && r >>> 0 < f >>> 0 ? r : f;
        if (bn === cap) {
          this.#bn = bn;
          this.flush();
          bn = 0;
        }
      }
    }
    this.#fLo = f;
    this.#rLo = r;
    this.#run = run;
    this.#bn = bn;
  }

  /** 17 ≤ k ≤ 31: two words; lo holds the last 16 bases, hi the first k - 16. */
  #large(buf: Uint8Array, start: number, end: number): void {
    const k = this.k;
    const hiMask = (1 << (2 * (k - 16))) - 1;
    const top = 2 * (k - 1) - 32; // where a new base enters the reverse complement's hi word
    const canon = this.canonical;
    const bHi = this.#bHi;
    const bLo = this.#bLo;
    const cap = bLo.length;
    let fHi = this.#fHi;
    let fLo = this.#fLo;
    let rHi = this.#rHi;
    let rLo = this.#rLo;
    let run = this.#run;
    let bn = this.#bn;
    for (let i = start; i < end; i++) {
      const b = CODES[buf[i]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      fHi = ((fHi << 2) | (fLo >>> 30)) & hiMask;
      fLo = (fLo << 2) | b;
      rLo = (rLo >>> 2) | (rHi << 30);
      rHi = (rHi >>> 2) | ((3 - b) << top);
      if (++run >= k) {
        if (canon && (rHi < fHi || (rHi === fHi && rLo >>> 0 < fLo >>> 0))) {
          bHi[bn] = rHi;
          bLo[bn++] = rLo;
        } else {
          bHi[bn] = fHi;
          bLo[bn++] = fLo;
        }
        if (bn === cap) {
          this.#bn = bn;
          this.flush();
          bn = 0;
        }
      }
    }
    this.#fHi = fHi;
    this.#fLo = fLo;
    this.#rHi = rHi;
    this.#rLo = rLo;
    this.#run = run;
    this.#bn = bn;
  }
}

/** Length of line `[p, e)` without a trailing '\r'. */
function lineLength(buf: Uint8Array, p: number, e: number): number {
  return e > p && buf[e - 1] === 13 ? e - p - 1 : e - p;
}
