/**
 * The record that FASTA, FASTQ and plain sequence-line sources yield, and the sniffer that
 * tells those formats apart.
 */

/**
 * One sequence: FASTA and FASTQ records, or one line of a plain sequence file.
 *
 * @example
 * ```ts
 * await pipe(sources.fasta('x.fa'), transforms.map((r: SequenceRecord) => r.sequence.length), sinks.sum());
 * ```
 */
export interface SequenceRecord {
  /** The header up to the first space or tab (for plain lines: the line number). */
  id: string;
  /** The rest of the header after the id, trimmed; `''` when there is none. */
  description: string;
  /** The sequence, wrapped lines joined, as written (case kept). */
  sequence: string;
  /** FASTQ only: the quality string, as long as the sequence. */
  quality?: string;
}

/**
 * A FASTQ record: a {@link SequenceRecord} with its quality.
 *
 * @example
 * ```ts
 * await pipe(sources.fastq('x.fq'), transforms.filter((r: FastqRecord) => !r.quality.includes('#')), sinks.count());
 * ```
 */
export interface FastqRecord extends SequenceRecord {
  quality: string;
}

/**
 * The sequence formats {@link detectSequenceFormat} tells apart.
 *
 * @example
 * ```ts
 * const format: SequenceFormat = detectSequenceFormat(Buffer.from('@r1\nACGT\n+\nIIII\n')); // 'fastq'
 * ```
 */
export type SequenceFormat = 'fasta' | 'fastq' | 'lines';

/**
 * Tells the format of sequence data from its first bytes (decompressed): `'fasta'` when
 * the first non-blank character is `>`, `'fastq'` when it is `@`, otherwise `'lines'` (one
 * sequence per line). Empty data is `'lines'`.
 *
 * @example
 * ```ts
 * detectSequenceFormat(Buffer.from('>chr1\nACGT\n')); // 'fasta'
 * detectSequenceFormat('@r1\nACGT\n+\nIIII\n');       // 'fastq'
 * detectSequenceFormat('ACGT\nTTGA\n');               // 'lines'
 * ```
 */
export function detectSequenceFormat(head: Buffer | string): SequenceFormat {
  const bytes = typeof head === 'string' ? Buffer.from(head) : head;
  let i = 0;
  // Skip a byte-order mark and blank space.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
  const c = bytes[i];
  return c === 62 ? 'fasta' : c === 64 ? 'fastq' : 'lines';
}

/**
 * Splits a header line's text (after `>` or `@`) into id and description.
 *
 * @example
 * ```ts
 * splitHeader('seq1 gc=0.30 len=80'); // { id: 'seq1', description: 'gc=0.30 len=80' }
 * ```
 */
export function splitHeader(text: string): { id: string; description: string } {
  const m = /[ \t]/.exec(text);
  if (m === null) return { id: text, description: '' };
  return { id: text.slice(0, m.index), description: text.slice(m.index + 1).trim() };
}
