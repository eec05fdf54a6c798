/**
 * The per-thread work of the `--threads N` commands (`kmers`, `assemble`): count the k-mers
 * of one byte range of an input, or of one whole input that cannot be cut (gzip), exactly
 * as the one-thread command counts them, errors included: a bad record names the input as
 * given on the command line and its line number in the whole file, not in the range.
 */
import { stat } from 'node:fs/promises';
import { RecordError } from '../../core/errors.js';
import { InputReader } from '../../io/input-reader.js';
import type { KmerScanner, ScanFormat } from '../scanner.js';
import type { CreateKmerTableOptions } from '../table.js';
import { kmerAggregator } from '../kmer-aggregator.js';
import { partialOf, type KmerPartial } from '../kmer-partial.js';
import { inWholeFile } from '../../parallel/range-error.js';
import { readRange } from '../../parallel/read-range.js';
import type { FileRange } from '../../parallel/split.js';

/** How to count: the same in every job of a run. */
export interface CountSpec {
  k: number;
  canonical: boolean;
  /** Table options (plain data): the table kind decides the output order, so it must match. */
  table: CreateKmerTableOptions;
  /** Hash tables: hand the counts back as one sorted run (see `partialOf`). */
  asRun?: boolean | undefined;
}

/** A job: one range of a split file, or one whole input (a gzip file). */
export type InputKmerJob = CountSpec &
  ({ kind: 'range'; range: FileRange; name: string; format: 'fasta' | 'fastq' | 'lines' } | { kind: 'whole'; name: string });

/**
 * Counts one job's k-mers (in a pool thread, or in the main thread with its `signal`);
 * resolves with the partial counts, to be moved to the main thread (`kmer-partial.ts`).
 *
 * @example
 * ```ts
 * const spec = { k: 21, canonical: false, table: { kind: 'sorted' as const } };
 * const parts = await countInputJob({ ...spec, kind: 'whole', name: 'reads.fq.gz' });
 * openPartial(parts, 21).kind; // 'runs'
 * ```
 */
export async function countInputJob(job: InputKmerJob, signal?: AbortSignal): Promise<KmerPartial> {
  const agg = kmerAggregator(job);
  const state = agg.empty();
  if (job.kind === 'whole') {
    const reader = new InputReader([job.name], { signal });
    try {
      const scanner = state.scanner('auto', job.name);
      for await (const ev of reader.events()) if (ev.kind === 'data') scanner.scan(ev.chunk);
      scanner.end();
    } finally {
      reader.close();
    }
    return partialOf(state, () => agg.encode(state), job.asRun === true);
  }
  // Range 0 detects its format as the one-thread scanner does (leading blank lines and
  // all); later ranges start on a record of the format detected for the file.
  const format: ScanFormat = job.range.start === 0 ? 'auto' : job.format;
  const scanner = state.scanner(format, job.name, job.range.start);
  try {
    for await (const chunk of readRange(job.range)) {
      signal?.throwIfAborted();
      scanner.scan(chunk);
    }
    if (!scanner.atRecordStart) await readOn(scanner, job.name, job.range, signal);
    scanner.end();
  } catch (err) {
    throw await inWholeFile(err, job.range);
  }
  return partialOf(state, () => agg.encode(state), job.asRun === true);
}

/**
 * A range that ends inside a FASTQ record: a bad record (a quality line too short) that
 * the cut went past. Reading on from the cut, as one thread reads on, meets the error that
 * one thread meets, on the same line. Should the record end well past the cut instead, the
 * cut was inside a record (multi-line FASTQ), and the counts of two threads would be wrong.
 */
async function readOn(scanner: KmerScanner, name: string, range: FileRange, signal: AbortSignal | undefined): Promise<void> {
  const { size } = await stat(range.path);
  if (size <= range.end) return; // the file's end: end() reports the cut record
  for await (const chunk of readRange({ ...range, start: range.end, end: size })) {
    signal?.throwIfAborted();
    scanner.scan(chunk);
    if (scanner.atRecordStart) break;
  }
  if (scanner.atRecordStart) {
    throw new RecordError(
      { input: name, offset: range.end, stage: `kmers(k=${scanner.k})` },
      'a FASTQ record goes on past this cut between threads (multi-line records?): count this file with --threads 1',
    );
  }
}
