/**
 * An open-addressing hash table from packed k-mers (`encode.ts`) to counts, over typed
 * arrays: no object or string per k-mer, and no size cap (a V8 `Map` stops at 2^24 entries).
 *
 * Layout: the table is split into 2^segmentBits segments chosen by the top bits of the
 * hash; each segment is one `Uint32Array` of slots `[hi, lo, count]` (interleaved, so that
 * a lookup touches one cache line) with linear probing. Segments grow one at a time, each
 * doubling when it is 70% full: the memory needed during a rehash is one segment's worth,
 * not the whole table's, and no single typed array has to exceed V8's 2^32-element limit.
 * An empty slot has hi = 0xFFFFFFFF, which no k-mer has (k ≤ 31 uses 30 bits of hi).
 *
 * The De Bruijn graph builder counts its edges with this table: keep the API stable.
 */

const EMPTY = 0xffffffff;
const STRIDE = 3;
const MAX_LOAD = 0.7;
/** A segment's slot count stays below 2^30 so that 3 words per slot fit in one Uint32Array. */
const MAX_SEGMENT_SLOTS = 2 ** 30;

/** Options of {@link KmerHashTable}. */
export interface KmerHashTableOptions {
  /** Initial total number of slots (rounded up to a power of two per segment). Default 2^16. */
  initialCapacity?: number | undefined;
  /** log2 of the number of segments, 0..8. Default 6 (64 segments). */
  segmentBits?: number | undefined;
}

