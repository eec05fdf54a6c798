/**
 * The result of counting k-mers: a packed count table seen through k-mer strings, plus (for
 * the seed's per-line semantics only) a Map of k-mers that have no 2-bit form, such as
 * 'NNNNNN' or lower-case ones.
 */
import { canonical as canonicalOf } from './canonical.js';
import { DirectKmerTable } from './direct-table.js';
import { decode, decodeInto, encode } from './encode.js';
import type { KmerTable } from './table.js';

/** V8's `Map` holds at most 2^24 entries. */
const MAP_LIMIT = 2 ** 24;

/**
 * k-mer counts. Iterates as `[kmer, count]` pairs (table order: lexicographic for k ≤ 12).
 *
 * @example
 * ```ts
 * const counts = await pipe(sources.fasta('reads.fa'), sinks.countKmers(21));
 * counts.get('ACGTACGTACGTACGTACGTA'); // 3
 * for (const [count, kmers] of counts.histogram()) console.log(count, kmers);
 * ```
 */
export class KmerCounts implements Iterable<[string, number]> {
  readonly k: number;
  readonly canonical: boolean;
  /** The packed table, for kernels that want (hi, lo, count) without strings. */
  readonly table: KmerTable;
  /** Number of k-mer occurrences counted. */
  readonly total: number;
  /** k-mers with no 2-bit form (per-line mode only), by string. */
  readonly extra: ReadonlyMap<string, number>;
  #size = -1;

  constructor(k: number, canonical: boolean, table: KmerTable, total: number, extra: ReadonlyMap<string, number> = new Map()) {
    this.k = k;
    this.canonical = canonical;
    this.table = table;
    this.total = total;
    this.extra = extra;
  }

