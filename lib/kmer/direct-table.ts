/**
 * Counts of packed k-mers for small k in a direct-index table: the k-mer's number is its
 * slot, so counting is one increment with no hashing and no probing.
 *
 * Two layouts, chosen by k, because past the CPU caches every increment is a cache miss:
 * - k ≤ 9: one float64 per slot (at most 2 MB, the L2 cache here), exact up to 2^53;
 * - k ≥ 10: one byte per slot (16 MB at k = 12, where float64 took 128 MB), with the
 *   multiples of 256 carried into a float64 array allocated at the first carry. One cold
 *   pass over 20 MB of FASTA (fresh processes): k = 11 450 → 70 ms CPU, k = 12 560 → 380 ms.
 *   For small k the bytes lose: counts carry often and the loop is longer (k = 6: 40 → 84 ms).
 * A uint32 counter was not an option: a small k-mer can occur more than 2^32 times.
 */
import type { KmerBatch, KmerBatchSink } from './hash-table.js';

/** The largest k counted in a direct table; larger k use `KmerHashTable`. */
export const DIRECT_MAX_K = 12;

/** Reverse complement of the 4 bases packed in a byte (the first base in the top bits). */
const RC_BYTE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    let r = 0;
    for (let i = 0; i < 4; i++) r = (r << 2) | (3 - ((b >> (2 * i)) & 3));
    t[b] = r;
  }
  return t;
})();

/** The smallest k whose counts are kept in bytes (see the module comment). */
export const BYTE_COUNTS_MIN_K = 10;

/**
 * A direct-index k-mer count table (k ≤ {@link DIRECT_MAX_K}); hi words are always 0.
 *
 * @example
 * ```ts
 * const t = new DirectKmerTable(3);
 * t.add(0, encode('ACG')!.lo);
 * t.get(0, encode('ACG')!.lo); // 1
 * ```
 */
export class DirectKmerTable implements KmerBatchSink {
  readonly k: number;
  /** Float64 counts: k ≤ 9 from the start, larger k once {@link counts} was asked for. */
  #wide: Float64Array | undefined;
  /** Byte layout: the low 8 bits of each count. */
  #low: Uint8Array | undefined;
  /** Byte layout: the multiples of 256 carried out of `#low`. */
  #carry: Float64Array | undefined;

  /**
   * @param k k-mer length, 1 to {@link DIRECT_MAX_K}.
   * @param options.bytes the byte layout (default: k ≥ {@link BYTE_COUNTS_MIN_K}).
   */
  constructor(k: number, options?: { bytes?: boolean | undefined }) {
    if (!Number.isInteger(k) || k < 1 || k > DIRECT_MAX_K) throw new RangeError(`The "k" option must be an integer from 1 to ${DIRECT_MAX_K}. Received ${k}`);
    this.k = k;
    if (options?.bytes ?? k >= BYTE_COUNTS_MIN_K) this.#low = new Uint8Array(4 ** k);
    else this.#wide = new Float64Array(4 ** k);
  }

