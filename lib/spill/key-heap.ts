/**
 * The heap of a k-way merge of runs whose heads have 64-bit keys (`line-keys.ts`): keys in
 * two uint32 arrays, so that a comparison is array loads, not a call; a caller's `tie(i, j)`
 * decides between equal keys, and then the lower run wins, which keeps the merge stable.
 * Written after `lib/kmer/run-merge.ts`'s `RunHeap`, which has no ties to break.
 */
export class KeyHeap {
  readonly headHi: Uint32Array;
  readonly headLo: Uint32Array;
  readonly #heap: Int32Array;
  readonly #tie: (i: number, j: number) => number;
  size = 0;

  /**
   * @example
   * ```ts
   * const heap = new KeyHeap(2, () => 0);
   * heap.add(0, 0, 7); heap.add(1, 0, 3); heap.build();
   * heap.top; // 1
   * ```
   */
  constructor(runs: number, tie: (i: number, j: number) => number) {
    this.headHi = new Uint32Array(runs);
    this.headLo = new Uint32Array(runs);
    this.#heap = new Int32Array(runs);
    this.#tie = tie;
  }

  /** Adds run `r` with its first key, before `build()`. */
  add(r: number, hi: number, lo: number): void {
    this.headHi[r] = hi;
    this.headLo[r] = lo;
    this.#heap[this.size++] = r;
  }

  build(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  /** The run whose head is the smallest. */
  get top(): number {
    return this.#heap[0]!;
  }

  /** The top run moved on to the key (hi, lo). */
  advanceTop(hi: number, lo: number): void {
    const r = this.#heap[0]!;
    this.headHi[r] = hi;
    this.headLo[r] = lo;
    this.#down(0);
  }

  /** The top run is used up. */
  removeTop(): void {
    this.#heap[0] = this.#heap[--this.size]!;
    if (this.size > 0) this.#down(0);
  }

  #less(a: number, b: number): boolean {
    const ah = this.headHi[a]!;
    const bh = this.headHi[b]!;
    if (ah !== bh) return ah < bh;
    const al = this.headLo[a]!;
    const bl = this.headLo[b]!;
    if (al !== bl) return al < bl;
    const t = this.#tie(a, b);
    return t < 0 || (t === 0 && a < b);
  }

  #down(i: number): void {
    const heap = this.#heap;
    const n = this.size;
    const x = heap[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.#less(heap[c + 1]!, heap[c]!)) c++;
      if (!this.#less(heap[c]!, x)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = x;
  }
}
