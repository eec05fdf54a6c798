/**
 * The mergeable form of k-mer counting (and so of De Bruijn edges, which are k-mer counts):
 * a state is the k-mer helper's packed count table (`lib/kmer/table.ts`); merging adds the
 * smaller table's counts into the larger; encoding packs the entries as typed arrays.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { DirectKmerTable } from './direct-table.js';
import { KmerCounts } from './kmer-counts.js';
import { KmerScanner, type ScanFormat } from './scanner.js';
import { createKmerTable, type CreateKmerTableOptions, type KmerTable } from './table.js';
import { validateBoolean, validateInteger } from '../core/validate.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { FrameReader, FrameWriter } from '../parallel/codec.js';

const TAG = 'KMER';
const VERSION = 1;

/**
 * Partial k-mer counts: a packed table, the number of k-mer occurrences counted, and the
 * scanners feeding it (their last batches reach the table on {@link KmerState.settle}).
 *
 * @example
 * ```ts
 * const state = new KmerState(21, false);
 * state.addSequence('ACGT...');
 * const s = state.scanner('fasta', 'part-1.fa'); s.scan(chunk); s.end();
 * state.settle().table.size;
 * ```
 */
export class KmerState {
  readonly k: number;
  readonly canonical: boolean;
  table: KmerTable;
  #counted = 0;
  #scanners: KmerScanner[] = [];
  #seq: KmerScanner | undefined;

  /** `counted`: the occurrences already in `table` (a decoded state's total). */
  constructor(k: number, canonical: boolean, table: KmerTable = createKmerTable(k), counted = 0) {
    this.k = k;
    this.canonical = canonical;
    this.table = table;
    this.#counted = counted;
  }

