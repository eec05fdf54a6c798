/**
 * The mergeable form of `sinks.sample(n, { seed })`: a state is a uniform sample of at most
 * n of the items folded and how many were folded; two states merge into a uniform sample of
 * both by drawing from each side in proportion to the items it stands for. The sample is
 * uniform however the input is cut, but which items it holds depends on the cut: the same
 * seed and the same pieces give the same sample.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { SeededRandom } from '../util/seeded-random.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { decodeWire, encodeWire } from './wire.js';

/** Items seen and the reservoir. */
export interface SampleState {
  seen: number;
  items: unknown[];
  rng: SeededRandom;
}

/**
 * A uniform sample of n items, in pieces.
 *
 * @example
 * ```ts
 * const agg = sampleAggregator(2, 7);
 * agg.result(agg.merge(fold(agg, [1, 2, 3]), fold(agg, [4, 5]))); // two of the five
 * ```
 */
export function sampleAggregator(n: number, seed: number): Aggregator<SampleState, unknown, unknown[]> {
  const name = `sample(${n})`;
  // Each state's generator starts from the seed and what it holds, so that a merge draws the
  // same numbers wherever it runs.
  const rngFor = (seen: number, salt: number): SeededRandom => new SeededRandom((seed ^ Math.imul(seen | 0, 0x9e3779b1) ^ salt) >>> 0);
  return {
    name,
    empty: () => ({ seen: 0, items: [], rng: rngFor(0, 0) }),
    add(s, item) {
      s.seen++;
      if (s.items.length < n) s.items.push(item);
      else if (n > 0) {
        // Algorithm R: the i-th item replaces a random one with probability n / i.
        const j = Math.floor(s.rng.next() * s.seen);
        if (j < n) s.items[j] = item;
      }
      return s;
    },
    merge(a, b) {
      const rng = rngFor(a.seen + b.seen, b.seen);
      const left = [...a.items];
      const right = [...b.items];
      let na = a.seen;
      let nb = b.seen;
      const items: unknown[] = [];
      // Draw without replacement from the union: side a with probability na / (na + nb).
      while (items.length < n && (left.length > 0 || right.length > 0)) {
        const fromA = right.length === 0 || (left.length > 0 && rng.next() * (na + nb) < na);
        const side = fromA ? left : right;
        const i = Math.floor(rng.next() * side.length);
        items.push(side[i]);
        side[i] = side[side.length - 1];
        side.pop();
        if (fromA) na--;
        else nb--;
      }
      return { seen: a.seen + b.seen, items, rng };
    },
    encode: (s) => encodeWire('SMPL', { seen: s.seen, items: s.items }),
    decode(bytes) {
      const v = decodeWire(bytes, 'SMPL', name) as { seen?: unknown; items?: unknown };
      const { seen, items } = v ?? {};
      if (typeof seen !== 'number' || !Number.isSafeInteger(seen) || seen < 0 || !Array.isArray(items) || items.length > Math.min(n, seen)) {
        throw new StreamtoolzError(codes.BAD_RECORD, `encoded ${name} state: not a sample of at most ${n} items`);
      }
      return { seen, items, rng: rngFor(seen, 1) };
    },
    result: (s) => s.items,
  };
}