/** The 32-bit hash of a packed k-mer (murmur3's finaliser over both words). */
export function hashKmer(hi: number, lo: number): number {
  let h = lo ^ Math.imul(hi, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A batch of table entries: the first `n` of each column are valid. */
export interface KmerBatch {
  n: number;
  hi: Uint32Array;
  lo: Uint32Array;
  count: Float64Array;
}

/** Sinks of packed k-mer batches (the scanner's output): both k-mer tables are. */
export interface KmerBatchSink {
  /** Adds one occurrence of each of the first `n` k-mers `(his[i], los[i])`. */
  addBatch(his: Uint32Array, los: Uint32Array, n: number): void;
}

/**
 * Counts of packed k-mers in an open-addressing typed-array hash table.
 *
 * @example
 * ```ts
 * const t = new KmerHashTable();
 * const { hi, lo } = encode('ACGTACGTACGTACGTACGTA')!;
 * t.add(hi, lo); t.add(hi, lo);
 * t.get(hi, lo); // 2
 * t.forEach((hi, lo, count) => console.log(decode(hi, lo, 21), count));
 * ```
 */
export class KmerHashTable implements KmerBatchSink {
  readonly #segments: Uint32Array[] = [];
  readonly #masks: number[] = [];
  readonly #sizes: number[] = [];
  readonly #limits: number[] = [];
  readonly #segShift: number;
  #size = 0;

  constructor(options?: KmerHashTableOptions) {
    const bits = options?.segmentBits ?? 6;
    if (!Number.isInteger(bits) || bits < 0 || bits > 8) throw new RangeError(`The "segmentBits" option must be an integer from 0 to 8. Received ${bits}`);
    const total = Math.max(options?.initialCapacity ?? 1 << 16, 1);
    let slots = 8;
    while (slots << bits < total) slots *= 2;
    // With 0 segment bits every hash selects segment 0: shifting by 32 would be a no-op in JS.
    this.#segShift = bits === 0 ? 0 : 32 - bits;
    for (let s = 0; s < 1 << bits; s++) {
      this.#segments.push(new Uint32Array(slots * STRIDE).fill(EMPTY));
      this.#masks.push(slots - 1);
      this.#sizes.push(0);
      this.#limits.push(Math.floor(slots * MAX_LOAD));
    }
  }

  /** Number of distinct k-mers. */
  get size(): number {
    return this.#size;
  }

  /** Number of slots over all segments (memory is 12 bytes per slot). */
  get capacity(): number {
    let c = 0;
    for (const m of this.#masks) c += m + 1;
    return c;
  }

  #segmentOf(h: number): number {
    return this.#segShift === 0 ? 0 : h >>> this.#segShift;
  }

  /** Adds `by` (default 1) to the count of k-mer (hi, lo). */
  add(hi: number, lo: number, by = 1): void {
    const h = hashKmer(hi, lo);
    const s = this.#segmentOf(h);
    const data = this.#segments[s]!;
    const mask = this.#masks[s]!;
    let i = (h & mask) * STRIDE;
    for (;;) {
      const slotHi = data[i]!;
      if (slotHi === EMPTY) {
        data[i] = hi;
        data[i + 1] = lo;
        data[i + 2] = by;
        this.#size++;
        if (++this.#sizes[s]! > this.#limits[s]!) this.#grow(s);
        return;
      }
      if (slotHi === hi && data[i + 1] === lo) {
        const c = data[i + 2]! + by;
        if (c > 0xffffffff) throw new RangeError('k-mer count exceeds 2^32 - 1');
        data[i + 2] = c;
        return;
      }
      i += STRIDE;
      if (i === data.length) i = 0;
    }
  }

  /**
   * Adds one occurrence of each of the first `n` k-mers: the scanner's hot path, with the
   * lookup of `add` inlined over locals (private fields are re-read only after a growth).
   */
  addBatch(his: Uint32Array, los: Uint32Array, n: number): void {
    const segments = this.#segments;
    const masks = this.#masks;
    const sizes = this.#sizes;
    const limits = this.#limits;
    const shift = this.#segShift;
    let added = 0;
    for (let j = 0; j < n; j++) {
      const hi = his[j]!;
      const lo = los[j]!;
      let h = lo ^ Math.imul(hi, 0x9e3779b1);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      const s = shift === 0 ? 0 : h >>> shift;
      const data = segments[s]!;
      const len = data.length;
      let i = (h & masks[s]!) * STRIDE;
      for (;;) {
        const slotHi = data[i]!;
        if (slotHi === hi) {
          if (data[i + 1] === lo) {
            const c = data[i + 2]! + 1;
            if (c > 0xffffffff) throw new RangeError('k-mer count exceeds 2^32 - 1');
            data[i + 2] = c;
            break;
          }
        } else if (slotHi === EMPTY) {
          data[i] = hi;
          data[i + 1] = lo;
          data[i + 2] = 1;
          added++;
          if (++sizes[s]! > limits[s]!) this.#grow(s);
          break;
        }
        i += STRIDE;
        if (i === len) i = 0;
      }
    }
    this.#size += added;
  }

  /** The count of k-mer (hi, lo), 0 when absent. */
  get(hi: number, lo: number): number {
    const h = hashKmer(hi, lo);
    const s = this.#segmentOf(h);
    const data = this.#segments[s]!;
    let i = (h & this.#masks[s]!) * STRIDE;
    for (;;) {
      const slotHi = data[i]!;
      if (slotHi === EMPTY) return 0;
      if (slotHi === hi && data[i + 1] === lo) return data[i + 2]!;
      i += STRIDE;
      if (i === data.length) i = 0;
    }
  }

  /** Calls `fn(hi, lo, count)` for every k-mer, in table order (no strings, no allocation). */
  forEach(fn: (hi: number, lo: number, count: number) => void): void {
    for (const data of this.#segments) {
      for (let i = 0; i < data.length; i += STRIDE) {
        const hi = data[i]!;
        if (hi !== EMPTY) fn(hi, data[i + 1]!, data[i + 2]!);
      }
    }
  }

  /**
   * The entries in columnar batches of up to `size`, in table order: a resumable walk that
   * makes no string and no object per k-mer. The arrays are reused between batches: copy
   * what you keep.
   */
  *batches(size = 1 << 16): Generator<KmerBatch> {
    const batch: KmerBatch = { n: 0, hi: new Uint32Array(size), lo: new Uint32Array(size), count: new Float64Array(size) };
    for (const data of this.#segments) {
      for (let i = 0; i < data.length; i += STRIDE) {
        const hi = data[i]!;
        if (hi === EMPTY) continue;
        batch.hi[batch.n] = hi;
        batch.lo[batch.n] = data[i + 1]!;
        batch.count[batch.n++] = data[i + 2]!;
        if (batch.n === size) {
          yield batch;
          batch.n = 0;
        }
      }
    }
    if (batch.n > 0) yield batch;
  }

  /** A compact copy as three columns of `size` entries, in table order. */
  toColumns(): { hi: Uint32Array; lo: Uint32Array; count: Uint32Array } {
    const hi = new Uint32Array(this.#size);
    const lo = new Uint32Array(this.#size);
    const count = new Uint32Array(this.#size);
    let j = 0;
    this.forEach((h, l, c) => {
      hi[j] = h;
      lo[j] = l;
      count[j++] = c;
    });
    return { hi, lo, count };
  }

  /** Doubles segment `s` and re-inserts its entries. */
  #grow(s: number): void {
    const old = this.#segments[s]!;
    const slots = (this.#masks[s]! + 1) * 2;
    if (slots > MAX_SEGMENT_SLOTS) throw new RangeError(`k-mer hash table segment cannot grow past ${MAX_SEGMENT_SLOTS} slots`);
    const data = new Uint32Array(slots * STRIDE).fill(EMPTY);
    const mask = slots - 1;
    for (let j = 0; j < old.length; j += STRIDE) {
      const hi = old[j]!;
      if (hi === EMPTY) continue;
      const lo = old[j + 1]!;
      let i = (hashKmer(hi, lo) & mask) * STRIDE;
      while (data[i] !== EMPTY) {
        i += STRIDE;
        if (i === data.length) i = 0;
      }
      data[i] = hi;
      data[i + 1] = lo;
      data[i + 2] = old[j + 2]!;
    }
    this.#segments[s] = data;
    this.#masks[s] = mask;
    this.#limits[s] = Math.floor(slots * MAX_LOAD);
  }
}
