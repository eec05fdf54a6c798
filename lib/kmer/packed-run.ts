/**
 * A sorted run of k-mer counts stored compactly, the storage of `SortedKmerTable`. A plain
 * run (`sorted-runs.ts`) costs 12 bytes per k-mer (hi, lo, count as uint32); at k = 21 on
 * 20 M distinct k-mers its runs were 240 MB of the command's 380 MB peak. Here:
 * - `lo` stays a uint32 column;
 * - `hi` has at most 2k - 32 bits and is sorted, so for k ≤ 24 it is stored as segments
 *   (one per distinct hi value: the value and where its entries end), at most 2^16 of them;
 *   above k = 24 as a full uint32 column;
 * - counts are one byte each, 255 meaning "see the overflow list" (positions and counts of
 *   the rare k-mers counted 255 times or more).
 * So about 5 bytes per k-mer for k ≤ 24 instead of 12.
 */

/** Counts at or above this go to the overflow list. */
export const OVERFLOW = 255;

/** The largest 2k - 32 (k = 24) for which hi is stored as segments. */
const SEGMENT_MAX_HI_BITS = 16;

/**
 * A compact sorted run: `n` distinct k-mers in increasing (hi, lo) order with their counts.
 * Build one with {@link PackedRunBuilder}.
 *
 * @example
 * ```ts
 * const b = new PackedRunBuilder(21, 2);
 * b.push(0, 3, 1); b.push(0, 9, 300);
 * const run = b.finish();
 * run.get(0, 9); // 300
 * ```
 */
export class PackedRun {
  constructor(
    readonly n: number,
    readonly lo: Uint32Array,
    /** Counts below {@link OVERFLOW}; OVERFLOW means "in ovPos/ovCount". */
    readonly count8: Uint8Array,
    /** Full hi column (k > 24), or null when hi is kept as segments. */
    readonly hi: Uint32Array | null,
    /** Distinct hi values in increasing order (segments), when `hi` is null. */
    readonly segHi: Uint32Array,
    /** The end (exclusive position) of each segment. */
    readonly segEnd: Uint32Array,
    /** Positions of the counts ≥ OVERFLOW, increasing, and those counts. */
    readonly ovPos: Uint32Array,
    readonly ovCount: Uint32Array,
  ) {}

  /** The count at position `i` (the overflow list is searched only for the rare big ones). */
  countAt(i: number): number {
    const c = this.count8[i]!;
    if (c < OVERFLOW) return c;
    let a = 0;
    let b = this.ovPos.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.ovPos[m]! < i) a = m + 1;
      else b = m;
    }
    return this.ovCount[a]!;
  }

  /** The count of k-mer (hi, lo), 0 when absent (binary searches). */
  get(hi: number, lo: number): number {
    let a = 0;
    let b = this.n;
    if (this.hi === null) {
      // Find hi's segment, then search lo within it.
      let s = 0;
      let e = this.segHi.length;
      while (s < e) {
        const m = (s + e) >>> 1;
        if (this.segHi[m]! < hi) s = m + 1;
        else e = m;
      }
      if (s >= this.segHi.length || this.segHi[s] !== hi) return 0;
      a = s > 0 ? this.segEnd[s - 1]! : 0;
      b = this.segEnd[s]!;
      const end = b;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (this.lo[m]! < lo) a = m + 1;
        else b = m;
      }
      return a < end && this.lo[a] === lo ? this.countAt(a) : 0;
    }
    const his = this.hi;
    while (a < b) {
      const m = (a + b) >>> 1;
      const mh = his[m]!;
      if (mh < hi || (mh === hi && this.lo[m]! < lo)) a = m + 1;
      else b = m;
    }
    return a < this.n && his[a] === hi && this.lo[a] === lo ? this.countAt(a) : 0;
  }
}

