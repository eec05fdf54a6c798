/**
 * The mergeable form of `sinks.countKmers(k, options)`: the k-mer aggregator, fed the same
 * items as the sink (sequences, bytes, or records with a `sequence`), one record per item.
 */
import { kmerAggregator, type KmerState } from './kmer-aggregator.js';
import type { KmerCounts } from './kmer-counts.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { notMergeable } from '../job/mergeable.js';

/** What `sinks.countKmers` passes for its mergeable form. */
export interface CountKmersSpec {
  name: string;
  k: number;
  canonical: boolean;
  format: string;
  perLine: boolean;
}

/**
 * k-mer counts of sequence items, in pieces. Only the default item kind ('sequence', whole
 * records) merges: chunks of a file ('fasta', 'lines'...) may cut a record between pieces,
 * and the seed's per-line counting keeps strings of its own.
 *
 * @example
 * ```ts
 * const agg = countKmersAggregator({ name: 'countKmers(k=3)', k: 3, canonical: false, format: 'sequence', perLine: false });
 * agg.result(agg.merge(fold(agg, ['ACGT']), fold(agg, [{ sequence: 'CGT' }]))).get('CGT'); // 2
 * ```
 */
export function countKmersAggregator(spec: CountKmersSpec): Aggregator<KmerState, unknown, KmerCounts> {
  if (spec.perLine) throw notMergeable(spec.name, 'per-line counting does not merge; count whole records');
  if (spec.format !== 'sequence')
    throw notMergeable(spec.name, `format '${spec.format}' takes chunks of one file, which pieces would cut; give it records (the default format 'sequence')`);
  const agg = kmerAggregator({ k: spec.k, canonical: spec.canonical });
  return {
    ...agg,
    name: spec.name,
    add(state, item) {
      if (typeof item === 'string' || item instanceof Uint8Array) return agg.add(state, item);
      const seq = (item as { sequence?: unknown } | null)?.sequence;
      if (typeof seq === 'string' || seq instanceof Uint8Array) return agg.add(state, seq);
      throw new TypeError(`expected a string, a Uint8Array or a record with a sequence, got ${item === null ? 'null' : typeof item}`);
    },
  };
}
