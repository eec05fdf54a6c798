/**
 * The mergeable form of `sinks.histogram(options)`: a state is how many times each value
 * occurred (the sink keeps the same, since without a range it knows the bin edges only at
 * the end); the result bins the merged counts with the sink's own binning.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { FrameReader, FrameWriter } from '../parallel/codec.js';

/**
 * Equal-width bins of numbers, in pieces.
 *
 * @example
 * ```ts
 * const agg = histogramAggregator((freq) => binFrequencies(freq, { bins: 2 }));
 * agg.result(agg.merge(fold(agg, [1, 2]), fold(agg, [4]))); // { edges: [1, 2.5, 4], counts: [2, 1], total: 3 }
 * ```
 */
export function histogramAggregator<R>(bin: (freq: Map<number, number>) => R): Aggregator<Map<number, number>, number, R> {
  return {
    name: 'histogram',
    empty: () => new Map(),
    add(state, value) {
      if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`expected a number, got ${typeof value === 'number' ? 'NaN' : typeof value}`);
      state.set(value, (state.get(value) ?? 0) + 1);
      return state;
    },
    merge(a, b) {
      for (const [v, n] of b) a.set(v, (a.get(v) ?? 0) + n);
      return a;
    },
    encode(state) {
      return new FrameWriter('HIST', 1).u32(state.size).f64array(Float64Array.from(state.keys())).f64array(Float64Array.from(state.values())).finish();
    },
    decode(bytes) {
      const r = new FrameReader(bytes, 'HIST', 1);
      const n = r.u32();
      const values = r.f64array(n);
      const counts = r.f64array(n);
      r.end();
      const state = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const c = counts[i]!;
        if (Number.isNaN(values[i]!) || !Number.isSafeInteger(c) || c < 1)
          throw new StreamtoolzError(codes.BAD_RECORD, 'encoded histogram state: bad value or count');
        state.set(values[i]!, c);
      }
      return state;
    },
    result: bin,
  };
}
