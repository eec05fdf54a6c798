/**
 * The mergeable forms of the by-key sinks: `frequencies` and `countBy` (counts per key) and
 * `reduceBy` (an accumulator per key, merged with the user's `combine`). States are Maps in
 * order of first occurrence; merging the earlier piece with the later keeps that order, so
 * the merged Map is the one a single pass makes.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { keyOf, type KeyFn } from './key-of.js';
import { notMergeable } from './mergeable.js';
import { decodeWire, encodeWire } from './wire.js';

const bad = (what: string, problem: string): StreamtoolzError => new StreamtoolzError(codes.BAD_RECORD, `encoded ${what} state: ${problem}`);

function decodeMap(bytes: Uint8Array, tag: string, name: string): Map<unknown, unknown> {
  const m = decodeWire(bytes, tag, name);
  if (!(m instanceof Map)) throw bad(name, 'not a Map');
  return m;
}

/**
 * Counts per key (`sinks.countBy(key)`, `sinks.frequencies(key?)`).
 *
 * @example
 * ```ts
 * const agg = countsAggregator('countBy("lang")', (r: { lang: string }) => r.lang, '"lang"');
 * agg.result(agg.merge(fold(agg, [{ lang: 'en' }]), fold(agg, [{ lang: 'en' }, { lang: 'fr' }]))); // Map { 'en' => 2, 'fr' => 1 }
 * ```
 */
export function countsAggregator(name: string, key: KeyFn | undefined, label = name): Aggregator<Map<unknown, number>, unknown, Map<unknown, number>> {
  const fn = keyOf(key, label);
  return {
    name,
    empty: () => new Map(),
    add(state, item) {
      const k = fn(item);
      state.set(k, (state.get(k) ?? 0) + 1);
      return state;
    },
    merge(a, b) {
      for (const [k, n] of b) a.set(k, (a.get(k) ?? 0) + n);
      return a;
    },
    encode: (state) => encodeWire('CNTK', state),
    decode(bytes) {
      const m = decodeMap(bytes, 'CNTK', name);
      for (const n of m.values()) if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw bad(name, 'a count is not a positive integer');
      return m as Map<unknown, number>;
    },
    result: (state) => state,
  };
}

/** What `sinks.reduceBy` passes for its mergeable form. */
export interface ReduceBySpec {
  name: string;
  /** The sink's key function and its label. */
  key: KeyFn;
  label: string;
  binop: (acc: unknown, item: unknown) => unknown;
  /** The init value or function, when given. */
  init?: { value: unknown } | undefined;
  /** Merges two accumulators of one key (the earlier first). Default: `binop`, when there is no init. */
  combine?: ((a: unknown, b: unknown) => unknown) | undefined;
}

/**
 * An accumulator per key (`sinks.reduceBy`): pieces are merged key by key with `combine`.
 * Without `init` the items are the accumulators, so `binop` itself merges two of them.
 *
 * @example
 * ```ts
 * const agg = reduceByAggregator({ name: 'reduceBy', key: (x: number) => x % 2, label: 'odd', binop: (a, b) => a + b });
 * ```
 */
export function reduceByAggregator(spec: ReduceBySpec): Aggregator<Map<unknown, unknown>, unknown, Map<unknown, unknown>> {
  const { name, binop, init } = spec;
  const combine = spec.combine ?? (init === undefined ? binop : undefined);
  if (combine === undefined)
    throw notMergeable(name, 'with an init value it needs a combine function: sinks.reduceBy(key, binop, init, { combine: (a, b) => ... })');
  const fn = keyOf(spec.key, spec.label);
  const initial = typeof init?.value === 'function' ? (init.value as () => unknown) : () => init?.value;
  return {
    name,
    empty: () => new Map(),
    add(state, item) {
      const k = fn(item);
      if (!state.has(k)) state.set(k, init === undefined ? item : binop(initial(), item));
      else state.set(k, binop(state.get(k), item));
      return state;
    },
    merge(a, b) {
      for (const [k, acc] of b) a.set(k, a.has(k) ? combine(a.get(k), acc) : acc);
      return a;
    },
    encode: (state) => encodeWire('REDK', state),
    decode: (bytes) => decodeMap(bytes, 'REDK', name),
    result: (state) => state,
  };
}
