/**
 * The heap of a k-way merge: the indices of the sources still open, ordered by their heads
 * through a caller's `compare(i, j)`, ties going to the lower index so that a merge of runs
 * written in input order is stable. After the top source has moved on, `fixTop()` sifts it
 * down (one sift rather than a pop and a push); an exhausted one is `removeTop()`ed.
 */
export class MergeHeap {
  readonly #heap: Int32Array;
  readonly #compare: (i: number, j: number) => number;
  #size = 0;

  /**
   * @example
   * ```ts
   * const heads = [5, 1, 3];
   * const heap = new MergeHeap(3, (i, j) => heads[i]! - heads[j]!);
   * heap.top; // 1 (the source whose head is 1)
   * ```
   */
  constructor(sources: number, compare: (i: number, j: number) => number) {
    this.#heap = new Int32Array(sources);
    this.#compare = compare;
    for (let i = 0; i < sources; i++) this.#heap[i] = i;
    this.#size = sources;
    for (let i = (sources >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  get size(): number {
    return this.#size;
  }

  /** The source with the smallest head; only valid while `size > 0`. */
  get top(): number {
    return this.#heap[0]!;
  }

  /** The top source has a new head. */
  fixTop(): void {
    this.#down(0);
  }

  /** The top source is exhausted. */
  removeTop(): void {
    this.#heap[0] = this.#heap[--this.#size]!;
    if (this.#size > 0) this.#down(0);
  }

  #less(a: number, b: number): boolean {
    const c = this.#compare(a, b);
    return c < 0 || (c === 0 && a < b);
  }

  #down(i: number): void {
    const heap = this.#heap;
    const n = this.#size;
    const x = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.#less(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!this.#less(c, x)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = x;
  }
}
