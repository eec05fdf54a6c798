/**
 * The k-mer side of `reduce`: the workers' partials (`kmer-partial-bytes.ts`) put together
 * as `kmers --threads` puts its threads' partials together, so that the output is the same
 * bytes in the same (lexicographic) order:
 * - k > 12: every partial is packed sorted runs; the runs stay as they came from Redis
 *   (views of the reply buffers) and are read through one k-way merge as the output is
 *   written (`PackedRunsTable`). No table of all k-mers is ever built.
 * - k ≤ 12: every partial is a direct table's counts (bytes and carries for k ≥ 10), added
 *   into one direct table (16 MB at k = 12) one partial at a time, each dropped once added.
 *
 * What the reducer holds for k > 12 is the partials themselves, ~5 bytes per distinct k-mer
 * of each job (~9 above k = 24), about what one `kmers` process holds in its runs for the
 * same input. Reading each partial from Redis piece by piece (GETRANGE over per-job string
 * keys) would bound it to a window per job, but it would need a round trip per window and
 * job; the partials are the same size as a worker's runs, which a worker holds anyway, so a
 * reducer machine as big as a worker's suffices. See `benchmarks/scale-out.ts`.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { DIRECT_MAX_K, DirectKmerTable } from '../kmer/direct-table.js';
import { KmerCounts } from '../kmer/kmer-counts.js';
import { addDirect, openPartial } from '../kmer/kmer-partial.js';
import { PackedRunsTable } from '../kmer/packed-runs-table.js';
import { partialFromBytes } from './kmer-partial-bytes.js';

/** What is merged: k and strand, as the run was submitted. */
export interface KmerRunSpec {
  k: number;
  canonical: boolean;
}

/**
 * Fetches the `jobs` partials one after the other with `fetch(i)` and merges them into counts
 * whose `lines()` are those of `kmers -k K [--canonical]` on the whole input. `what(i)` names
 * partial `i` in errors.
 *
 * @example
 * ```ts
 * const counts = await mergeKmerPartials({ k: 21, canonical: true }, 8, (i) => hGetBuffer(i), (i) => `job ${i}`);
 * for (const chunk of counts.lines(1 << 18)) process.stdout.write(chunk);
 * ```
 */
export async function mergeKmerPartials(
  spec: KmerRunSpec,
  jobs: number,
  fetch: (i: number) => Promise<Uint8Array>,
  what: (i: number) => string,
): Promise<KmerCounts> {
  const { k, canonical } = spec;
  let runs: PackedRunsTable | undefined;
  let direct: DirectKmerTable | undefined;
  let total = 0;
  for (let i = 0; i < jobs; i++) {
    const p = openPartial(partialFromBytes(await fetch(i), what(i)), k, what(i));
    total += p.total;
    if (p.kind === 'runs') {
      runs ??= new PackedRunsTable(k);
      runs.addRuns(p.runs);
    } else if (p.kind === 'direct' || p.kind === 'bytes') {
      direct ??= new DirectKmerTable(k);
      addDirect(direct, p, what(i));
    } else {
      // Workers count into sorted or direct tables: an encoded hash table is not theirs.
      throw new StreamtoolzError(codes.BAD_RECORD, `${what(i)}: a k-mer partial of a hash table (not made by a worker of this build)`);
    }
    // One kind per k: a mix means partials of two different builds.
    if (runs !== undefined && direct !== undefined)
      throw new StreamtoolzError(codes.BAD_RECORD, `${what(i)}: k-mer partials of mixed kinds (sorted runs and direct counts) for k=${k}`);
  }
  return new KmerCounts(k, canonical, runs ?? direct ?? (k <= DIRECT_MAX_K ? new DirectKmerTable(k) : new PackedRunsTable(k)), total);
}
