/**
 * Where records start: given a byte offset, the first record boundary at or after it, for
 * each format a file can be split in. The cut is the start of a record, so that the bytes
 * [cut_i, cut_i+1) are whole records and every record lies in exactly one range.
 *
 * - `lines`, `ndjson`: after a '\n' (an NDJSON record is one line: a line break inside a
 *   JSON string is escaped as `\n`).
 * - `csv`: after a '\n' that is outside double quotes (RFC 4180: a quoted field may hold
 *   line breaks, and `""` is a quote inside a quoted field). Whether a '\n' is quoted
 *   depends on every quote before it, so the quotes from the start of the file up to the
 *   last cut are counted: one sequential read of that prefix (memchr-speed when quotes are
 *   rare), the price of being exact. A CSV with no quoted line breaks can be split as
 *   `lines`, which reads only a few KiB per cut.
 * - `fasta`: a line starting with '>'.
 * - `fastq`: 4-line records (multi-line FASTQ is not supported). A quality line may start
 *   with '@' (and '+'), so a line starting with '@' is taken as a header only if the line
 *   two below starts with '+' and the sequence and quality lines (lines 2 and 4) have the
 *   same length; a quality line that starts with '@' is followed by a header and then a
 *   sequence line, which never starts with '+'. This is the check that seqkit and other
 *   FASTQ splitters make to resynchronise.
 */
import { ByteWindow, type RandomAccess } from './byte-window.js';

/** The record formats a file can be cut in. */
export type SplitFormat = 'lines' | 'ndjson' | 'csv' | 'fasta' | 'fastq';

const NL = 10;
const QUOTE = 34;
const NL_GT = Buffer.from('\n>');

/**
 * The first record start at or after each of `offsets` (sorted ascending), in order.
 *
 * @example
 * ```ts
 * await alignCuts(bufferAccess(Buffer.from('>a\nAC\n>b\nGT\n')), [1, 7], 'fasta'); // [6, 12]
 * ```
 */
export async function alignCuts(src: RandomAccess, offsets: readonly number[], format: SplitFormat): Promise<number[]> {
  const w = new ByteWindow(src);
  if (format === 'csv') return csvCuts(w, offsets);
  const out: number[] = [];
  for (const off of offsets) {
    const o = Math.min(Math.max(off, 0), w.size);
    out.push(format === 'lines' || format === 'ndjson' ? await lineStart(w, o) : format === 'fasta' ? await fastaStart(w, o) : await fastqStart(w, o));
  }
  return out;
}

/** The first line start at or after `pos` (the size when there is none). */
async function lineStart(w: ByteWindow, pos: number): Promise<number> {
  if (pos <= 0) return 0;
  const i = await w.indexOf(NL, pos - 1);
  return i < 0 ? w.size : i + 1;
}

async function fastaStart(w: ByteWindow, pos: number): Promise<number> {
  if (pos <= 0 && (await w.at(0)) === 62) return 0;
  const i = await w.indexOf(NL_GT, Math.max(0, pos - 1));
  return i < 0 ? w.size : i + 1;
}

/** Length of the line starting at `start`, without its '\r\n' or '\n'; and where the next starts. */
async function line(w: ByteWindow, start: number): Promise<{ length: number; next: number }> {
  const nl = await w.indexOf(NL, start);
  const end = nl < 0 ? w.size : nl;
  const cr = end > start && (await w.at(end - 1)) === 13 ? 1 : 0;
  return { length: end - start - cr, next: nl < 0 ? w.size : nl + 1 };
}

async function fastqStart(w: ByteWindow, pos: number): Promise<number> {
  for (let p = await lineStart(w, pos); p < w.size; p = await lineStart(w, p + 1)) {
    if ((await w.at(p)) !== 64) continue;
    const header = await line(w, p);
    const seq = await line(w, header.next);
    if ((await w.at(seq.next)) !== 43) continue;
    const plus = await line(w, seq.next);
    const qual = await line(w, plus.next);
    if (plus.next < w.size && qual.length === seq.length) return p;
  }
  return w.size;
}

/** Cuts after unquoted line breaks, with the quote parity counted from the file's start. */
async function csvCuts(w: ByteWindow, offsets: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  let pos = 0; // quotes before pos are counted in `quotes`
  let quotes = 0;
  for (const off of offsets) {
    const o = Math.min(Math.max(off, 0), w.size);
    if (o <= 0) {
      out.push(0);
      continue;
    }
    if (o - 1 < pos) {
      // Cuts are monotonic: a smaller offset than the last cut aligns to that cut.
      out.push(out[out.length - 1] ?? 0);
      continue;
    }
    quotes += await w.count(QUOTE, pos, o - 1);
    pos = o - 1;
    // From o − 1 on, step over quotes and line breaks until a line break with even parity.
    let cut = w.size;
    for (;;) {
      const nl = await w.indexOf(NL, pos);
      const end = nl < 0 ? w.size : nl;
      quotes += await w.count(QUOTE, pos, end);
      if (nl < 0) {
        pos = w.size;
        break;
      }
      pos = nl + 1;
      if (quotes % 2 === 0) {
        cut = nl + 1;
        break;
      }
    }
    out.push(cut);
  }
  return out;
}
