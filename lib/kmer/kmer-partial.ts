/**
 * What a pool thread of `kmers --threads N` and `assemble --threads N` hands back: its
 * partial counts as typed arrays that are moved to the main thread (transferred), never
 * copied or decoded. A sorted table gives its packed runs (~5 bytes per k-mer, read by the
 * main thread's k-way merge as they are), a direct table its counts (for k ≥ 10 the table's
 * own byte per k-mer and the few counts of 256 or more: 16 MB at k = 12, not the 128 MB of
 * float64 counts), and any other table the aggregator's encoding.
 *
 * The 12-byte runs this replaced made `kmers -k 21 --threads 2` on 20 MB peak at ~1 GB:
 * each thread encoded 20 bytes per k-mer, and the main thread decoded and merged copies.
 *
 * The form is a flat array (a Float64Array header, then the columns), because the pool
 * moves the typed arrays found one level down in a result (`transfer.ts`).
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { DirectKmerTable } from './direct-table.js';
import { PackedRun, PackedRunBuilder } from './packed-run.js';
import { KmerHashTable } from './hash-table.js';
import { sortedColumnsOf } from '../debruijn/sorted-columns.js';
import { SortedKmerTable } from './sorted-table.js';
import type { KmerState } from './kmer-aggregator.js';

/** `[header, ...columns]`: see the module comment. */
export type KmerPartial = [Float64Array, ...(Uint8Array | Uint32Array | Float64Array)[]];

/**
 * A partial read back: its runs, its direct counts (float64, or low bytes plus the k-mers
 * counted 256 times or more with their whole counts), or its aggregator encoding.
 */
export type OpenedPartial =
  | { kind: 'runs'; total: number; runs: PackedRun[] }
  | { kind: 'direct'; total: number; counts: Float64Array }
  | { kind: 'bytes'; total: number; low: Uint8Array; bigLo: Uint32Array; bigCount: Float64Array }
  | { kind: 'encoded'; total: number; bytes: Uint8Array };

const MAGIC = 0x6b6d6572; // 'kmer'
const RUNS = 0;
const DIRECT = 1;
const ENCODED = 2;
const BYTES = 3;

/**
 * The partial of a settled-or-not state; the state's table is emptied (its arrays are about
 * to be moved away). `encode` is the aggregator's, for tables that are neither sorted nor direct.
 * `asRun`: a hash table's counts go as one sorted run instead (counts clamped to 2^32 − 1,
 * as a De Bruijn graph keeps them).
 *
 * @example
 * ```ts
 * const parts = partialOf(state, () => agg.encode(state));
 * port.postMessage(parts, transferList(parts));
 * ```
 */
export function partialOf(state: KmerState, encode: () => Uint8Array, asRun = false): KmerPartial {
  state.settle();
  const total = state.total;
  const table = state.table;
  if (table instanceof DirectKmerTable) {
    const low = table.bytes;
    if (low === undefined) return [Float64Array.of(MAGIC, state.k, total, DIRECT), table.counts];
    const lo: number[] = [];
    const count: number[] = [];
    table.forEach((_hi, l, c) => {
      lo.push(l);
      count.push(c);
    }, 256);
    return [Float64Array.of(MAGIC, state.k, total, BYTES), low, Uint32Array.from(lo), Float64Array.from(count)];
  }
  if (asRun && table instanceof KmerHashTable) return partialOfRuns(state.k, total, [runOfTable(table, state.k)]);
  if (!(table instanceof SortedKmerTable)) return [Float64Array.of(MAGIC, state.k, total, ENCODED), encode()];
  return partialOfRuns(state.k, total, table.takeRuns());
}

/**
 * A hash table's counts as one sorted packed run: for inputs with few distinct k-mers
 * (reads at high coverage), counting by hashing and sorting only the distinct k-mers beats
 * sorting every occurrence (`assemble --threads 2`, 5 Mb genome at 30x: 15.1 → 8.4 s).
 */
function runOfTable(table: KmerHashTable, k: number): PackedRun {
  const { hi, lo, count } = sortedColumnsOf(table, k);
  const builder = new PackedRunBuilder(k, hi.length);
  for (let i = 0; i < hi.length; i++) builder.push(hi[i]!, lo[i]!, count[i]!);
  return builder.finish();
}