/**
 * Appends entries in increasing (hi, lo) order, at most `capacity`, into a {@link PackedRun}.
 *
 * @example
 * ```ts
 * const b = new PackedRunBuilder(21, 100);
 * b.push(1, 7, 2);
 * b.finish().n; // 1
 * ```
 */
export class PackedRunBuilder {
  #n = 0;
  readonly #cap: number;
  #lo: Uint32Array;
  #count: Uint8Array;
  #hi: Uint32Array | null;
  #segHi: Uint32Array;
  #segEnd: Uint32Array;
  #segs = 0;
  #lastHi = -1;
  readonly #ovPos: number[] = [];
  readonly #ovCount: number[] = [];
  readonly #shared: boolean;

  /**
   * `shared`: the run's arrays live in SharedArrayBuffers, so that other threads can read
   * them at once without a copy (`lib/kmer/threads/kmer-lines.ts`).
   */
  constructor(k: number, capacity: number, shared = false) {
    const hiBits = Math.max(0, 2 * k - 32);
    this.#cap = capacity;
    this.#shared = shared;
    this.#lo = this.#u32(capacity);
    this.#count = shared ? new Uint8Array(new SharedArrayBuffer(capacity)) : new Uint8Array(capacity);
    const segmented = hiBits <= SEGMENT_MAX_HI_BITS;
    this.#hi = segmented ? null : this.#u32(capacity);
    // There are never more segments than distinct hi values or entries.
    const maxSegs = segmented ? Math.min(capacity, 2 ** hiBits) : 0;
    this.#segHi = this.#u32(maxSegs);
    this.#segEnd = this.#u32(maxSegs);
  }

  #u32(n: number): Uint32Array {
    return this.#shared ? new Uint32Array(new SharedArrayBuffer(4 * n)) : new Uint32Array(n);
  }

  /** The first `n` entries of `a`, in an array of their own (shared if the run is). */
  #first<T extends Uint32Array | Uint8Array>(a: T, n: number): T {
    if (!this.#shared) return a.slice(0, n) as T;
    const b = (a instanceof Uint8Array ? new Uint8Array(new SharedArrayBuffer(n)) : this.#u32(n)) as T;
    b.set(a.subarray(0, n));
    return b;
  }

  /** Appends k-mer (hi, lo) with count `c` (1 to 2^32 - 1); keys must increase. */
  push(hi: number, lo: number, c: number): void {
    const i = this.#n++;
    if (this.#hi !== null) {
      this.#hi[i] = hi;
    } else if (hi !== this.#lastHi) {
      if (this.#segs > 0) this.#segEnd[this.#segs - 1] = i;
      this.#segHi[this.#segs++] = hi;
      this.#lastHi = hi;
    }
    this.#lo[i] = lo;
    if (c < OVERFLOW) {
      this.#count[i] = c;
    } else {
      if (c > 0xffffffff) throw new RangeError('k-mer count exceeds 2^32 - 1');
      this.#count[i] = OVERFLOW;
      this.#ovPos.push(i);
      this.#ovCount.push(c);
    }
  }

  /** The run; trimmed when much of the capacity went unused (merged duplicates). */
  finish(): PackedRun {
    const n = this.#n;
    const s = this.#segs;
    if (s > 0) this.#segEnd[s - 1] = n;
    const trim = n < this.#cap * 0.75;
    const cut = <T extends Uint32Array | Uint8Array>(a: T): T => (trim ? this.#first(a, n) : a);
    const segTrim = s < this.#segHi.length;
    const list = (values: number[]): Uint32Array => (this.#shared ? this.#first(Uint32Array.from(values), values.length) : Uint32Array.from(values));
    return new PackedRun(
      n,
      cut(this.#lo),
      cut(this.#count),
      this.#hi === null ? null : cut(this.#hi),
      segTrim ? this.#first(this.#segHi, s) : this.#segHi,
      segTrim ? this.#first(this.#segEnd, s) : this.#segEnd,
      list(this.#ovPos),
      list(this.#ovCount),
    );
  }
}
