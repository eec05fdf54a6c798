/**
 * The merged counts of several threads' sorted tables, as a read-only `KmerTable` over their
 * packed runs: reads go through the k-way merge of `packed-merge.ts` as the output is
 * written, so the merged table is never built and no run is ever decoded whole. This is
 * how a `SortedKmerTable` reads its own runs; here the runs come from other threads.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { KmerBatch } from './hash-table.js';
import { capRuns, mergedPackedBatches } from './packed-merge.js';
import type { PackedRun } from './packed-run.js';
import type { KmerTable } from './table.js';

/** Runs kept before the two smallest are merged (many gzip inputs give many runs). */
const MAX_RUNS = 64;

/**
 * Sorted packed runs read as one table, in lexicographic order.
 *
 * @example
 * ```ts
 * const table = new PackedRunsTable(21);
 * for (const parts of threadResults) table.addRuns(openPartial(parts, 21).runs);
 * new KmerCounts(21, false, table, total).lines();
 * ```
 */
export class PackedRunsTable implements KmerTable {
  readonly k: number;
  readonly #runs: PackedRun[] = [];
  #size = -1;

  constructor(k: number) {
    this.k = k;
  }

  /** Adds sorted runs (kept as they are, not copied). */
  addRuns(runs: readonly PackedRun[]): void {
    for (const run of runs) if (run.n > 0) this.#runs.push(run);
    this.#size = -1;
    // Past MAX_RUNS the two smallest are merged, so a read never faces an unbounded heap
    // (runs in shared memory stay there, for the formatting threads).
    capRuns(this.#runs, MAX_RUNS, this.k, this.#runs[0]?.lo.buffer instanceof SharedArrayBuffer);
  }

  /** The runs, to be read, not changed (e.g. cut by key for formatting on several threads). */
  get runs(): readonly PackedRun[] {
    return this.#runs;
  }

  /** Number of distinct k-mers (a merge walk, cached). */
  get size(): number {
    if (this.#size < 0) {
      if (this.#runs.length <= 1) this.#size = this.#runs[0]?.n ?? 0;
      else this.forEach(() => undefined); // the walk records the size
    }
    return this.#size;
  }

  add(): void {
    throw new StreamtoolzError(codes.INVALID_ARG_VALUE, 'merged k-mer runs are read-only');
  }

  addBatch(): void {
    this.add();
  }

  get(hi: number, lo: number): number {
    let total = 0;
    for (const run of this.#runs) total += run.get(hi, lo);
    return total;
  }

  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    for (const b of this.batches()) {
      for (let i = 0; i < b.n; i++) fn(b.hi[i]!, b.lo[i]!, b.count[i]!);
    }
  }

  /** The entries in columnar batches, in lexicographic order (arrays reused between batches). */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    let n = 0;
    for (const b of mergedPackedBatches(this.#runs, size)) {
      n += b.n;
      yield b;
    }
    this.#size = n;
  }
}
