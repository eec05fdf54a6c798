import type { Stage } from '../lib/core/types.js';
import { jsonSize, stringSize } from '../lib/spill/json-size.js';
import { tagKey } from '../lib/spill/key-codec.js';
import { KeyedSpill } from '../lib/spill/keyed-spill.js';
import type { SpillConfig } from '../lib/spill/memory-option.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import { DONE, DrainStage, type DrainKernel } from './drain-stage.js';

/** First occurrences spill as they are: the earlier item of a key wins. */
const FIRST = { numeric: false, combine: (a: unknown) => a, size: jsonSize };

/**
 * `unique` with a memory budget: half of it for a Set of the keys seen, and while that has
 * room, first occurrences pass at once, as without a budget. Once it is full, items with a
 * key it does not hold are kept in a `KeyedSpill` (the other half, then disk) and come out,
 * still in order of first occurrence, after the input has ended.
 */
function uniqueKernel<T>(key: ((item: T) => unknown) | undefined, config: SpillConfig): DrainKernel<T, T> {
  const seen = new Set<unknown>();
  const room = config.memory / 2;
  const spill = new KeyedSpill<unknown>({ memory: config.memory / 2, tmpdir: config.tmpdir }, FIRST);
  let bytes = 0;
  let result: SpilledMap<unknown, unknown> | undefined;
  let rest: Iterator<[unknown, unknown]> | undefined;
  return {
    stats: spill.stats,
    take(item, index) {
      const k = key === undefined ? item : key(item);
      if (seen.has(k)) return false;
      const t = typeof k;
      if ((t === 'object' && k !== null) || t === 'function' || t === 'symbol') tagKey(k);
      if (bytes < room) {
        seen.add(k);
        bytes += 48 + (typeof k === 'string' ? stringSize(k.length) : 16);
        return true;
      }
      if (spill.slot(k, index) === spill.states.length) {
        spill.states.push(item);
        spill.grew(jsonSize(item));
      }
      return false;
    },
    end() {
      result = spill.finish((item) => item);
      rest = result.entries();
    },
    next() {
      const r = rest!.next();
      return r.done === true ? DONE : (r.value[1] as T);
    },
    close() {
      result?.close();
      spill.close();
    },
  };
}

/**
 * The stage behind `transforms.unique(key, { memory })`.
 *
 * @example
 * ```ts
 * await pipe(ids, spillingUnique('unique(memory=65536)', undefined, { memory: 65536, tmpdir }), sinks.collect());
 * ```
 */
export function spillingUnique<T>(name: string, key: ((item: T) => unknown) | undefined, config: SpillConfig): Stage<T, T> {
  return new DrainStage<T, T>(name, uniqueKernel(key, config), { objectMode: true, highWaterMark: 16 }) as unknown as Stage<T, T>;
}
