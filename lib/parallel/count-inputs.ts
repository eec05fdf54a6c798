/**
 * k-mer counting of command-line inputs on several threads (`kmers` and `assemble` with
 * `--threads N`). Each uncompressed regular file is cut into N ranges of whole records,
 * counted in a pool thread each; a gzip file cannot be cut, so it is one job (one thread per
 * input); stdin and URLs are read in this thread meanwhile. The encoded partial counts are
 * merged here. Counts are sums, so the merged table equals the one-thread table; when a job
 * fails, the error reported is the first one in input order, as one thread would meet it.
 */
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AbortError } from '../errors.js';
import { InputReader } from '../io/input-reader.js';
import { resolveInputs } from '../io/inputs.js';
import type { KmerTable } from '../kmer/table.js';
import { validateInteger } from '../validate.js';
import type { InputKmerJob, CountSpec } from './input-jobs.js';
import { kmerAggregator, type KmerState } from './kmer-aggregator.js';
import { DirectCountsTable } from './direct-counts-table.js';
import { openPartial, partialOf } from './kmer-partial.js';
import { PackedRunsTable } from './packed-runs-table.js';
import { resolveWorkerFile, WorkerPool } from './pool.js';
import { splitFile } from './split.js';

/** Options of {@link countKmersOfInputs}. */
export interface CountInputsOptions extends CountSpec {
  /** Pool threads, 1 to 64. */
  threads: number;
  signal?: AbortSignal | undefined;
  /** What `-` reads. */
  stdin?: Readable | undefined;
  /** Bytes done so far (a range counts when its thread finishes) of the total, if known. */
  onProgress?: ((bytesDone: number, totalBytes: number | undefined) => void) | undefined;
}

/** The merged counts and how many inputs they came from. */
export interface InputsCount {
  /** For `table: { kind: 'sorted' }`, a read-only table in lexicographic order. */
  table: KmerTable;
  /** k-mer occurrences counted. */
  total: number;
  inputs: number;
}

const WORKER = new URL('./input-worker.js', import.meta.url);

/** The format the one-thread scanner would detect: the first byte of the first non-blank line. */
async function sniffFormat(path: string): Promise<'fasta' | 'fastq' | 'lines' | 'gzip' | undefined> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read({ buffer: Buffer.alloc(1 << 16), position: 0 });
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    for (let p = 0; p < head.length; ) {
      const c = head[p]!;
      if (c !== 10 && c !== 13) return c === 62 ? 'fasta' : c === 64 ? 'fastq' : 'lines';
      const nl = head.indexOf(10, p);
      if (nl < 0) break;
      p = nl + 1;
    }
    return undefined; // blank so far: not worth cutting
  } finally {
    await fh.close();
  }
}

/** A unit of work in input order: a pool job, or an input read in this thread. */
type Part = { pool: InputKmerJob; bytes: number } | { local: string; name: string };

async function plan(inputs: readonly string[], spec: CountSpec, threads: number): Promise<{ parts: Part[]; count: number; total: number | undefined }> {
  const parts: Part[] = [];
  let total: number | undefined = 0;
  const resolved = await resolveInputs(inputs);
  for (const r of resolved) {
    if (r.kind !== 'file') {
      parts.push({ local: r.kind === 'stdin' ? '-' : r.name, name: r.name });
      total = undefined;
      continue;
    }
    // Anything odd (missing, a directory, a FIFO) goes the one-thread way, for its error.
    const st = await stat(r.path).catch(() => undefined);
    const format = st?.isFile() === true && st.size > 0 ? await sniffFormat(r.path).catch(() => undefined) : undefined;
    if (st === undefined || format === undefined) {
      parts.push({ local: r.name, name: r.name });
      if (total !== undefined) total += st?.size ?? 0;
      continue;
    }
    if (total !== undefined) total += st!.size;
    if (format === 'gzip') {
      parts.push({ pool: { ...spec, kind: 'whole', name: r.name }, bytes: st!.size });
      continue;
    }
    for (const range of await splitFile(r.path, threads, { format })) {
      parts.push({ pool: { ...spec, kind: 'range', range, name: r.name, format }, bytes: range.end - range.start });
    }
  }
  return { parts, count: resolved.length, total };
}

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
  const spec: CountSpec = { k: options.k, canonical: options.canonical, table: { ...options.table, blockSize } };
  const agg = kmerAggregator(spec);
  const { parts, count, total } = await plan(inputs, spec, options.threads);
  const jobs = parts.filter((p): p is Extract<Part, { pool: unknown }> => 'pool' in p).length;
  const pool = jobs === 0 ? undefined : new WorkerPool(resolveWorkerFile(WORKER), { threads: Math.min(options.threads, jobs), exportName: 'kmers' });
  const onAbort = (): void => void pool?.close();
  options.signal?.addEventListener('abort', onAbort);
  // Sorted tables' packed runs are kept as they come and read through a k-way merge; direct
  // tables' counts are added up; other tables merge through the aggregator.
  let runs: PackedRunsTable | undefined;
  let direct: DirectCountsTable | undefined;
  let merged: KmerState | undefined;
  let partsTotal = 0;
  const add = (parts: unknown): void => {
    const p = openPartial(parts, spec.k);
    partsTotal += p.total;
    if (p.kind === 'runs') {
      runs ??= new PackedRunsTable(spec.k);
      runs.addRuns(p.runs);
    } else if (p.kind === 'direct') {
      if (direct === undefined) direct = new DirectCountsTable(p.counts);
      else direct.absorb(p.counts);
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
        ? pool!.run(p.pool, i).then((bytes) => {
            add(bytes);
            done += p.bytes;
            progress();
          })
        : undefined,
    );
    // Settled here so that a failure after an earlier one is never an unhandled rejection.
    const failures = results.map((r) => r?.then(() => undefined, (err: unknown) => ({ err })));
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
        add(partialOf(state, () => agg.encode(state)));
      })().then(() => undefined, (err: unknown) => ({ err }));
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
    // Later jobs may still run after a failure: their answers are not wanted.
    await pool?.close();
  }
  // One kind of partial per run: the table kind and k decide it.
  const table = runs ?? direct ?? merged?.settle().table ?? agg.empty().table;
  return { table, total: partsTotal, inputs: count };
}
