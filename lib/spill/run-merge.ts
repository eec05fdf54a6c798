/**
 * k-way merges of sorted runs read back from disk, one block per run in memory: `read()`
 * gives the next item in order, or `END`. Equal items come from the earlier run first, so a
 * merge of runs written in input order is stable. Runs are closed (and their files deleted)
 * as they are used up.
 */
import { rmSync } from 'node:fs';
import { compareNumbers } from './compare.js';
import { MergeHeap } from './merge-heap.js';
import { RunReader, type Run } from './run-file.js';
import type { SpillStats } from './spill-stats.js';

/** Returned by `read()` once every run is used up. */
export const END: unique symbol = Symbol('streamtoolz.spill.end');

/** A merge in progress. */
export interface Merge<T> {
  read(): T | typeof END;
  close(): void;
}

function finishRun(reader: RunReader): void {
  reader.close();
  rmSync(reader.run.path, { force: true });
}

/** Merges `f64` runs: heads in a Float64Array, compared as `compareNumbers` orders them. */
class NumberMerge implements Merge<number> {
  readonly #readers: RunReader[];
  readonly #blocks: Float64Array[] = [];
  readonly #pos: Int32Array;
  readonly #heads: Float64Array;
  readonly #heap: MergeHeap;

  constructor(runs: readonly Run[]) {
    this.#readers = runs.map((run) => new RunReader(run));
    this.#pos = new Int32Array(runs.length);
    this.#heads = new Float64Array(runs.length);
    const heads = this.#heads;
    for (let i = 0; i < runs.length; i++) {
      const block = this.#readers[i]!.nextNumbers();
      if (block === undefined || block.length === 0) throw new Error(`spill file ${runs[i]!.path} is empty`);
      this.#blocks.push(block);
      heads[i] = block[0]!;
    }
    this.#heap = new MergeHeap(runs.length, (i, j) => compareNumbers(heads[i]!, heads[j]!));
  }

  read(): number | typeof END {
    const heap = this.#heap;
    if (heap.size === 0) return END;
    const top = heap.top;
    const value = this.#heads[top]!;
    this.#advanceOrRemove();
    return value;
  }

  #advanceOrRemove(): void {
    const heap = this.#heap;
    const r = heap.top;
    let block = this.#blocks[r]!;
    let p = ++this.#pos[r]!;
    if (p >= block.length) {
      block = this.#readers[r]!.nextNumbers() ?? new Float64Array(0);
      this.#blocks[r] = block;
      this.#pos[r] = p = 0;
      if (block.length === 0) {
        finishRun(this.#readers[r]!);
        heap.removeTop();
        return;
      }
    }
    this.#heads[r] = block[p]!;
    heap.fixTop();
  }

  close(): void {
    for (const reader of this.#readers) reader.close();
  }
}

/** Merges `json` runs: heads are items, compared through the sort's key and compare function. */
class ValueMerge<T> implements Merge<T> {
  readonly #readers: RunReader[];
  readonly #blocks: unknown[][] = [];
  readonly #pos: Int32Array;
  readonly #heads: unknown[];
  readonly #keys: unknown[];
  readonly #key: ((item: T) => unknown) | undefined;
  readonly #heap: MergeHeap;

  constructor(runs: readonly Run[], key: ((item: T) => unknown) | undefined, compare: (a: unknown, b: unknown) => number) {
    this.#readers = runs.map((run) => new RunReader(run));
    this.#pos = new Int32Array(runs.length);
    this.#heads = new Array<unknown>(runs.length);
    this.#keys = new Array<unknown>(runs.length);
    this.#key = key;
    const keys = this.#keys;
    for (let i = 0; i < runs.length; i++) {
      const block = this.#readers[i]!.nextValues();
      if (block === undefined || block.length === 0) throw new Error(`spill file ${runs[i]!.path} is empty`);
      this.#blocks.push(block);
      this.#setHead(i, block[0]);
    }
    this.#heap = new MergeHeap(runs.length, (i, j) => compare(keys[i], keys[j]));
  }

  #setHead(r: number, item: unknown): void {
    this.#heads[r] = item;
    this.#keys[r] = this.#key === undefined ? item : this.#key(item as T);
  }

  read(): T | typeof END {
    if (this.#heap.size === 0) return END;
    const item = this.#heads[this.#heap.top] as T;
    this.#advanceOrRemove();
    return item;
  }

  #advanceOrRemove(): void {
    const heap = this.#heap;
    const r = heap.top;
    let block = this.#blocks[r]!;
    let p = ++this.#pos[r]!;
    if (p >= block.length) {
      block = this.#readers[r]!.nextValues() ?? [];
      this.#blocks[r] = block;
      this.#pos[r] = p = 0;
      if (block.length === 0) {
        this.#heads[r] = this.#keys[r] = undefined;
        finishRun(this.#readers[r]!);
        heap.removeTop();
        return;
      }
    }
    this.#setHead(r, block[p]);
    heap.fixTop();
  }

  close(): void {
    for (const reader of this.#readers) reader.close();
  }
}

/**
 * A merge of non-empty `runs`, all of one kind, counted in `stats.runsMerged`. `f64` runs are
 * ordered as `compareNumbers` orders them; `json` runs by `compare(key(item))` (the key
 * is computed again for each item read back: it must be a pure function of the item).
 *
 * @example
 * ```ts
 * const merge = mergeRuns(runs, undefined, compareValues, stats);
 * for (let x = merge.read(); x !== END; x = merge.read()) out.push(x);
 * ```
 */
export function mergeRuns<T>(
  runs: readonly Run[],
  key: ((item: T) => unknown) | undefined,
  compare: (a: unknown, b: unknown) => number,
  stats: SpillStats,
): Merge<T> {
  stats.runsMerged += runs.length;
  if (runs.length > 0 && runs[0]!.kind === 'f64') return new NumberMerge(runs) as unknown as Merge<T>;
  return new ValueMerge<T>(runs, key, compare);
}
