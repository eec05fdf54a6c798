/**
 * The mergeable forms of the scalar sinks: `count`, `sum`, `min` and `max`.
 */
import { codes, StageError, StreamtoolzError } from '../core/errors.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { decodeWire, encodeWire } from './wire.js';
import { keyOf, type KeyFn } from './key-of.js';

const bad = (what: string, problem: string): StreamtoolzError => new StreamtoolzError(codes.BAD_RECORD, `encoded ${what} state: ${problem}`);

/**
 * `sinks.count()` in pieces: a state is the number of items.
 *
 * @example
 * ```ts
 * const agg = countAggregator();
 * agg.result(agg.merge(fold(agg, [1, 2]), fold(agg, [3]))); // 3
 * ```
 */
export function countAggregator(): Aggregator<number, unknown, number> {
  return {
    name: 'count',
    empty: () => 0,
    add: (n) => n + 1,
    merge: (a, b) => a + b,
    encode: (n) => encodeWire('CNT1', n),
    decode(bytes) {
      const n = decodeWire(bytes, 'CNT1', 'count');
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw bad('count', 'not a count');
      return n;
    },
    result: (n) => n,
  };
}

/**
 * `sinks.sum(start)` in pieces: a state is the sum of its items (from 0, or 0n for bigints);
 * the result adds `start`. Sums of integers are exact; float sums equal a single pass's to
 * rounding (the pieces are added in another order).
 *
 * @example
 * ```ts
 * const agg = sumAggregator(0);
 * agg.result(agg.merge(fold(agg, [1, 2]), fold(agg, [3]))); // 6
 * ```
 */
export function sumAggregator(start: number | bigint): Aggregator<number | bigint, number | bigint, number | bigint> {
  const zero = typeof start === 'bigint' ? 0n : 0;
  return {
    name: 'sum',
    empty: () => zero,
    add: (s, item) => (s as number) + (item as number),
    merge: (a, b) => (a as number) + (b as number),
    encode: (s) => encodeWire('SUM1', s),
    decode(bytes) {
      const s = decodeWire(bytes, 'SUM1', 'sum');
      if (typeof s !== typeof zero) throw bad('sum', `expected a ${typeof zero}, got a ${typeof s}`);
      return s as number | bigint;
    },
    result: (s) => (start as number) + (s as number),
  };
}

/** The state of min/max: the best item so far and its key. */
export interface ExtremeState {
  seen: boolean;
  item: unknown;
  key: unknown;
}

/**
 * `sinks.min(key)` / `sinks.max(key)` in pieces: the item with the smallest (largest) key,
 * the first of equal ones (pieces are merged in input order, the earlier one first).
 *
 * @example
 * ```ts
 * const agg = extremeAggregator('max', undefined);
 * agg.result(agg.merge(fold(agg, [3, 9]), fold(agg, [7]))); // 9
 * ```
 */
export function extremeAggregator(which: 'min' | 'max', key: KeyFn | undefined): Aggregator<ExtremeState, unknown, unknown> {
  const fn = keyOf(key, which);
  const name = which;
  // Is b strictly better than a? Ties keep a, the earlier.
  const better = (a: unknown, b: unknown): boolean => (which === 'min' ? (b as number) < (a as number) : (b as number) > (a as number));
  return {
    name,
    empty: () => ({ seen: false, item: undefined, key: undefined }),
    add(s, item) {
      const k = fn(item);
      if (!s.seen || better(s.key, k)) return { seen: true, item, key: k };
      return s;
    },
    merge: (a, b) => (!b.seen ? a : !a.seen || better(a.key, b.key) ? b : a),
    encode: (s) => encodeWire('XTRM', s.seen ? [s.item] : []),
    decode(bytes) {
      const v = decodeWire(bytes, 'XTRM', name);
      if (!Array.isArray(v) || v.length > 1) throw bad(name, 'not a list of at most one item');
      return v.length === 0 ? { seen: false, item: undefined, key: undefined } : { seen: true, item: v[0], key: fn(v[0]) };
    },
    result(s) {
      if (!s.seen) throw new StageError({ stage: name }, new Error('the input is empty'), codes.NO_RESULT);
      return s.item;
    },
  };
}