/**
 * The partial of sorted runs of k-mer counts (`total`: the occurrences they hold). Their
 * arrays are moved with the partial (do not use the runs afterwards), or shared when they
 * live in SharedArrayBuffers (`sharedRuns` tables, for the output on several threads).
 *
 * @example
 * ```ts
 * const parts = partialOfRuns(21, 0, [sliceRun(run, 0, 1000)]);
 * ```
 */
export function partialOfRuns(k: number, total: number, runs: readonly PackedRun[]): KmerPartial {
  const header = [MAGIC, k, total, RUNS, runs.length];
  const columns: (Uint8Array | Uint32Array)[] = [];
  for (const r of runs) {
    header.push(r.n, r.hi === null ? 0 : 1);
    columns.push(r.lo, r.count8, r.segHi, r.segEnd, r.ovPos, r.ovCount);
    if (r.hi !== null) columns.push(r.hi);
  }
  return [Float64Array.from(header), ...columns];
}

/**
 * The runs, counts or encoding of a partial made by {@link partialOf} for this `k`; `from`
 * names where it came from in errors (default 'a thread'; a Redis job in `reduce`).
 *
 * @example
 * ```ts
 * const p = openPartial(await pool.run(job, 0), 21);
 * if (p.kind === 'runs') runs.push(...p.runs);
 * ```
 */
export function openPartial(parts: unknown, k: number, from = 'a thread'): OpenedPartial {
  const bad = (why: string): StreamtoolzError => new StreamtoolzError(codes.BAD_RECORD, `k-mer partial from ${from}: ${why}`);
  if (!Array.isArray(parts) || !(parts[0] instanceof Float64Array) || parts[0][0] !== MAGIC) throw bad('not a k-mer partial');
  const h = parts[0];
  if (h[1] !== k) throw bad(`k=${h[1]}, expected k=${k}`);
  const total = h[2]!;
  let c = 1;
  const next = <T>(ctor: new (...a: never[]) => T): T => {
    const col: unknown = parts[c++];
    if (!(col instanceof ctor)) throw bad(`column ${c - 1} is not a ${ctor.name}`);
    return col;
  };
  if (h[3] === DIRECT) return { kind: 'direct', total, counts: next(Float64Array) };
  if (h[3] === BYTES) return { kind: 'bytes', total, low: next(Uint8Array), bigLo: next(Uint32Array), bigCount: next(Float64Array) };
  if (h[3] === ENCODED) return { kind: 'encoded', total, bytes: next(Uint8Array) };
  const runs: PackedRun[] = [];
  for (let r = 0; r < h[4]!; r++) {
    // As an int: a double n (read from the Float64Array) made every loop over the run use
    // float compares (formatting 20 M k-mers: +40% CPU).
    const n = h[5 + 2 * r]! | 0;
    const lo = next(Uint32Array);
    const count8 = next(Uint8Array);
    const segHi = next(Uint32Array);
    const segEnd = next(Uint32Array);
    const ovPos = next(Uint32Array);
    const ovCount = next(Uint32Array);
    const hi = h[6 + 2 * r] === 1 ? next(Uint32Array) : null;
    runs.push(new PackedRun(n, lo, count8, hi, segHi, segEnd, ovPos, ovCount));
  }
  if (c !== parts.length) throw bad(`${parts.length - c} unexpected columns`);
  return { kind: 'runs', total, runs };
}

/**
 * Adds a direct partial's counts into a direct table of the same k.
 *
 * @example
 * ```ts
 * const table = new DirectKmerTable(12);
 * for (const parts of partials) addDirect(table, openPartial(parts, 12));
 * ```
 */
export function addDirect(table: DirectKmerTable, p: Extract<OpenedPartial, { kind: 'direct' | 'bytes' }>, from = 'a thread'): void {
  const c = p.kind === 'direct' ? p.counts : p.low;
  if (c.length !== 4 ** table.k)
    throw new StreamtoolzError(codes.BAD_RECORD, `k-mer partial from ${from}: ${c.length} direct counts, expected ${4 ** table.k}`);
  // Zeros skipped: pages of k-mers nobody saw stay untouched (not resident).
  for (let i = 0; i < c.length; i++) if (c[i] !== 0) table.add(0, i, c[i]!);
  if (p.kind === 'bytes') {
    // The low bytes are in; the rest of the big counts, multiples of 256, come on top.
    for (let j = 0; j < p.bigLo.length; j++) table.add(0, p.bigLo[j]!, p.bigCount[j]! - (p.bigCount[j]! % 256));
  }
}