  /** k-mer occurrences counted so far. */
  get total(): number {
    let t = this.#counted;
    for (const s of this.#scanners) t += s.total;
    return t;
  }

  /** Counts the k-mers of one record's sequence (A/C/G/T, any case; other bytes end a run). */
  addSequence(seq: string | Uint8Array): this {
    if (this.#seq === undefined) this.#seq = this.scanner('lines', 'sequence');
    const bytes = typeof seq === 'string' ? Buffer.from(seq, 'latin1') : seq;
    this.#seq.endRecord();
    this.#seq.scanSequence(bytes);
    return this;
  }

  /**
   * A scanner counting into this state's table, for the bytes of a FASTA, FASTQ or
   * one-sequence-per-line input (for example one byte range of a split file, whose first
   * byte is at `offset` in the file). Call its `end()` when that input ends, to check for a
   * cut record.
   */
  scanner(format: ScanFormat, input: string, offset = 0): KmerScanner {
    const s = new KmerScanner(this.k, this.table, { canonical: this.canonical, format, input, offset });
    this.#scanners.push(s);
    return s;
  }

  /** Hands every scanner's pending batch to the table; returns this. */
  settle(): this {
    for (const s of this.#scanners) {
      s.flush();
      this.#counted += s.total;
    }
    this.#scanners = [];
    this.#seq = undefined;
    return this;
  }

  /** Adds another settled state's counts into this one (the other is left as it was). */
  absorb(other: KmerState): this {
    if (other.k !== this.k || other.canonical !== this.canonical) {
      throw new StreamtoolzError(
        codes.INVALID_ARG_VALUE,
        `cannot merge k-mer counts with k=${other.k}${other.canonical ? ' canonical' : ''} into k=${this.k}${this.canonical ? ' canonical' : ''}`,
      );
    }
    this.settle();
    other.settle();
    const into = this.table;
    const from = other.table;
    if (into instanceof DirectKmerTable && from instanceof DirectKmerTable) {
      const a = into.counts;
      const b = from.counts;
      for (let i = 0; i < b.length; i++) a[i] = a[i]! + b[i]!;
    } else {
      from.forEach((hi, lo, count) => into.add(hi, lo, count));
    }
    this.#counted += other.#counted;
    return this;
  }
}

/**
 * Options of {@link kmerAggregator}.
 *
 * @example
 * ```ts
 * const agg = kmerAggregator({ k: 21, canonical: true });
 * ```
 */
export interface KmerAggregatorOptions {
  /** k, 1 to 31. */
  k: number;
  /** Count each k-mer with its reverse complement under the smaller (`jellyfish count -C`). */
  canonical?: boolean | undefined;
  /** How tables are made (direct for k ≤ 12, hash above; see `createKmerTable`). */
  table?: CreateKmerTableOptions | undefined;
}

/**
 * k-mer counts as a mergeable aggregator. Items are sequences (one record each: a k-mer
 * never spans two items); byte ranges of FASTA/FASTQ files go through `state.scanner()`.
 * `result` is the `KmerCounts` that `sinks.countKmers` gives. Encoded as k, the flags, the
 * total and three columns (hi words, only when k > 16; lo words; float64 counts).
 *
 * @example
 * ```ts
 * const agg = kmerAggregator({ k: 3 });
 * const a = fold(agg, ['ACGTA']);
 * const b = agg.decode(agg.encode(fold(agg, ['CGTT'])));
 * agg.result(agg.merge(a, b)).get('CGT'); // 2
 * ```
 */
export function kmerAggregator(options: KmerAggregatorOptions): Aggregator<KmerState, string | Uint8Array, KmerCounts> {
  const k = options?.k;
  validateInteger(k, 'k', 1, 31);
  const canonical = options.canonical ?? false;
  validateBoolean(canonical, 'canonical');
  const tableOptions = { ...options.table };
  return {
    name: `kmerCounts(k=${k}${canonical ? ', canonical' : ''})`,
    empty: () => new KmerState(k, canonical, createKmerTable(k, tableOptions)),
    add: (state, item) => state.addSequence(item),
    // Add the smaller table into the larger: the cost is the smaller's size.
    merge: (a, b) => (a.settle().table.size >= b.settle().table.size ? a.absorb(b) : b.absorb(a)),
    encode(state) {
      state.settle();
      const n = state.table.size;
      const wide = k > 16;
      const his = new Uint32Array(wide ? n : 0);
      const los = new Uint32Array(n);
      const counts = new Float64Array(n);
      let i = 0;
      for (const batch of state.table.batches()) {
        if (wide) his.set(batch.hi.subarray(0, batch.n), i);
        los.set(batch.lo.subarray(0, batch.n), i);
        counts.set(batch.count.subarray(0, batch.n), i);
        i += batch.n;
      }
      const w = new FrameWriter(TAG, VERSION)
        .u32(k)
        .u32(canonical ? 1 : 0)
        .u32(n)
        .f64(state.total);
      return w.u32array(his).u32array(los).f64array(counts).finish();
    },
    decode(bytes) {
      const r = new FrameReader(bytes, TAG, VERSION);
      const gotK = r.u32();
      const gotCanonical = r.u32() === 1;
      if (gotK !== k || gotCanonical !== canonical) {
        throw new StreamtoolzError(
          codes.BAD_RECORD,
          `encoded KMER state: k=${gotK}${gotCanonical ? ' canonical' : ''}, expected k=${k}${canonical ? ' canonical' : ''}`,
        );
      }
      const n = r.u32();
      const total = r.f64();
      const his = k > 16 ? r.u32array(n) : undefined;
      const los = r.u32array(n);
      const counts = r.f64array(n);
      r.end();
      const table = createKmerTable(k, { ...tableOptions, initialCapacity: Math.max(tableOptions.initialCapacity ?? 0, Math.ceil(n / 0.7) + 1) });
      if (table instanceof DirectKmerTable) {
        for (let i = 0; i < n; i++) table.counts[los[i]!] = counts[i]!;
      } else {
        for (let i = 0; i < n; i++) table.add(his === undefined ? 0 : his[i]!, los[i]!, counts[i]!);
      }
      return new KmerState(k, canonical, table, total);
    },
    result: (state) => new KmerCounts(k, canonical, state.settle().table, state.total),
  };
}
