/**
 * k-mer counting of command-line inputs on several threads (`kmers` and `assemble` with
 * `--threads N`). Each uncompressed regular file is cut into N ranges of whole records; a
 * gzip file cannot be cut, so it is one job; this thread counts the last job itself and
 * N − 1 pool threads the others, unless it has stdin or URLs to read, which it reads in
 * order meanwhile. The partial counts (packed sorted runs, moved not copied:
 * `kmer-partial.ts`) are merged as they are read, never all decoded at once. Counts are
 * sums, so the merged table equals the one-thread table; when a job fails, the error
 * reported is the first one in input order, as one thread would meet it.
 *
 * What two threads still cost over one (k = 21, 50 MB genome: 1.68 s of CPU against 1.45 s)
 * is running at the same time: the very same two ranges counted one after the other in one
 * thread take 1.46 s. Sorting is memory-bound, and two cores share the L3 and the memory bus.
 */
import type { Readable } from 'node:stream';
import { AbortError } from '../../core/errors.js';
import { InputReader } from '../../io/input-reader.js';
import { DirectKmerTable } from '../direct-table.js';
import { KmerCounts } from '../kmer-counts.js';
import type { KmerTable } from '../table.js';
import { validateInteger } from '../../core/validate.js';
import { countInputJob, type CountSpec } from './input-jobs.js';
import { plan } from './input-plan.js';
import { kmerAggregator, type KmerState } from '../kmer-aggregator.js';
import { parallelLines, type LinesPart } from './kmer-lines.js';
import { addDirect, openPartial, partialOf } from '../kmer-partial.js';
import { PackedRunsTable } from '../packed-runs-table.js';
import { resolveWorkerFile, WorkerPool } from '../../parallel/pool.js';

/** Options of {@link countKmersOfInputs}. */
export interface CountInputsOptions extends CountSpec {
  /** Pool threads, 1 to 64. */
  threads: number;
  signal?: AbortSignal | undefined;
  /** What `-` reads. */
  stdin?: Readable | undefined;
  /** Bytes done so far (a range counts when its thread finishes) of the total, if known. */
  onProgress?: ((bytesDone: number, totalBytes: number | undefined) => void) | undefined;
  /** Keep the threads to format the output (`lines()`); then call `close()` when done. */
  keepThreads?: boolean | undefined;
}

/** The merged counts and how many inputs they came from. */
export interface InputsCount {
  /** For `table: { kind: 'sorted' }`, a read-only table in lexicographic order. */
  table: KmerTable;
  /** k-mer occurrences counted. */
  total: number;
  inputs: number;
  /**
   * The `KMER<TAB>COUNT` lines in order (as `KmerCounts.lines`): formatted on the threads
   * when they were kept and the table is sorted runs, else here. Closes the threads at its end.
   */
  lines(chunkSize?: number): AsyncGenerator<Uint8Array>;
  /** Closes the threads kept for `lines()`; safe to call twice. */
  close(): Promise<void>;
}

const WORKER = new URL('./input-worker.js', import.meta.url);

/**
 * Counts the k-mers of `inputs` (paths, globs, URLs, `-`) on `threads` pool threads.
 *
 * @example
 * ```ts
 * const { table, total } = await countKmersOfInputs(['reads.fq', 'more.fa.gz'], { k: 21, canonical: false, table: { kind: 'sorted' }, threads: 2 });
 * new KmerCounts(21, false, table, total);
 * ```
 */
