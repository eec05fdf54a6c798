/**
 * Merging encoded k-mer states that are sorted (the encoding of a `SortedKmerTable` lists
 * its k-mers in lexicographic order) as sorted runs: a linear merge per pair, where adding
 * the entries one by one into a `SortedKmerTable` would make a run of each weighted add.
 * The merged run is wrapped as a read-only `KmerTable`, enough for `KmerCounts`' output.
 */
import { codes, StreamtoolzError } from '../errors.js';
import type { KmerBatch } from '../kmer/hash-table.js';
import { findInRun, mergedBatches, mergeTwo, type SortedRun } from '../kmer/sorted-runs.js';
import type { KmerTable } from '../kmer/table.js';
import { FrameReader } from './codec.js';

/**
 * The sorted run of an encoded `kmerAggregator` state whose table iterates in order (a
 * sorted or direct table), and its total of k-mer occurrences.
 *
 * @example
 * ```ts
 * const { run, total } = runOfEncoded(kmerAggregator({ k: 21, table: { kind: 'sorted' } }).encode(state), 21);
 * ```
 */
export function runOfEncoded(bytes: Uint8Array, k: number): { run: SortedRun; total: number } {
  const r = new FrameReader(bytes, 'KMER', 1);
  const gotK = r.u32();
  r.u32(); // canonical: the caller's jobs all share it
  if (gotK !== k) throw new StreamtoolzError(codes.BAD_RECORD, `encoded KMER state: k=${gotK}, expected k=${k}`);
  const n = r.u32();
  const total = r.f64();
  const hi = k > 16 ? r.u32array(n) : new Uint32Array(n);
  const lo = r.u32array(n);
  const counts = r.f64array(n);
  r.end();
  const count = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c > 0xffffffff) throw new RangeError('k-mer count exceeds 2^32 - 1');
    count[i] = c;
  }
  return { run: { hi, lo, count, n }, total };
}

/**
 * Merges sorted runs pairwise up a tree (each entry is copied log2(runs) times).
 *
 * @example
 * ```ts
 * mergeRuns([a, b, c]).n; // the distinct k-mers of all three
 * ```
 */
export function mergeRuns(runs: readonly SortedRun[]): SortedRun {
  let level = [...runs];
  if (level.length === 0) return { hi: new Uint32Array(0), lo: new Uint32Array(0), count: new Uint32Array(0), n: 0 };
  while (level.length > 1) {
    const next: SortedRun[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(mergeTwo(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/**
 * One sorted run as a read-only {@link KmerTable}: lookups, walks in lexicographic order.
 *
 * @example
 * ```ts
 * const table = new SortedRunTable(mergeRuns(runs));
 * new KmerCounts(21, false, table, total).lines();
 * ```
 */
export class SortedRunTable implements KmerTable {
  readonly run: SortedRun;

  constructor(run: SortedRun) {
    this.run = run;
  }

  get size(): number {
    return this.run.n;
  }

  add(): void {
    throw new StreamtoolzError(codes.INVALID_ARG_VALUE, 'a merged k-mer run is read-only');
  }

  addBatch(): void {
    this.add();
  }

  get(hi: number, lo: number): number {
    return findInRun(this.run, hi, lo);
  }

  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    const { hi, lo, count, n } = this.run;
    for (let i = 0; i < n; i++) fn(hi[i]!, lo[i]!, count[i]!);
  }

  *batches(size = 1 << 16): Generator<KmerBatch> {
    yield* mergedBatches([this.run], size);
  }
}
