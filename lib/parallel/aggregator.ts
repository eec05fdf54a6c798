/**
 * Mergeable aggregators: the one interface that lets a fold run in pieces (per byte range,
 * per thread, per machine) and be put back together by merging, never by a shuffle — Dask
 * Bag's "aggregations that merge up a tree".
 *
 * The laws every implementation keeps (the property tests check them):
 * - `merge` is associative and commutative, and `empty()` is its identity;
 * - folding the two halves of any split of the items and merging the two states gives the
 *   state of folding all items (exactly for counts, to rounding for floating-point states);
 * - `decode(encode(s))` is a state equal to `s`, and `encode` makes a fresh buffer that can
 *   be transferred to another thread or sent over a socket.
 *
 * States are mutable for speed: `add` and `merge` may update an argument in place and
 * return it, and an argument passed to `merge` must not be used afterwards (decode a copy
 * first if you need one).
 */

/**
 * A mergeable aggregator over items `I`, with states `S` and a final result `R`.
 *
 * @example
 * ```ts
 * const agg = frequenciesAggregator();
 * const a = agg.add(agg.add(agg.empty(), 'x'), 'y');
 * const b = agg.decode(agg.encode(agg.add(agg.empty(), 'x'))); // e.g. from a worker
 * agg.result(agg.merge(a, b)); // Map { 'x' => 2, 'y' => 1 }
 * ```
 */
export interface Aggregator<S, I, R = S> {
  /** Display name for errors, e.g. `frequencies`, `kmerCounts(k=21)`. */
  readonly name: string;
  /** A state of no items: the identity of `merge`. */
  empty(): S;
  /** Folds one item into a state (may update it in place); returns the state. */
  add(state: S, item: I): S;
  /** Merges two states (may reuse either; do not use them afterwards); returns the merged state. */
  merge(a: S, b: S): S;
  /** The state as bytes: a fresh buffer, safe to transfer. */
  encode(state: S): Uint8Array;
  /** A state from {@link encode}'s bytes (which are not kept). */
  decode(bytes: Uint8Array): S;
  /** The final answer of a state. */
  result(state: S): R;
}

/**
 * Folds `items` into `state` (default: a new empty state).
 *
 * @example
 * ```ts
 * const state = fold(frequenciesAggregator(), ['a', 'b', 'a']);
 * ```
 */
export function fold<S, I>(agg: Aggregator<S, I, unknown>, items: Iterable<I>, state: S = agg.empty()): S {
  for (const item of items) state = agg.add(state, item);
  return state;
}

/**
 * Merges states pairwise up a balanced tree (as Dask's tree reduction does): with
 * floating-point states the rounding error grows with the tree's depth, log2(n), not n.
 *
 * @example
 * ```ts
 * const total = mergeAll(agg, partials.map((bytes) => agg.decode(bytes)));
 * ```
 */
export function mergeAll<S>(agg: Aggregator<S, never, unknown>, states: readonly S[]): S {
  if (states.length === 0) return agg.empty();
  let level = [...states];
  while (level.length > 1) {
    const next: S[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(agg.merge(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
