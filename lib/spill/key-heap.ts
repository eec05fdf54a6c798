/**
 * The tournament of a k-way merge of runs whose heads have 64-bit keys (`line-keys.ts`,
 * first indices): a loser tree, so that moving the winning run on costs one comparison per
 * level (a binary heap needs two). Keys sit in two uint32 arrays, so a comparison is array
 * loads, not a call; a caller's `tie(i, j)` decides between equal keys, and then the lower
 * run wins, which keeps the merge stable. Written after `lib/kmer/run-merge.ts`'s
 * `RunHeap`, which has no ties to break.
 */
export class KeyHeap {
  readonly headHi: Uint32Array;
  readonly headLo: Uint32Array;
  readonly #tie: (i: number, j: number) => number;
  /** Runs used up: they lose to everything. */
  readonly #done: Uint8Array;
  /** `#tree[0]` is the winner; `#tree[1..k)` the loser of each match, with its key beside it. */
  #tree: Int32Array;
  readonly #treeHi: Uint32Array;
  readonly #treeLo: Uint32Array;
  readonly #k: number;
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
    this.#k = runs;
    this.headHi = new Uint32Array(runs);
    this.headLo = new Uint32Array(runs);
    this.#done = new Uint8Array(runs).fill(1);
    this.headHi.fill(0xffffffff);
    this.headLo.fill(0xffffffff);
    this.#tree = new Int32Array(Math.max(1, runs));
    this.#treeHi = new Uint32Array(Math.max(1, runs));
    this.#treeLo = new Uint32Array(Math.max(1, runs));
    this.#tie = tie;
  }

  /** Adds run `r` with its first key, before `build()`. */
  add(r: number, hi: number, lo: number): void {
    this.headHi[r] = hi;
    this.headLo[r] = lo;
    this.#done[r] = 0;
    this.size++;
  }

  /** Plays the first tournament. */
  build(): void {
    const k = this.#k;
    if (k === 0) return;
    // Winners of the subtrees, bottom up: leaf r sits at node k + r.
    const winners = new Int32Array(2 * k);
    for (let r = 0; r < k; r++) winners[k + r] = r;
    for (let node = k - 1; node >= 1; node--) {
      const a = winners[2 * node]!;
      const b = winners[2 * node + 1]!;
      const [w, l] = this.#less(a, b) ? [a, b] : [b, a];
      winners[node] = w;
      this.#tree[node] = l;
      this.#treeHi[node] = this.headHi[l]!;
      this.#treeLo[node] = this.headLo[l]!;
    }
    this.#tree[0] = k === 1 ? 0 : winners[1]!;
  }

  /** The run whose head is the smallest. */
  get top(): number {
    return this.#tree[0]!;
  }

  /** The top run moved on to the key (hi, lo). */
  advanceTop(hi: number, lo: number): void {
    const r = this.#tree[0]!;
    this.headHi[r] = hi;
    this.headLo[r] = lo;
    this.#replay(r);
  }

  /** The top run is used up: its key becomes the largest, and it loses every match. */
  removeTop(): void {
    const r = this.#tree[0]!;
    this.#done[r] = 1;
    this.headHi[r] = 0xffffffff;
    this.headLo[r] = 0xffffffff;
    this.size--;
    this.#replay(r);
  }

  /**
   * Plays run `r`'s matches again from its leaf to the root: the hot loop of every merge.
   * Each node keeps its loser's key beside it, so a match reads one place, not three.
   */
  #replay(r: number): void {
    const tree = this.#tree;
    const th = this.#treeHi;
    const tl = this.#treeLo;
    let w = r;
    let wh = this.headHi[w]!;
    let wl = this.headLo[w]!;
    for (let node = (this.#k + r) >> 1; node >= 1; node >>= 1) {
      const oh = th[node]!;
      if (oh > wh) continue;
      const ol = tl[node]!;
      if (oh === wh && (ol > wl || (ol === wl && !this.#less(tree[node]!, w)))) continue;
      const o = tree[node]!;
      tree[node] = w;
      th[node] = wh;
      tl[node] = wl;
      w = o;
      wh = oh;
      wl = ol;
    }
    tree[0] = w;
  }

  /** For equal keys: a used-up run loses, then the caller's tie-break, then the lower run. */
  #less(a: number, b: number): boolean {
    const done = this.#done;
    if (done[a] !== done[b]) return done[b] === 1;
    if (done[a] === 1) return a < b;
    const ah = this.headHi[a]!;
    const bh = this.headHi[b]!;
    if (ah !== bh) return ah < bh;
    const al = this.headLo[a]!;
    const bl = this.headLo[b]!;
    if (al !== bl) return al < bl;
    const t = this.#tie(a, b);
    return t < 0 || (t === 0 && a < b);
  }
}
