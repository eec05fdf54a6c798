/**
 * A binary heap over an array, ordered by a `less(a, b)` function: the kernel behind
 * `sinks.topk` (a min-heap of k) and `sources.mergeSorted` (a min-heap of one head per
 * input). It knows nothing of streams.
 */
export class BinaryHeap<T> {
  readonly #less: (a: T, b: T) => boolean;
  readonly #items: T[] = [];

  /**
   * @example
   * ```ts
   * const heap = new BinaryHeap<number>((a, b) => a < b);
   * heap.push(3); heap.push(1); heap.push(2);
   * heap.pop(); // 1
   * ```
   */
  constructor(less: (a: T, b: T) => boolean) {
    this.#less = less;
  }

  get size(): number {
    return this.#items.length;
  }

  /** The smallest item, without removing it. */
  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    this.#up(items.length - 1);
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last as T;
      this.#down(0);
    }
    return top;
  }

  /** Replaces the smallest item with `item` (one sift instead of a pop and a push). */
  replaceTop(item: T): void {
    if (this.#items.length === 0) return this.push(item);
    this.#items[0] = item;
    this.#down(0);
  }

  /** The items in heap order (not sorted); the heap keeps them. */
  toArray(): T[] {
    return this.#items.slice();
  }

  #up(i: number): void {
    const items = this.#items;
    const x = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!this.#less(x, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = x;
  }

  #down(i: number): void {
    const items = this.#items;
    const n = items.length;
    const x = items[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.#less(items[right]!, items[child]!)) child = right;
      const c = items[child]!;
      if (!this.#less(c, x)) break;
      items[i] = c;
      i = child;
    }
    items[i] = x;
  }
}
