/**
 * The by-key sinks with a memory budget: `countBy`, `frequencies`, `groupBy` and `reduceBy`
 * given `{ memory }` come here (a one-line dispatch in each sink's factory). Each is a
 * reducer sink over a `CountSpill` (counts) or a `KeyedSpill` (any other state), so
 * `pipe()` still runs the stages before it in its loop;
 * it resolves to a `SpilledMap` that reads the result in order of first occurrence. Its
 * temporary files go when the result has been read, on an error in the sink, and when the
 * pipe is aborted or fails (through the signal its reducer is made with).
 */
import { reducerSink, type Reducer, type ReducerSink } from '../core/sink.js';
import { kSpill } from '../core/symbols.js';
import { CountSpill } from './count-spill.js';
import { jsonSize } from './json-size.js';
import { KeyedSpill, type StateOps } from './keyed-spill.js';
import type { SpillConfig } from './memory-option.js';
import type { SpilledMap } from './spilled-map.js';

/** Items per key, in input order: the state of groupBy, and of reduceBy without `combine`. */
const ITEMS: StateOps<unknown[]> = {
  numeric: false,
  combine: (a, b) => {
    for (const x of b) a.push(x);
    return a;
  },
  size: (items) => jsonSize(items),
};

/**
 * A reducer over a KeyedSpill: `update(spill, item, index)` does the per-item work; on an
 * error in it, or an abort of the pipe before the result, the files are removed.
 */
function spillingReducer<T, S, V>(
  config: SpillConfig,
  ops: StateOps<S>,
  update: (spill: KeyedSpill<S>, item: T, index: number) => void,
  result: (state: S) => V,
): (signal?: AbortSignal) => Reducer<T, SpilledMap<unknown, V>> {
  return (signal) => {
    const spill = new KeyedSpill<S>(config, ops);
    let finished = false;
    const onAbort = (): void => {
      if (!finished) spill.close();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const reducer: Reducer<T, SpilledMap<unknown, V>> & { [kSpill]: unknown } = {
      step(item, index) {
        try {
          update(spill, item, index);
        } catch (err) {
          spill.close();
          throw err;
        }
      },
      result() {
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        return spill.finish(result);
      },
      [kSpill]: spill.stats,
    };
    return reducer;
  };
}

/**
 * `countBy` (and `frequencies`) in a budget: a count per key, in a table of bytes
 * (`count-spill.ts`) rather than a Map, so that the budget bounds the memory used.
 *
 * @example
 * ```ts
 * await pipe(words, spillingCountBy('countBy(w)', (w: string) => w, { memory: 65536, tmpdir }));
 * ```
 */
export function spillingCountBy<T, K>(name: string, key: (item: T) => K, config: SpillConfig): ReducerSink<T, SpilledMap<K, number>> {
  const make = (signal?: AbortSignal): Reducer<T, SpilledMap<unknown, number>> => {
    const counts = new CountSpill(config);
    let finished = false;
    const onAbort = (): void => {
      if (!finished) counts.close();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const reducer: Reducer<T, SpilledMap<unknown, number>> & { [kSpill]: unknown } = {
      step(item, index) {
        try {
          counts.add(key(item), index);
        } catch (err) {
          counts.close();
          throw err;
        }
      },
      result() {
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        return counts.finish();
      },
      [kSpill]: counts.stats,
    };
    return reducer;
  };
  return reducerSink(name, make) as unknown as ReducerSink<T, SpilledMap<K, number>>;
}

/** Adds an item to its key's list of items, counting it in the budget. */
function addItem<T>(spill: KeyedSpill<unknown[]>, key: unknown, item: T, index: number): void {
  const size = jsonSize(item) + 8;
  const s = spill.slot(key, index);
  const lists = spill.states;
  if (s === lists.length) lists.push([item]);
  else lists[s]!.push(item);
  spill.grew(size);
}

/**
 * `groupBy` in a budget: the items of each key (each key's list is held whole when it is
 * read back, so one key's items must fit in memory).
 *
 * @example
 * ```ts
 * await pipe(rows, spillingGroupBy('groupBy("lang")', (r: Row) => r.lang, { memory: 1 << 26, tmpdir }));
 * ```
 */
export function spillingGroupBy<T, K>(name: string, key: (item: T) => K, config: SpillConfig): ReducerSink<T, SpilledMap<K, T[]>> {
  const make = spillingReducer<T, unknown[], T[]>(
    config,
    ITEMS,
    (spill, item, index) => addItem(spill, key(item), item, index),
    (items) => items as T[],
  );
  return reducerSink(name, make) as unknown as ReducerSink<T, SpilledMap<K, T[]>>;
}

/** How reduceBy folds: its binop, its init (if any) and a combine function (if any). */
export interface ReduceSpec<T, A> {
  binop: (acc: A, item: T) => A;
  init: { make: () => A } | undefined;
  combine: ((a: A, b: A) => A) | undefined;
}

/**
 * `reduceBy` in a budget. With `combine` the accumulators themselves spill and are combined
 * at the end, earlier first; without it a key's items are kept (as groupBy keeps them) and
 * folded in input order at the end, which is right for any binop.
 *
 * @example
 * ```ts
 * spillingReduceBy('reduceBy(k, add)', k, { binop: add, init: { make: () => 0 }, combine: add }, config);
 * ```
 */
export function spillingReduceBy<T, K, A>(name: string, key: (item: T) => K, spec: ReduceSpec<T, A>, config: SpillConfig): ReducerSink<T, SpilledMap<K, A>> {
  const { binop, init, combine } = spec;
  if (combine === undefined) {
    const fold = (items: unknown[]): A => {
      const xs = items as T[];
      let acc = init === undefined ? (xs[0] as unknown as A) : binop(init.make(), xs[0]!);
      for (let i = 1; i < xs.length; i++) acc = binop(acc, xs[i]!);
      return acc;
    };
    const make = spillingReducer<T, unknown[], A>(config, ITEMS, (spill, item, index) => addItem(spill, key(item), item, index), fold);
    return reducerSink(name, make) as unknown as ReducerSink<T, SpilledMap<K, A>>;
  }
  const ops: StateOps<A> = { numeric: false, combine, size: (acc) => jsonSize(acc), validate: true };
  const make = spillingReducer<T, A, A>(
    config,
    ops,
    (spill, item, index) => {
      const s = spill.slot(key(item), index);
      const accs = spill.states;
      if (s === accs.length) {
        const acc = init === undefined ? (item as unknown as A) : binop(init.make(), item);
        accs.push(acc);
        spill.grew(jsonSize(acc));
      } else accs[s] = binop(accs[s]!, item);
    },
    (acc) => acc,
  );
  return reducerSink(name, make) as unknown as ReducerSink<T, SpilledMap<K, A>>;
}
