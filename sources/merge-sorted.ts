import type { Readable } from 'node:stream';
import { BinaryHeap } from '../lib/util/binary-heap.js';
import type { Source, SourceLike } from '../lib/core/types.js';
import { type OptionNames, validateFunction } from '../lib/core/validate.js';
import { END, MULTI_SOURCE_OPTIONS, MultiSource, splitArgs, type Feed, type MultiSourceOptions } from './multi-source.js';

/**
 * Options of {@link mergeSorted}.
 *
 * @example
 * ```ts
 * const merged = sources.mergeSorted(sources.json('a.ndjson'), sources.json('b.ndjson'), { key: (e: { time: number }) => e.time });
 * ```
 */
export interface MergeSortedOptions<T> extends MultiSourceOptions {
  /** The sort key of an item (compared with `<`); default the item itself. */
  key?: ((item: T) => unknown) | undefined;
}

const MERGE_SORTED_OPTIONS: OptionNames<MergeSortedOptions<unknown>> = { ...MULTI_SOURCE_OPTIONS, key: true };

interface Head {
  /** Compared with `<`, as JavaScript compares numbers, strings, bigints and Dates. */
  key: number | string;
  item: unknown;
  feed: number;
}

/** Smaller key first; equal keys in input order, as toolz does (a stable merge). */
const less = (a: Head, b: Head): boolean => a.key < b.key || (!(b.key < a.key) && a.feed < b.feed);

class MergeSortedSource<T> extends MultiSource<T> {
  readonly #key: ((item: T) => unknown) | undefined;
  readonly #heap = new BinaryHeap<Head>(less);
  /** Inputs whose head was taken: read their next item before choosing again. */
  #refill: number[];

  constructor(inputs: readonly (SourceLike<T> | Readable)[], options: MergeSortedOptions<T>) {
    super('mergeSorted', inputs, options);
    this.#key = options.key;
    this.#refill = this.feeds.map((_, i) => i);
  }

  protected override async produce(): Promise<T | typeof END> {
    const refill = this.#refill;
    this.#refill = [];
    // Reading only the inputs whose head was taken keeps the merge lazy: one item per input.
    const heads = await Promise.all(refill.map((i) => this.feeds[i]!.next()));
    heads.forEach((item, j) => {
      if (item === END) return;
      const feed = refill[j]!;
      this.#heap.push({ key: this.#keyOf(item as T, this.feeds[feed]!) as number | string, item, feed });
    });
    const top = this.#heap.pop();
    if (top === undefined) return END;
    this.#refill.push(top.feed);
    return top.item as T;
  }

  #keyOf(item: T, feed: Feed<unknown>): unknown {
    const key = this.#key;
    if (key === undefined) return item;
    try {
      return key(item);
    } catch (err) {
      // The item was counted already: name its own index.
      feed.index--;
      const wrapped = feed.wrap(err);
      feed.index++;
      throw wrapped;
    }
  }
}

/**
 * Merges sorted inputs into one sorted output (toolz `merge_sorted`), lazily: a heap holds
 * one item per input, and an input is read only when its item has been taken, so memory
 * is one item (plus the input's own buffer) per input, whatever their sizes. For merging
 * sorted shards and external sorting. Inputs are Readables or (async) iterables; equal keys
 * come out in input order. A trailing options object gives `{ key, signal }`.
 *
 * @example
 * ```ts
 * await pipe(sources.mergeSorted([1, 4, 9], [2, 3, 10]), sinks.collect()); // [1, 2, 3, 4, 9, 10]
 * const byDate = sources.mergeSorted(shardA, shardB, { key: (r: Row) => r.date });
 * ```
 */
export function mergeSorted<T>(...args: [...(SourceLike<T> | Readable)[], MergeSortedOptions<T>] | (SourceLike<T> | Readable)[]): Source<T> {
  const { inputs, options } = splitArgs<MergeSortedOptions<T>>('mergeSorted', args, MERGE_SORTED_OPTIONS);
  if (options.key !== undefined) validateFunction(options.key, 'key');
  return new MergeSortedSource<T>(inputs as (SourceLike<T> | Readable)[], options) as unknown as Source<T>;
}
