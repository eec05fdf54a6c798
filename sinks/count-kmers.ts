/**
 * `sinks.countKmers(k)`: the fast k-mer counter. k-mers are 2-bit packed by the scanner and
 * counted in typed arrays (a direct-index table for k ≤ 12, an open-addressing hash table
 * above), so no string is made per k-mer and there is no 2^24 cap as with a Map.
 */
import { KmerCounts } from '../lib/kmer/kmer-counts.js';
import { PerLineCounter } from '../lib/kmer/per-line.js';
import { KmerScanner, type ScanFormat } from '../lib/kmer/scanner.js';
import { createKmerTable } from '../lib/kmer/table.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, copyOptions, type OptionNames, validateBoolean, validateInteger, validateOneOf, validateString } from '../lib/core/validate.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countKmersAggregator } from '../lib/kmer/count-kmers-aggregator.js';

/**
 * What the counter accepts: sequence text or bytes, or a record with a `sequence`.
 *
 * @example
 * ```ts
 * await pipe(['ACGT', Buffer.from('ACGG'), { sequence: 'ACGA' }], sinks.countKmers(3));
 * ```
 */
export type SequenceLike = string | Uint8Array | { readonly sequence: string | Uint8Array };

/**
 * Options of {@link countKmers}.
 *
 * @example
 * ```ts
 * await pipe(sources.fasta('reads.fa'), sinks.countKmers(21, { canonical: true }));
 * ```
 */
export interface CountKmersOptions {
  /** Count a k-mer and its reverse complement together (`jellyfish count -C`). Default false. */
  canonical?: boolean | undefined;
  /**
   * What an item is. 'sequence' (default): one whole sequence (a record's lines joined).
   * 'fasta', 'fastq', 'lines' or 'auto': consecutive chunks of one file in that format,
   * split anywhere (the fastest path: no record objects at all).
   */
  format?: 'sequence' | ScanFormat | undefined;
  /**
   * The seed's per-line semantics: lines starting with '>' are skipped, others
   * right-stripped, every k characters counted as they are (no case folding, no N
   * skipping). With format 'sequence' each item is a line; otherwise items are chunks.
   */
  perLine?: boolean | undefined;
  /** Input name for error messages. Default 'input'. */
  input?: string | undefined;
}

const FORMATS = ['sequence', 'fasta', 'fastq', 'lines', 'auto'] as const;

/** A reusable byte buffer for strings, so that string items take the byte path too. */
class Utf8 {
  #buf = new Uint8Array(1 << 16);
  readonly #enc = new TextEncoder();

  bytes(s: string): Uint8Array {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.#buf.length < s.length * 3) this.#buf = new Uint8Array(s.length * 3);
    const { written } = this.#enc.encodeInto(s, this.#buf);
    return this.#buf.subarray(0, written);
  }
}

function bytesOf(item: unknown, utf8: Utf8): Uint8Array {
  if (typeof item === 'string') return utf8.bytes(item);
  if (item instanceof Uint8Array) return item;
  const seq = (item as { sequence?: unknown } | null)?.sequence;
  if (typeof seq === 'string') return utf8.bytes(seq);
  if (seq instanceof Uint8Array) return seq;
  // A plain TypeError: the sink wraps it as a StageError naming itself and the item.
  throw new TypeError(`expected a string, a Uint8Array or a record with a sequence, got ${item === null ? 'null' : typeof item}`);
}

const COUNT_KMERS_OPTIONS: OptionNames<CountKmersOptions> = { canonical: true, format: true, perLine: true, input: true };

/**
 * Counts k-mers into a {@link KmerCounts}. Semantics as `jellyfish count -m k`: case is
 * folded, k-mers with a character other than A/C/G/T are skipped, `canonical` as `-C`.
 *
 * @example
 * ```ts
 * const counts = await pipe(sources.fasta('reads/*.fa.gz'), sinks.countKmers(21, { canonical: true }));
 * console.log(counts.size, counts.top(10));
 * // Raw file chunks, the fastest path:
 * const fast = await pipeline(fs.createReadStream('x.fa'), sinks.countKmers(6, { format: 'auto' }));
 * ```
 */
export function countKmers(k: number, options?: CountKmersOptions): ReducerSink<SequenceLike, KmerCounts> {
  validateInteger(k, 'k', 1, 31);
  const opts = copyOptions(checkOptionNames(options, COUNT_KMERS_OPTIONS, 'sinks.countKmers()'));
  const canonical = opts.canonical ?? false;
  const format = opts.format ?? 'sequence';
  const perLine = opts.perLine ?? false;
  const input = opts.input ?? 'input';
  validateBoolean(canonical, 'canonical');
  validateOneOf(format, 'format', FORMATS);
  validateBoolean(perLine, 'perLine');
  validateString(input, 'input');

  const sink = reducerSink(`countKmers(k=${k})`, () => {
    const table = createKmerTable(k, { kind: 'sorted' });
    const utf8 = new Utf8();
    if (perLine) {
      const counter = new PerLineCounter(k, canonical, table);
      return {
        step(item: SequenceLike) {
          const bytes = bytesOf(item, utf8);
          if (format === 'sequence') counter.line(bytes);
          else counter.write(bytes);
        },
        result() {
          counter.end();
          return new KmerCounts(k, canonical, table, counter.total, counter.extra);
        },
      };
    }
    const scanner = new KmerScanner(k, table, { canonical, input, ...(format === 'sequence' ? {} : { format }) });
    return {
      step(item: SequenceLike) {
        const bytes = bytesOf(item, utf8);
        if (format === 'sequence') {
          scanner.scanSequence(bytes);
          scanner.endRecord();
        } else {
          scanner.scan(bytes);
        }
      },
      result() {
        scanner.end();
        return new KmerCounts(k, canonical, table, scanner.total);
      },
    };
  });
  return mergeable(sink, () => countKmersAggregator({ name: `countKmers(k=${k})`, k, canonical, format, perLine }));
}
