import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { UserFn, userFnOptions } from '../lib/core/user-fn.js';
import { validateInteger } from '../lib/core/validate.js';
import { BinaryHeap } from '../lib/util/binary-heap.js';
import { keyFunction, type KeyOption, type SinkFnOptions } from './key-option.js';
import { mergeable } from '../lib/job/mergeable.js';
import { topkAggregator } from '../lib/job/topk-aggregator.js';
import type { KeyFn } from '../lib/job/key-of.js';

/** Options of {@link topk}. */
export type TopkOptions<T> = SinkFnOptions<T>;

interface Entry<T, K> {
  key: K;
  index: number;
  item: T;
}

/**
 * Is `a` ranked below `b`? By key, and on equal keys the later item ranks lower, so that
 * among ties the first seen are kept and come first (Python's `heapq.nlargest`).
 */
function below<T, K>(a: Entry<T, K>, b: Entry<T, K>): boolean {
  return a.key < b.key || (!(b.key < a.key) && a.index > b.index);
}

/**
 * The `k` largest items, largest first (toolz `topk`), by `key` (a function or a property
 * name; default the item itself, compared with `<`). Equal keys keep input order. Memory:
 * a heap of k entries, O(log k) per item that enters it; the input can be any size. The key
 * function may be async.
 *
 * @example
 * ```ts
 * await pipe([3, 9, 1, 7, 5], sinks.topk(2)); // [9, 7]
 * await pipe(words, sinks.topk(3, (w: string) => w.length)); // the three longest words
 * ```
 */
export function topk<T>(k: number, key?: KeyOption<T, unknown>, options?: TopkOptions<T>): ReducerSink<T, T[]> {
  validateInteger(k, 'k', 0);
  const keyed = key === undefined ? undefined : keyFunction(key, 'key');
  const opts = userFnOptions(options, 'sinks.topk()');
  const name = keyed === undefined ? `topk(${k})` : `topk(${k}, ${keyed.label})`;
  const fn = keyed?.fn ?? ((item: T): unknown => item);
  const sink = reducerSink<T, T[]>(name, (signal) => {
    const heap = new BinaryHeap<Entry<T, unknown>>(below);
    const call = new UserFn(fn, opts, { name });
    const offer = (key: unknown, item: T, index: number): void => {
      const entry = { key, index, item };
      if (heap.size < k) heap.push(entry);
      else if (k > 0 && below(heap.peek()!, entry)) heap.replaceTop(entry);
    };
    return {
      get skipped() {
        return call.skipped;
      },
      step: (item, index) => call.apply(item, index, signal, offer),
      result() {
        const entries = heap.toArray();
        entries.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
        return entries.map((e) => e.item);
      },
    };
  });
  return mergeable(sink, () => topkAggregator(`topk(${k})`, k, keyed?.fn as KeyFn | undefined));
}
