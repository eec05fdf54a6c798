/**
 * The in-memory part of an external sort: items gathered up to the budget, then sorted as
 * one run. Two kinds: numbers in a Float64Array sorted by radix (`float-radix-sort.ts`) when
 * the first item is a number and there is neither a key nor a compare function, and any
 * JSON-able items, sorted by `compare(key(item))`. (Strings go to `line-sort.ts` as bytes.)
 */
import { codes } from '../core/errors.js';
import { compareNumbers, compareValues } from './compare.js';
import { radixSortFloat64 } from './float-radix-sort.js';
import { jsonSize, stringSize } from './json-size.js';
import type { RunKind } from './run-file.js';

/** How a sort orders its items. */
export interface SortOrder<T> {
  key?: ((item: T) => unknown) | undefined;
  compare?: ((a: unknown, b: unknown) => number) | undefined;
}

/** One run's worth of items, in memory. */
export interface SortBuffer<T> {
  readonly kind: RunKind;
  readonly count: number;
  /** How items read back from runs are ordered: the key (if any) and the compare function. */
  readonly key: ((item: T) => unknown) | undefined;
  readonly compare: (a: unknown, b: unknown) => number;
  /** Adds an item; true once the buffer holds its budget. Throws for an item it cannot take. */
  add(item: T): boolean;
  /** Sorts what it holds and empties itself: the items in order, in blocks of about `blockBytes`. */
  drain(blockBytes: number): Generator<Float64Array | unknown[]>;
}

const kinds: Record<'f64' | 'string' | 'json', string> = { f64: 'numbers', string: 'strings', json: 'values' };

/** The error for an item of another kind than the first: `kind` is what came first. */
export function mixed(kind: 'f64' | 'string', item: unknown): TypeError {
  const what = item === null ? 'null' : typeof item;
  const err = new TypeError(`got a ${what} after ${kinds[kind]}: without a key or compare function, items must all be numbers or all be strings`);
  return Object.assign(err, { code: codes.INVALID_ARG_VALUE });
}

/**
 * Numbers: a Float64Array and its radix scratch, both counted in the budget. Both are kept
 * from run to run: a sort of many runs allocates them once.
 */
class NumberBuffer implements SortBuffer<number> {
  readonly kind = 'f64' as const;
  readonly key = undefined;
  readonly compare = compareNumbers as (a: unknown, b: unknown) => number;
  readonly #cap: number;
  #values = new Float64Array(1024);
  #scratch = new Float64Array(0);
  count = 0;

  constructor(memory: number) {
    this.#cap = memory === Number.POSITIVE_INFINITY ? 2 ** 31 : Math.max(1024, Math.floor(memory / 16));
  }

  add(item: number): boolean {
    if (typeof item !== 'number') throw mixed('f64', item);
    if (this.count === this.#values.length) {
      const grown = new Float64Array(Math.min(this.#cap, this.#values.length * 2));
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.count++] = item;
    return this.count >= this.#cap;
  }

  *drain(blockBytes: number): Generator<Float64Array> {
    const n = this.count;
    if (this.#scratch.length < n) this.#scratch = new Float64Array(this.#values.length);
    const sorted = radixSortFloat64(this.#values, n, this.#scratch);
    // The sorted values may be in the scratch: swap, so that the next run fills the other one.
    if (sorted !== this.#values) [this.#values, this.#scratch] = [this.#scratch, this.#values];
    const per = Math.max(1, blockBytes >> 3);
    for (let i = 0; i < n; i += per) yield sorted.subarray(i, Math.min(n, i + per));
    this.count = 0;
  }
}

/** Yields `items` in blocks of about `blockBytes` estimated bytes. */
function* blocks(items: readonly unknown[], sizes: (i: number) => number, blockBytes: number): Generator<unknown[]> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < items.length; i++) {
    bytes += sizes(i);
    if (bytes >= blockBytes) {
      yield items.slice(start, i + 1);
      start = i + 1;
      bytes = 0;
    }
  }
  if (start < items.length) yield items.slice(start);
}

/** Anything JSON-able, ordered through a key and a compare function. */
class ValueBuffer<T> implements SortBuffer<T> {
  readonly kind = 'json' as const;
  readonly #memory: number;
  readonly key: ((item: T) => unknown) | undefined;
  readonly compare: (a: unknown, b: unknown) => number;
  #items: T[] = [];
  #keys: unknown[] = [];
  #sizes: number[] = [];
  #bytes = 0;

  constructor(memory: number, order: SortOrder<T>) {
    this.#memory = memory;
    this.key = order.key;
    this.compare = order.compare ?? compareValues;
  }

  get count(): number {
    return this.#items.length;
  }

  add(item: T): boolean {
    // Without a budget nothing goes to disk: any item will do, and sizes do not matter.
    const size = this.#memory === Infinity ? 0 : jsonSize(item);
    const key = this.key === undefined ? item : this.key(item);
    this.#items.push(item);
    this.#keys.push(key);
    this.#sizes.push(size);
    // The key is held too; a key that is part of the item shares its memory.
    this.#bytes += size + 24 + (typeof key === 'string' ? stringSize(key.length) : 16);
    return this.#bytes >= this.#memory;
  }

  *drain(blockBytes: number): Generator<unknown[]> {
    const items = this.#items;
    const keys = this.#keys;
    const sizes = this.#sizes;
    this.#items = [];
    this.#keys = [];
    this.#sizes = [];
    this.#bytes = 0;
    const compare = this.compare;
    const order = Array.from({ length: items.length }, (_, i) => i);
    order.sort((i, j) => compare(keys[i], keys[j]) || i - j);
    const sorted = order.map((i) => items[i]);
    yield* blocks(sorted, (i) => sizes[order[i]!]!, blockBytes);
  }
}

/**
 * The buffer for a sort whose first item is `first`; `memory` Infinity for a sort that
 * never spills (then items need not be JSON-able).
 *
 * @example
 * ```ts
 * const buffer = sortBuffer(65536, {}, 3.5); // a NumberBuffer
 * ```
 */
export function sortBuffer<T>(memory: number, order: SortOrder<T>, first: T): SortBuffer<T> {
  if (order.key === undefined && order.compare === undefined && typeof first === 'number') return new NumberBuffer(memory) as unknown as SortBuffer<T>;
  return new ValueBuffer<T>(memory, order);
}
