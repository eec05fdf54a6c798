import { graphFromTable } from '../lib/debruijn/from-table.js';
import type { DeBruijnGraph } from '../lib/debruijn/graph.js';
import { KmerScanner } from '../lib/kmer/scanner.js';
import { createKmerTable } from '../lib/kmer/table.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, copyOptions, type OptionNames, validateInteger } from '../lib/core/validate.js';

/**
 * Largest k counted in a direct-index table (4^k slots): 512 KB at k = 8. Above, a hash
 * table, whose size follows the data: a direct table at k = 12 takes 128 MB even for a toy.
 */
const DIRECT_MAX_K = 8;

/**
 * A read: its sequence as a string or bytes, or a record with a `sequence` field (FASTA/FASTQ sources).
 *
 * @example
 * ```ts
 * await pipe(['ATGGC', Buffer.from('TGGCG'), { sequence: 'GCGTG' }], sinks.deBruijn(3));
 * ```
 */
export type Read = string | Uint8Array | { readonly sequence: string | Uint8Array };

/**
 * Options of {@link deBruijn}.
 *
 * @example
 * ```ts
 * const graph = await pipe(sources.fasta('reads.fa'), sinks.deBruijn(31, { minCount: 3 }));
 * ```
 */
export interface DeBruijnOptions {
  /** Drop k-mers seen fewer than this many times (sequencing errors). Default 1. */
  minCount?: number | undefined;
}

const DE_BRUIJN_OPTIONS: OptionNames<DeBruijnOptions> = { minCount: true };

/**
 * Streams reads into a De Bruijn graph: each k-mer of a read is an edge from its prefix to
 * its suffix ((k-1)-mers), with its count as multiplicity. Reads are single-stranded (no
 * reverse complements, as in the seed); case is folded; k-mers with a character other than
 * A/C/G/T are skipped. Each read is its own sequence: no k-mer spans two reads.
 *
 * Memory is the k-mer count table (about 12-24 bytes per distinct k-mer) and then the
 * compact graph, never an object per k-mer.
 *
 * @example
 * ```ts
 * const graph = await pipe(sources.fasta('reads.fa'), sinks.deBruijn(31, { minCount: 3 }));
 * const genome = assemble(eulerianPath(graph));
 * ```
 */
export function deBruijn(k: number, options?: DeBruijnOptions): ReducerSink<Read, DeBruijnGraph> {
  validateInteger(k, 'k', 2, 31);
  const opts = copyOptions(checkOptionNames(options, DE_BRUIJN_OPTIONS, 'sinks.deBruijn()'));
  const minCount = opts.minCount ?? 1;
  validateInteger(minCount, 'minCount', 1);
  const name = minCount > 1 ? `deBruijn(k=${k}, minCount=${minCount})` : `deBruijn(k=${k})`;
  return reducerSink<Read, DeBruijnGraph>(name, () => {
    const table = createKmerTable(k, { directMaxK: DIRECT_MAX_K });
    const scanner = new KmerScanner(k, table);
    let scratch = Buffer.allocUnsafe(1024);
    return {
      step(read) {
        let seq: unknown = read;
        if (typeof read === 'object' && read !== null && !(read instanceof Uint8Array)) seq = read.sequence;
        let bytes: Uint8Array;
        let n: number;
        if (typeof seq === 'string') {
          // latin1: one byte per character, into a reused buffer (no allocation per read).
          if (seq.length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(seq.length, 2 * scratch.length));
          n = scratch.write(seq, 0, 'latin1');
          bytes = scratch;
        } else if (seq instanceof Uint8Array) {
          bytes = seq;
          n = seq.length;
        } else {
          throw new TypeError(`expected a read as a string, a Buffer or a record with a sequence field, got ${seq === null ? 'null' : typeof seq}`);
        }
        scanner.endRecord();
        scanner.scanSequence(bytes, 0, n);
      },
      result() {
        scanner.flush();
        return graphFromTable(k, table, { minCount });
      },
    };
  });
}
