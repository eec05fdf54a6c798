/**
 * A k-mer partial (`lib/kmer/kmer-partial.ts`: what a pool thread of `kmers --threads`
 * hands back) as one byte string, the form a worker stores in Redis: packed sorted runs for
 * k > 12 (~5 bytes per distinct k-mer of the job), a direct table's bytes and carries for
 * k ≤ 12. The columns are laid out as they are in memory, so the reducer reads them as views
 * of the bytes Redis sent, not copies, and hands them to the same k-way merge as the threads'.
 *
 * The aggregator encoding it replaces (`kmer-aggregator.ts`: hi, lo and a float64 count per
 * k-mer, 16 bytes) took 320 MB for a 20 MB k = 21 job and made the reducer decode every
 * partial into one hash table (~1 GB, 27 s of CPU for 8 jobs of the 20 MB benchmark file).
 *
 * Layout: 'KPRT', uint32 version, uint32 column count, then per column a uint32 element size
 * (1, 4 or 8: Uint8Array, Uint32Array, Float64Array) and a uint32 length, padded to 8; then
 * the columns, each starting at a multiple of 8 from the start. Little-endian, as every
 * machine Node runs on here (checked: `codec.ts` refuses big-endian machines alike).
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { KmerPartial } from '../kmer/kmer-partial.js';

const TAG = [0x4b, 0x50, 0x52, 0x54]; // 'KPRT'
const VERSION = 1;

type Column = Uint8Array | Uint32Array | Float64Array;

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * One byte string holding a partial's header and columns (a fresh buffer).
 *
 * @example
 * ```ts
 * const bytes = partialToBytes(await countInputJob(job)); // stored under the part's partial key
 * ```
 */
export function partialToBytes(parts: KmerPartial): Uint8Array {
  const dir = pad8(12 + 8 * parts.length);
  let length = dir;
  for (const col of parts) length += pad8(col.byteLength);
  const out = new Uint8Array(length);
  out.set(TAG, 0);
  const words = new Uint32Array(out.buffer, 0, dir / 4);
  words[1] = VERSION;
  words[2] = parts.length;
  let at = dir;
  for (const [i, col] of parts.entries()) {
    words[3 + 2 * i] = col.BYTES_PER_ELEMENT;
    words[4 + 2 * i] = col.length;
    out.set(new Uint8Array(col.buffer, col.byteOffset, col.byteLength), at);
    at += pad8(col.byteLength);
  }
  return out;
}

/**
 * The partial held by `bytes` (from {@link partialToBytes}), its columns views of `bytes`
 * (copied once first when `bytes` does not start at a multiple of 8 in its buffer). `what`
 * names the bytes in errors, e.g. `redis://h:6379: job 3 of queue 'reads'`.
 *
 * @example
 * ```ts
 * const p = openPartial(partialFromBytes(await binary.hGet(keys.results, '3'), 'job 3'), 21);
 * ```
 */
export function partialFromBytes(bytes: Uint8Array, what: string): KmerPartial {
  const bad = (why: string): StreamtoolzError => new StreamtoolzError(codes.BAD_RECORD, `${what}: ${why}`);
  if (bytes.length < 12 || TAG.some((c, i) => bytes[i] !== c)) {
    const tag = String.fromCharCode(...bytes.subarray(0, 4)).replace(/[^\x20-\x7e]/g, '?');
    throw bad(
      tag === 'KMER'
        ? 'a k-mer partial of an older worker (hash-table encoding); submit the run again under a new queue name'
        : `not a k-mer partial (tag '${tag}')`,
    );
  }
  // Typed-array views need their element alignment: Redis replies are usually fresh
  // buffers (offset 0), but nothing promises it (small replies share a pool). A copy with
  // the constructor: a Buffer's slice() is a view, not a copy.
  const b = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  const head = new Uint32Array(b.buffer, b.byteOffset, 3);
  if (head[1] !== VERSION) throw bad(`k-mer partial format version ${head[1]}, this build reads ${VERSION}`);
  const count = head[2]!;
  const dir = pad8(12 + 8 * count);
  if (count < 1 || dir > b.length) throw bad(`truncated k-mer partial (${count} columns in ${b.length} bytes)`);
  const words = new Uint32Array(b.buffer, b.byteOffset, dir / 4);
  const cols: Column[] = [];
  let at = dir;
  for (let i = 0; i < count; i++) {
    const size = words[3 + 2 * i]!;
    const n = words[4 + 2 * i]!;
    if (at + size * n > b.length) throw bad(`truncated k-mer partial (column ${i} ends past byte ${b.length})`);
    const offset = b.byteOffset + at;
    if (size === 1) cols.push(new Uint8Array(b.buffer, offset, n));
    else if (size === 4) cols.push(new Uint32Array(b.buffer, offset, n));
    else if (size === 8) cols.push(new Float64Array(b.buffer, offset, n));
    else throw bad(`column ${i} has element size ${size}`);
    at += pad8(size * n);
  }
  if (at !== b.length) throw bad(`${b.length - at} unexpected trailing bytes`);
  if (!(cols[0] instanceof Float64Array)) throw bad('no header column');
  return cols as KmerPartial;
}
