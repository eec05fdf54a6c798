/**
 * The plan of a `countKmersOfInputs` run: each uncompressed regular file cut into ranges of
 * whole records (in the format the one-thread scanner would detect), a gzip file one whole
 * job, and anything else (stdin, URLs, odd files) read on the main thread, in input order.
 */
import { open, stat } from 'node:fs/promises';
import { resolveInputs } from '../../io/inputs.js';
import { sequenceFormatOf } from '../sequence-format.js';
import type { CountSpec, InputKmerJob } from './input-jobs.js';
import { splitFile } from '../../parallel/split.js';

/**
 * The format the one-thread scanner would detect: its first significant byte, after a
 * byte-order mark and blank space. Undefined when that is not sequence data (the one-thread
 * way then gives the error) or when the head is all blank (not worth cutting).
 */
async function sniffFormat(path: string): Promise<'fasta' | 'fastq' | 'lines' | 'gzip' | undefined> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read({ buffer: Buffer.alloc(1 << 16), position: 0 });
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    let p = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (p < head.length && (head[p] === 10 || head[p] === 13 || head[p] === 32 || head[p] === 9)) p++;
    return p < head.length ? sequenceFormatOf(head[p]!) : undefined;
  } finally {
    await fh.close();
  }
}

/** A unit of work in input order: a pool job, or an input read in this thread. */
export type Part = { pool: InputKmerJob; bytes: number } | { local: string; name: string };

/**
 * The parts of a `countKmersOfInputs` run in input order, how many inputs, and their total
 * size when known.
 *
 * @example
 * ```ts
 * const { parts } = await plan(['reads.fa'], { k: 21, canonical: false, table: { kind: 'sorted' } }, 2);
 * ```
 */
export async function plan(inputs: readonly string[], spec: CountSpec, threads: number): Promise<{ parts: Part[]; count: number; total: number | undefined }> {
  const parts: Part[] = [];
  let total: number | undefined = 0;
  const resolved = await resolveInputs(inputs);
  for (const r of resolved) {
    if (r.kind !== 'file') {
      // A URL's name hides its credentials: the request needs the URL itself.
      parts.push({ local: r.kind === 'stdin' ? '-' : r.kind === 'url' ? r.url.href : r.name, name: r.name });
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
