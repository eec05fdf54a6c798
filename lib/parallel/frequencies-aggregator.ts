/**
 * The mergeable form of `sinks.frequencies()` over string items: a `Map<string, number>`.
 */
import type { Aggregator } from './aggregator.js';
import { FrameReader, FrameWriter } from './codec.js';

const TAG = 'FREQ';
const VERSION = 1;

/**
 * Counts of string items. `merge(a, b)` adds b's counts into a, so that when a holds the
 * earlier items the Map keeps the order of first occurrence of the whole input, as
 * `sinks.frequencies()` does. Encoded as the counts (float64, exact to 2^53), the UTF-8
 * byte length of each key and the keys' UTF-8 bytes back to back.
 *
 * @example
 * ```ts
 * const agg = frequenciesAggregator();
 * const left = fold(agg, ['a', 'b']);
 * const right = agg.decode(agg.encode(fold(agg, ['a'])));
 * agg.result(agg.merge(left, right)); // Map { 'a' => 2, 'b' => 1 }
 * ```
 */
export function frequenciesAggregator(): Aggregator<Map<string, number>, string, Map<string, number>> {
  return {
    name: 'frequencies',
    empty: () => new Map(),
    add(state, item) {
      state.set(item, (state.get(item) ?? 0) + 1);
      return state;
    },
    merge(a, b) {
      for (const [key, count] of b) a.set(key, (a.get(key) ?? 0) + count);
      return a;
    },
    encode(state) {
      const enc = new TextEncoder();
      const counts = new Float64Array(state.size);
      const lengths = new Uint32Array(state.size);
      const keys: Uint8Array[] = [];
      let i = 0;
      let total = 0;
      for (const [key, count] of state) {
        const bytes = enc.encode(key);
        keys.push(bytes);
        lengths[i] = bytes.length;
        counts[i++] = count;
        total += bytes.length;
      }
      const blob = new Uint8Array(total);
      let pos = 0;
      for (const k of keys) {
        blob.set(k, pos);
        pos += k.length;
      }
      return new FrameWriter(TAG, VERSION).u32(state.size).u32(total).f64array(counts).u32array(lengths).bytes(blob).finish();
    },
    decode(bytes) {
      const r = new FrameReader(bytes, TAG, VERSION);
      const n = r.u32();
      const total = r.u32();
      const counts = r.f64array(n);
      const lengths = r.u32array(n);
      const blob = r.bytes(total);
      r.end();
      const dec = new TextDecoder();
      const state = new Map<string, number>();
      let pos = 0;
      for (let i = 0; i < n; i++) {
        const len = lengths[i]!;
        state.set(dec.decode(blob.subarray(pos, pos + len)), counts[i]!);
        pos += len;
      }
      return state;
    },
    result: (state) => state,
  };
}