  /**
   * counts[kmer] for every k-mer number, as float64: for kernels that count or merge in
   * their own loop. A table in the byte layout converts itself once, for good (4^k × 8
   * bytes): kernels that count into bytes use {@link bytes} instead.
   */
  get counts(): Float64Array {
    if (this.#wide !== undefined) return this.#wide;
    const low = this.#low!;
    const carry = this.#carry;
    const wide = new Float64Array(low.length);
    for (let i = 0; i < low.length; i++) wide[i] = low[i]! + (carry === undefined ? 0 : carry[i]!);
    this.#wide = wide;
    this.#low = undefined;
    this.#carry = undefined;
    return wide;
  }

  /**
   * The low bytes of the counts while the table is in the byte layout, else undefined. A
   * kernel that increments a byte to 256 stores 0 and calls {@link carry}.
   */
  get bytes(): Uint8Array | undefined {
    return this.#low;
  }

  /** Byte layout: adds 256 to k-mer `lo`'s count, whose low byte just wrapped to 0. */
  carry(lo: number): void {
    const carry = (this.#carry ??= new Float64Array(this.#low!.length));
    carry[lo] = carry[lo]! + 256;
  }

  /**
   * Turns counts of forward k-mers into canonical counts: each k-mer's count moves onto the
   * smaller of it and its reverse complement (a palindrome keeps its own). Idempotent on
   * canonical counts, so forward counts added after a fold are folded by the next one.
   */
  foldCanonical(): void {
    const n = 4 ** this.k;
    const shift = 32 - 2 * this.k; // the reverse complement of 16 bases, less the padding
    const wide = this.#wide;
    for (let i = 0; i < n; i++) {
      const j = ((RC_BYTE[i & 255]! << 24) | (RC_BYTE[(i >>> 8) & 255]! << 16) | (RC_BYTE[(i >>> 16) & 255]! << 8) | RC_BYTE[i >>> 24]!) >>> shift;
      if (j <= i) continue; // a palindrome, or moved when its smaller twin came up
      if (wide !== undefined) {
        if (wide[j] === 0) continue;
        wide[i] = wide[i]! + wide[j]!;
        wide[j] = 0;
      } else {
        const c = this.get(0, j);
        if (c === 0) continue;
        this.#set(i, this.get(0, i) + c);
        this.#set(j, 0);
      }
    }
  }

  /** Byte layout: sets a count. */
  #set(lo: number, count: number): void {
    const low = this.#low!;
    low[lo] = count % 256;
    const high = count - (count % 256);
    if (high !== 0 || (this.#carry !== undefined && this.#carry[lo] !== 0)) {
      const carry = (this.#carry ??= new Float64Array(low.length));
      carry[lo] = high;
    }
  }

  /** Number of distinct k-mers (a scan of the table: call it once, at the end). */
  get size(): number {
    let n = 0;
    const low = this.#low;
    if (low === undefined) {
      const c = this.#wide!;
      for (let i = 0; i < c.length; i++) if (c[i] !== 0) n++;
      return n;
    }
    const carry = this.#carry;
    if (carry === undefined) {
      // (v + 255) >> 8 is 1 for a byte v > 0: no branch to mispredict on a table that is
      // half empty in no order (k = 12: 56 → 20 ms).
      for (let i = 0; i < low.length; i++) n += (low[i]! + 255) >> 8;
    } else {
      for (let i = 0; i < low.length; i++) if (low[i] !== 0 || carry[i] !== 0) n++;
    }
    return n;
  }

  /**
   * The n-th largest count (1 when fewer than n k-mers were seen, or when the counts carried
   * past a byte and no quick answer exists): a lower bound that {@link forEach}'s `min` can
   * use to skip the k-mers that cannot be among the n most frequent.
   */
  nthLargestCount(n: number): number {
    const low = this.#low;
    if (low === undefined || this.#carry !== undefined) return 1;
    // Four histograms, so that increments of one count do not wait on each other (the same
    // few counts come up again and again): k = 12, 31 → 12 ms.
    const hist = new Int32Array(1024);
    const end = low.length & ~3;
    for (let i = 0; i < end; i += 4) {
      const a = low[i]!;
      const b = low[i + 1]! | 256;
      const c = low[i + 2]! | 512;
      const d = low[i + 3]! | 768;
      hist[a] = hist[a]! + 1;
      hist[b] = hist[b]! + 1;
      hist[c] = hist[c]! + 1;
      hist[d] = hist[d]! + 1;
    }
    for (let i = end; i < low.length; i++) hist[low[i]!] = hist[low[i]!]! + 1;
    for (let c = 0; c < 256; c++) hist[c] = hist[c]! + hist[c + 256]! + hist[c + 512]! + hist[c + 768]!;
    let seen = 0;
    for (let c = 255; c >= 1; c--) {
      seen += hist[c]!;
      if (seen >= n) return c;
    }
    return 1;
  }

  /** Adds `by` (default 1) to the count of k-mer (0, lo). */
  add(_hi: number, lo: number, by = 1): void {
    const low = this.#low;
    if (low === undefined) {
      const c = this.#wide!;
      c[lo] = c[lo]! + by;
      return;
    }
    const v = low[lo]! + by;
    low[lo] = v % 256;
    if (v >= 256) {
      const carry = (this.#carry ??= new Float64Array(low.length));
      carry[lo] = carry[lo]! + (v - (v % 256));
    }
  }

  /** Adds one occurrence of each of the first `n` k-mers. */
  addBatch(_his: Uint32Array, los: Uint32Array, n: number): void {
    const low = this.#low;
    if (low === undefined) {
      const c = this.#wide!;
      for (let j = 0; j < n; j++) {
        const x = los[j]!;
        c[x] = c[x]! + 1;
      }
      return;
    }
    for (let j = 0; j < n; j++) {
      const x = los[j]!;
      const v = low[x]! + 1;
      if (v > 255) {
        low[x] = 0;
        this.carry(x);
      } else low[x] = v;
    }
  }

  /** The count of k-mer (0, lo). */
  get(_hi: number, lo: number): number {
    const low = this.#low;
    if (low === undefined) return this.#wide![lo] ?? 0;
    return (low[lo] ?? 0) + (this.#carry?.[lo] ?? 0);
  }

  /**
   * Calls `fn(0, lo, count)` for every k-mer seen (with a count of at least `min`, default
   * 1), in lexicographic order.
   */
  forEach(fn: (hi: number, lo: number, count: number) => void, min = 1): void {
    // One test per slot, mostly false past a high `min`: a well-predicted branch (k = 12:
    // "non-zero and at least min" cost 80 ms, "at least min" a fifth of that).
    const at = Math.max(min, 1);
    const low = this.#low;
    if (low === undefined) {
      const c = this.#wide!;
      for (let i = 0; i < c.length; i++) if (c[i]! >= at) fn(0, i, c[i]!);
      return;
    }
    const carry = this.#carry;
    if (carry === undefined) {
      for (let i = 0; i < low.length; i++) if (low[i]! >= at) fn(0, i, low[i]!);
    } else {
      for (let i = 0; i < low.length; i++) {
        const c = low[i]! + carry[i]!;
        if (c >= at) fn(0, i, c);
      }
    }
  }

  /** The k-mers seen, in columnar batches of up to `size` (arrays reused between batches). */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
    const n = 4 ** this.k;
    for (let i = 0; i < n; i++) {
      const c = this.get(0, i);
      if (c === 0) continue;
      batch.lo[batch.n] = i;
      batch.count[batch.n++] = c;
      if (batch.n === size) {
        yield batch;
        batch.n = 0;
      }
    }
    if (batch.n > 0) yield batch;
  }
}
