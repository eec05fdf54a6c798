/**
 * The `KMER<TAB>COUNT` output of merged sorted runs, formatted on pool threads. With many
 * distinct k-mers the output is most of the work (k = 21 on 20 MB of random reads: 20 M
 * lines, 1.2 s of CPU of the one-thread command's 2.2 s), and it was left to the main thread.
 *
 * The runs live in SharedArrayBuffers (the threads counted into `sharedRuns` tables), so
 * every thread reads them in place. The key space is cut into parts of about `partEntries`
 * k-mers, at keys taken from the largest run; a part is the slice of every run between two
 * keys, and a k-mer never straddles two parts. A thread merges and formats a part with the
 * one-thread code (`KmerCounts.lines`) and moves the text back; parts are written in key
 * order, a few in flight, so the output is byte for byte the one-thread output.
 *
 * Opt-in (`countKmersOfInputs({ keepThreads })`), not used by the commands yet: measured on
 * that 20 MB input, 2 threads, it costs 3.20 s of CPU against 2.35 s formatting here, and
 * 286 MB of peak RSS against 201 MB (parts merge 20 runs each, shared memory reads ~6% slower,
 * two fresh threads); it pays only in wall time, and only when both cores are free.
 */
import { AbortError } from '../../core/errors.js';
import { KmerCounts } from '../kmer-counts.js';
import type { PackedRun } from '../packed-run.js';
import { openPartial, partialOfRuns, type KmerPartial } from '../kmer-partial.js';
import { PackedRunsTable } from '../packed-runs-table.js';
import { keyAt, lowerBound, sliceRun } from '../run-slice.js';

/** A formatting job: the (shared) runs, and where the part starts and ends in each. */
export interface LinesJob {
  kind: 'lines';
  runs: KmerPartial;
  from: Float64Array;
  to: Float64Array;
}

/**
 * A part's text as a thread hands it back: the bytes used of each chunk, then the chunks'
 * whole buffers (so that they are moved, not copied).
 */
export type LinesPart = [Float64Array, ...Uint8Array[]];

/**
 * Worker side: the output lines of one part, in chunks.
 *
 * @example
 * ```ts
 * const [lengths, ...chunks] = formatPartLines(job);
 * chunks.forEach((c, i) => stdout.write(c.subarray(0, lengths[i])));
 * ```
 */
export function formatPartLines(job: LinesJob): LinesPart {
  // Ints, not the header's doubles: k and the run lengths bound the formatting loops, and
  // doubles there cost +40% CPU.
  const k = job.runs[0][1]! | 0;
  const opened = openPartial(job.runs, k);
  const table = new PackedRunsTable(k);
  if (opened.kind === 'runs') table.addRuns(opened.runs.map((r, i) => sliceRun(r, job.from[i]! | 0, job.to[i]! | 0, true)));
  const lengths: number[] = [];
  const chunks: Uint8Array[] = [];
  for (const c of new KmerCounts(k, false, table, 0).lines(1 << 18)) {
    lengths.push(c.length);
    // lines() makes a new buffer for every chunk: the buffer is the chunk's own.
    chunks.push(c.byteOffset === 0 ? new Uint8Array(c.buffer) : c.slice());
  }
  return [Float64Array.from(lengths), ...chunks];
}

/** Options of {@link parallelLines}. */
export interface ParallelLinesOptions {
  k: number;
  /** Parts in flight (being formatted or waiting to be written). Default 4. */
  window?: number | undefined;
  /** About how many k-mers a part holds. Default 2^18 (~6 MB of text at k = 21). */
  partEntries?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Main side: the output lines of `runs` (in SharedArrayBuffers) in key order, each part
 * formatted by `format` (a pool thread running {@link formatPartLines}).
 *
 * @example
 * ```ts
 * for await (const chunk of parallelLines(table.runs, (job) => pool.run(job, 0) as Promise<LinesPart>, { k: 21 })) await write(chunk);
 * ```
 */
export async function* parallelLines(
  runs: readonly PackedRun[],
  format: (job: LinesJob) => Promise<LinesPart>,
  options: ParallelLinesOptions,
): AsyncGenerator<Uint8Array> {
  const window = options.window ?? 4;
  const bounds = cuts(runs, options.partEntries ?? 1 << 18);
  const shared = partialOfRuns(options.k, 0, runs);
  const inflight: Promise<LinesPart>[] = [];
  let next = 0;
  const submit = (): void => {
    while (inflight.length < window && next + 1 < bounds.length) {
      const p = next++;
      const done = format({ kind: 'lines', runs: shared, from: Float64Array.from(bounds[p]!), to: Float64Array.from(bounds[p + 1]!) });
      done.catch(() => undefined); // awaited in order below; a later failure is not unhandled meanwhile
      inflight.push(done);
    }
  };
  submit();
  while (inflight.length > 0) {
    if (options.signal?.aborted === true) throw new AbortError();
    const [lengths, ...chunks] = await inflight.shift()!;
    submit(); // keep the threads busy while this part is written
    for (let i = 0; i < chunks.length; i++) yield chunks[i]!.subarray(0, lengths[i]);
  }
}

/**
 * Positions of every run at the part boundaries: `bounds[p][r]` is where part p starts in
 * run r (the last row is the runs' ends). Keys are taken at even steps of the largest run.
 */
function cuts(runs: readonly PackedRun[], partEntries: number): number[][] {
  let total = 0;
  let largest: PackedRun | undefined;
  for (const r of runs) {
    total += r.n;
    if (largest === undefined || r.n > largest.n) largest = r;
  }
  const bounds = [runs.map(() => 0)];
  const parts = Math.ceil(total / partEntries);
  let last = 0; // a first cut at the smallest key would make an empty part
  for (let p = 1; largest !== undefined && p < parts; p++) {
    const key = keyAt(largest, Math.floor((p * largest.n) / parts));
    if (key <= last) continue;
    last = key;
    bounds.push(runs.map((r) => lowerBound(r, key)));
  }
  bounds.push(runs.map((r) => r.n));
  return bounds;
}