export async function countKmersOfInputs(inputs: readonly string[], options: CountInputsOptions): Promise<InputsCount> {
  validateInteger(options.threads, 'threads', 1, 64);
  // The threads share the one-thread sort block (2^21 k-mers, 32 MB with its scratch), so
  // that N threads hold what one does: k=21 on 20 MB, 2 threads, peak RSS 250 -> 222 MB at
  // the same CPU.
  const blockSize = options.table.blockSize ?? Math.max(1 << 16, Math.ceil((1 << 21) / options.threads));
  const keep = options.keepThreads === true;
  // Threads kept for the output read the runs in place: they are made in shared memory.
  const spec: CountSpec = {
    k: options.k,
    canonical: options.canonical,
    asRun: options.asRun,
    table: { ...options.table, blockSize, ...(keep ? { sharedRuns: true } : {}) },
  };
  const agg = kmerAggregator(spec);
  const { parts, count, total } = await plan(inputs, spec, options.threads);
  // This thread counts the last job itself unless it reads stdin or URLs: one thread fewer
  // to start, ~190 M instructions (valgrind) and ~25 MB of peak RSS.
  const here = (options.threads > 1 || parts.length === 1) && !parts.some((p) => 'local' in p) ? parts.length - 1 : -1;
  const jobs = parts.filter((p) => 'pool' in p).length - (here >= 0 ? 1 : 0);
  const threads = Math.min(options.threads - (here >= 0 ? 1 : 0), jobs);
  const pool = threads === 0 ? undefined : new WorkerPool(resolveWorkerFile(WORKER), { threads, exportName: 'kmers' });
  const onAbort = (): void => void pool?.close();
  options.signal?.addEventListener('abort', onAbort);
  // Sorted tables' packed runs are kept as they come and read through a k-way merge; direct
  // tables' counts are added up; other tables merge through the aggregator.
  let runs: PackedRunsTable | undefined;
  let direct: DirectKmerTable | undefined;
  let merged: KmerState | undefined;
  let partsTotal = 0;
  const add = (parts: unknown): void => {
    const p = openPartial(parts, spec.k);
    partsTotal += p.total;
    if (p.kind === 'runs') {
      runs ??= new PackedRunsTable(spec.k);
      runs.addRuns(p.runs);
    } else if (p.kind === 'direct' || p.kind === 'bytes') {
      direct ??= new DirectKmerTable(spec.k);
      addDirect(direct, p);
    } else {
      const s = agg.decode(p.bytes);
      merged = merged === undefined ? s : agg.merge(merged, s);
    }
  };
  let done = 0;
  let localBytes = 0;
  const progress = (): void => options.onProgress?.(done + localBytes, total);
  try {
    const results = parts.map((p, i) =>
      'pool' in p
        ? (i === here ? countInputJob(p.pool, options.signal) : pool!.run(p.pool, i)).then((bytes) => {
            add(bytes);
            done += p.bytes;
            progress();
          })
        : undefined,
    );
    // Settled here so that a failure after an earlier one is never an unhandled rejection.
    const failures = results.map((r) =>
      r?.then(
        () => undefined,
        (err: unknown) => ({ err }),
      ),
    );
    // Inputs that cannot go to a thread are read here while the threads work, in order.
    const local: Promise<{ err: unknown } | undefined>[] = [];
    for (const [i, p] of parts.entries()) {
      if (!('local' in p)) continue;
      local[i] = (async () => {
        const state = agg.empty();
        const scanner = state.scanner('auto', p.name);
        let seen = 0;
        const reader = new InputReader([p.local], { signal: options.signal, stdin: options.stdin }, (q) => {
          localBytes += q.bytesRead - seen;
          seen = q.bytesRead;
          progress();
        });
        try {
          for await (const ev of reader.events()) if (ev.kind === 'data') scanner.scan(ev.chunk);
          scanner.end();
        } finally {
          reader.close();
        }
        add(partialOf(state, () => agg.encode(state), spec.asRun === true));
      })().then(
        () => undefined,
        (err: unknown) => ({ err }),
      );
      failures[i] = local[i];
      await local[i]; // one at a time: stdin and URLs are read in input order
    }
    // The first failure in input order is the error one thread would have met first.
    for (const f of failures) {
      const failed = await f;
      if (failed !== undefined) throw failed.err;
    }
    if (options.signal?.aborted === true) throw new AbortError();
  } catch (err) {
    if (options.signal?.aborted === true) throw new AbortError(undefined, { cause: err });
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Later jobs may still run after a failure: their answers are not wanted. The output
    // gets fresh threads: these hold what counting left (a sort block, garbage), ~40 MB each.
    await pool?.close();
  }
  // One kind of partial per run: the table kind and k decide it.
  const table = runs ?? direct ?? merged?.settle().table ?? agg.empty().table;
  let output: WorkerPool | undefined;
  const close = async (): Promise<void> => {
    await output?.close();
  };
  async function* lines(chunkSize?: number): AsyncGenerator<Uint8Array> {
    try {
      // Runs not in shared memory (e.g. merged past 64 runs) would be copied to each part.
      const shared = table instanceof PackedRunsTable && table.runs.every((r) => r.lo.buffer instanceof SharedArrayBuffer);
      if (keep && shared) {
        const formatters = new WorkerPool(resolveWorkerFile(WORKER), { threads: options.threads, exportName: 'kmers' });
        output = formatters;
        yield* parallelLines((table as PackedRunsTable).runs, (part) => formatters.run(part, 0) as Promise<LinesPart>, { k: spec.k, signal: options.signal });
      } else {
        yield* new KmerCounts(spec.k, spec.canonical, table, partsTotal).lines(chunkSize);
      }
    } finally {
      await close();
    }
  }
  return { table, total: partsTotal, inputs: count, lines, close };
}
