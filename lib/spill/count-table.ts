/**
 * A counting hash table over keys as bytes (`key-bytes.ts`): open addressing in an
 * Int32Array, key bytes in one arena, per entry its count, the index of its first item and
 * its hash in typed arrays, all sized once from the budget (60% for entries, 40% for key
 * bytes). Nothing per key is a JavaScript object, so a budget of bytes is a budget of memory
 * (a Map's keys and entries would stay in V8's heap as garbage long after a spill). No
 * stream code: `count-spill.ts` drives it.
 */

const EMPTY = -1;

/** Bytes a table costs per entry beside its key bytes: hash, key start and length, count, first, two slots. */
const ENTRY_OVERHEAD = 4 + 4 + 4 + 8 + 8 + 8;

/**
 * Counts of keys.
 *
 * @example
 * ```ts
 * const t = new CountTable(1 << 20);
 * const at = t.reserve(maxKeyBytes('en')); const n = encodeKey('en', t.arena, at);
 * t.add(at, n, hashBytes(t.arena, at, at + n, 0), 1, 0);
 * ```
 */
export class CountTable {
  /** Key bytes; `reserve()` gives room at its end for the next key. */
  arena: Buffer;
  /** Bytes of the arena in use. */
  used = 0;
  size = 0;
  hashes: Uint32Array;
  starts: Uint32Array;
  lengths: Uint32Array;
  counts: Float64Array;
  firsts: Float64Array;
  #slots: Int32Array;
  #mask: number;

  /** Entries it holds at most: then it is full. */
  capacity: number;

  constructor(memory: number) {
    const cap = (this.capacity = Math.max(256, Math.floor((0.6 * memory) / ENTRY_OVERHEAD)));
    this.arena = Buffer.allocUnsafeSlow(Math.max(4096, Math.floor(0.4 * memory)));
    let slots = 1024;
    while (slots < 2 * cap) slots *= 2;
    this.#slots = new Int32Array(slots).fill(EMPTY);
    this.#mask = slots - 1;
    this.hashes = new Uint32Array(cap);
    this.starts = new Uint32Array(cap);
    this.lengths = new Uint32Array(cap);
    this.counts = new Float64Array(cap);
    this.firsts = new Float64Array(cap);
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /**
   * Where the next key's `n` bytes go (after `used`), or -1 when the arena has no room for
   * them: spill, then ask again. An empty table grows its arena for a key longer than it.
   */
  reserve(n: number): number {
    if (this.used + n > this.arena.length) {
      if (this.size > 0) return -1;
      this.arena = Buffer.allocUnsafeSlow(n);
    }
    return this.used;
  }

  /**
   * Adds `count` to the key whose bytes are at `arena[at, at + len)` (written after `used`
   * by the caller): an existing key's count grows (its bytes are dropped), a new key keeps
   * them, with `first` as its first item. Returns the entry.
   */
  add(at: number, len: number, hash: number, count: number, first: number): number {
    const arena = this.arena;
    const slots = this.#slots;
    let s = hash & this.#mask;
    for (;;) {
      const e = slots[s]!;
      if (e === EMPTY) break;
      if (this.hashes[e] === hash && this.lengths[e] === len) {
        const k = this.starts[e]!;
        let same = true;
        for (let i = 0; i < len; i++) {
          if (arena[k + i] !== arena[at + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.counts[e]! += count;
          return e;
        }
      }
      s = (s + 1) & this.#mask;
    }
    const e = this.size++;
    this.hashes[e] = hash;
    this.starts[e] = at;
    this.lengths[e] = len;
    this.counts[e] = count;
    this.firsts[e] = first;
    this.used = at + len;
    slots[s] = e;
    return e;
  }

  /** Doubles the entries and makes room for `n` more key bytes: past the budget, when nothing else will do. */
  grow(n: number): void {
    const cap = 2 * this.capacity;
    const more = <A extends Uint32Array | Float64Array>(a: A, make: (k: number) => A): A => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.hashes = more(this.hashes, (k) => new Uint32Array(k));
    this.starts = more(this.starts, (k) => new Uint32Array(k));
    this.lengths = more(this.lengths, (k) => new Uint32Array(k));
    this.counts = more(this.counts, (k) => new Float64Array(k));
    this.firsts = more(this.firsts, (k) => new Float64Array(k));
    this.capacity = cap;
    const arena = Buffer.allocUnsafeSlow(Math.max(2 * this.arena.length, this.used + n));
    this.arena.copy(arena, 0, 0, this.used);
    this.arena = arena;
    let size = this.#slots.length;
    while (size < 2 * cap) size *= 2;
    const slots = new Int32Array(size).fill(EMPTY);
    const mask = size - 1;
    for (let e = 0; e < this.size; e++) {
      let s = this.hashes[e]! & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  /** Empties the table, keeping its arrays for the next fill. */
  clear(): void {
    this.#slots.fill(EMPTY);
    this.size = 0;
    this.used = 0;
  }
}
