/**
 * The mergeable form of `sinks.topk(k, key)`: a state is at most k items, ranked largest
 * first and, among equal keys, in input order. Merging two pieces (the earlier first) takes
 * the k best of both with the earlier piece's items first among ties: the items a single
 * pass keeps, in the same order.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { keyOf, type KeyFn } from './key-of.js';
import { decodeWire, encodeWire } from './wire.js';

interface Ranked {
  key: unknown;
  item: unknown;
}

/** The top items of a piece, ranked, with the items folded since the last rank (unsorted). */
export interface TopkState {
  ranked: Ranked[];
}

/**
 * The k largest items by key.
 *
 * @example
 * ```ts
 * const agg = topkAggregator('topk(2)', 2, undefined);
 * agg.result(agg.merge(fold(agg, [3, 9]), fold(agg, [7, 1]))); // [9, 7]
 * ```
 */
export function topkAggregator(name: string, k: number, key: KeyFn | undefined): Aggregator<TopkState, unknown, unknown[]> {
  const fn = keyOf(key, name);
  const below = (a: unknown, b: unknown): boolean => (a as number) < (b as number);
  // Merges two ranked lists, a's entries first among ties; keeps k.
  const mergeRanked = (a: Ranked[], b: Ranked[]): Ranked[] => {
    const out: Ranked[] = [];
    let i = 0;
    let j = 0;
    while (out.length < k && (i < a.length || j < b.length)) {
      if (j >= b.length || (i < a.length && !below(a[i]!.key, b[j]!.key))) out.push(a[i++]!);
      else out.push(b[j++]!);
    }
    return out;
  };
  return {
    name,
    empty: () => ({ ranked: [] }),
    add(state, item) {
      if (k === 0) return state;
      const entry = { key: fn(item), item };
      const r = state.ranked;
      if (r.length === k && !below(r[k - 1]!.key, entry.key)) return state;
      // Insert after every entry not below it (equal keys: the earlier item stays first).
      let lo = 0;
      let hi = r.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (below(r[mid]!.key, entry.key)) hi = mid;
        else lo = mid + 1;
      }
      r.splice(lo, 0, entry);
      if (r.length > k) r.pop();
      return state;
    },
    merge: (a, b) => ({ ranked: mergeRanked(a.ranked, b.ranked) }),
    encode: (state) =>
      encodeWire(
        'TOPK',
        state.ranked.map((e) => e.item),
      ),
    decode(bytes) {
      const items = decodeWire(bytes, 'TOPK', name);
      if (!Array.isArray(items) || items.length > k) throw new StreamtoolzError(codes.BAD_RECORD, `encoded ${name} state: not a list of at most ${k} items`);
      const ranked = items.map((item) => ({ key: fn(item), item }));
      for (let i = 1; i < ranked.length; i++) {
        if (below(ranked[i - 1]!.key, ranked[i]!.key)) throw new StreamtoolzError(codes.BAD_RECORD, `encoded ${name} state: items not in ranked order`);
      }
      return { ranked };
    },
    result: (state) => state.ranked.map((e) => e.item),
  };
}