  /** Number of distinct k-mers. */
  get size(): number {
    if (this.#size < 0) this.#size = this.table.size + this.extra.size;
    return this.#size;
  }

  /** The count of a k-mer (0 when absent); canonicalised first when counts are canonical. */
  get(kmer: string): number {
    if (kmer.length !== this.k) return 0;
    const extra = this.extra.get(kmer);
    if (extra !== undefined) return extra;
    let p = encode(kmer);
    if (p === undefined || (this.extra.size > 0 && kmer !== kmer.toUpperCase())) return 0;
    if (this.canonical) p = canonicalOf(p.hi, p.lo, this.k);
    return this.table.get(p.hi, p.lo);
  }

  *[Symbol.iterator](): Iterator<[string, number]> {
    for (const b of this.table.batches()) {
      for (let i = 0; i < b.n; i++) yield [decode(b.hi[i]!, b.lo[i]!, this.k), b.count[i]!];
    }
    yield* this.extra;
  }

  /** The counts alone (for a histogram), without making a string per k-mer. */
  *values(): Generator<number> {
    for (const b of this.table.batches()) {
      for (let i = 0; i < b.n; i++) yield b.count[i]!;
    }
    yield* this.extra.values();
  }

  /** Calls `fn(kmer, count)` for each k-mer; cheaper than iterating. */
  forEach(fn: (kmer: string, count: number) => void): void {
    this.table.forEach((hi, lo, count) => fn(decode(hi, lo, this.k), count));
    for (const [kmer, count] of this.extra) fn(kmer, count);
  }

  /** A Map of k-mer → count. Throws for more than 2^24 k-mers, which a Map cannot hold. */
  toMap(): Map<string, number> {
    if (this.size > MAP_LIMIT) throw new RangeError(`${this.size} distinct k-mers do not fit in a Map (at most 2^24); iterate instead`);
    const map = new Map<string, number>();
    this.forEach((kmer, count) => map.set(kmer, count));
    return map;
  }

  /** How many distinct k-mers have each count (`jellyfish histo`), by increasing count. */
  histogram(): Map<number, number> {
    const freq = new Map<number, number>();
    const bump = (count: number): void => {
      freq.set(count, (freq.get(count) ?? 0) + 1);
    };
    this.table.forEach((_hi, _lo, count) => bump(count));
    for (const count of this.extra.values()) bump(count);
    return new Map([...freq].sort((a, b) => a[0] - b[0]));
  }

  /** The `n` most frequent k-mers, by decreasing count, ties by k-mer. */
  top(n: number): [string, number][] {
    if (n <= 0) return [];
    // A bounded min-heap of the best n packed entries: no string is made for the millions
    // of k-mers that do not make it (packed order is lexicographic order for A/C/G/T).
    const cnt: number[] = [];
    const his: number[] = [];
    const los: number[] = [];
    const worse = (i: number, j: number): boolean =>
      cnt[i]! < cnt[j]! || (cnt[i] === cnt[j] && (his[i]! > his[j]! || (his[i] === his[j] && los[i]! > los[j]!)));
    const swap = (i: number, j: number): void => {
      [cnt[i], cnt[j]] = [cnt[j]!, cnt[i]!];
      [his[i], his[j]] = [his[j]!, his[i]!];
      [los[i], los[j]] = [los[j]!, los[i]!];
    };
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        let m = i;
        if (l < cnt.length && worse(l, m)) m = l;
        if (l + 1 < cnt.length && worse(l + 1, m)) m = l + 1;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    const visit = (hi: number, lo: number, count: number): void => {
      if (cnt.length < n) {
        cnt.push(count);
        his.push(hi);
        los.push(lo);
        for (let i = cnt.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
        return;
      }
      const c0 = cnt[0]!;
      if (count < c0 || (count === c0 && (hi > his[0]! || (hi === his[0] && lo >= los[0]!)))) return;
      cnt[0] = count;
      his[0] = hi;
      los[0] = lo;
      down(0);
    };
    // A direct table of k = 12 has millions of slots: it can skip those below the n-th count.
    if (this.table instanceof DirectKmerTable) this.table.forEach(visit, this.table.nthLargestCount(n));
    else this.table.forEach(visit);
    const best: [string, number][] = cnt.map((c, i) => [decode(his[i]!, los[i]!, this.k), c]);
    for (const [kmer, c] of this.extra) best.push([kmer, c]); // per-line mode only: few
    best.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return best.slice(0, n);
  }

  /**
   * The counts as `KMER\tCOUNT\n` lines, in chunks of about `chunkSize` bytes, written
   * straight from the packed table (no string per k-mer).
   */
  *lines(chunkSize = 1 << 16): Generator<Uint8Array> {
    const k = this.k;
    const room = k + 20; // k-mer, tab, up to 17 digits, newline
    let buf = new Uint8Array(Math.max(chunkSize, room));
    let pos = 0;
    for (const b of this.table.batches()) {
      for (let i = 0; i < b.n; i++) {
        if (pos + room > buf.length) {
          yield buf.subarray(0, pos);
          buf = new Uint8Array(buf.length); // the consumer may still hold the last one
          pos = 0;
        }
        pos = decodeInto(b.hi[i]!, b.lo[i]!, k, buf, pos);
        buf[pos++] = 9;
        pos = writeDecimal(b.count[i]!, buf, pos);
        buf[pos++] = 10;
      }
    }
    const enc = new TextEncoder();
    for (const [kmer, count] of this.extra) {
      const line = enc.encode(`${kmer}\t${count}\n`);
      if (pos + line.length > buf.length) {
        yield buf.subarray(0, pos);
        buf = new Uint8Array(Math.max(buf.length, line.length));
        pos = 0;
      }
      buf.set(line, pos);
      pos += line.length;
    }
    if (pos > 0) yield buf.subarray(0, pos);
  }
}

/** Writes a non-negative integer in decimal; returns the position after it. */
function writeDecimal(n: number, out: Uint8Array, pos: number): number {
  if (n < 10) {
    out[pos] = 48 + n;
    return pos + 1;
  }
  let digits = 0;
  for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
  for (let i = pos + digits - 1; i >= pos; i--) {
    out[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return pos + digits;
}
