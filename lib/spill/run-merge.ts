/**
 * k-way merges of sorted runs read back from disk, one block per run in memory: `read()`
 * gives the next item in order, or `END`. Equal items come from the earlier run first, so a
 * merge of runs written in input order is stable. Runs are closed (and their files deleted)
 * as they are used up.
 */
import { compareNumbers } from './compare.js';
import { MergeHeap } from './merge-heap.js';
import { discardRun, RunReader, type Run } from './run-file.js';
import type { SpillStats } from './spill-stats.js';

/** Returned by `read()` once every run is used up. */
export const END: unique symbol = Symbol('streamtoolz.spill.end');

/** A merge in progress. */
export interface Merge<T> {
  read(): T | typeof END;
  close(): void;
}

/**
 * The runs of a merge: per run its reader, its current block and the position in it.
 * `setHead(r, item)` hears of each run's new head (undefined once it is used up), so that
 * the merge can keep the heads it compares where comparing them is cheap.
 */
class RunCursors<B extends ArrayLike<unknown>> {
  readonly #readers: RunReader[];
  readonly #blocks: B[] = [];
  readonly #pos: Int32Array;
  readonly #load: (reader: RunReader) => B | undefined;
  readonly #setHead: (r: number, item: unknown) => void;

  constructor(runs: readonly Run[], load: (reader: RunReader) => B | undefined, setHead: (r: number, item: unknown) => void) {
    this.#readers = runs.map((run) => new RunReader(run));
    this.#pos = new Int32Array(runs.length);
    this.#load = load;
    this.#setHead = setHead;
    this.#readers.forEach((reader, r) => {
      const block = load(reader);
      if (block === undefined || block.length === 0) throw new Error(`spill file ${reader.run.path} is empty`);
      this.#blocks.push(block);
      setHead(r, block[0]);
    });
  }

  /** The head of run `r`. */
  head(r: number): unknown {
    return this.#blocks[r]![this.#pos[r]!];
  }

  /** Moves run `r` to its next item; false once it is used up (its file is then deleted). */
  advance(r: number): boolean {
    let block = this.#blocks[r]!;
    let p = ++this.#pos[r]!;
    if (p >= block.length) {
      const next = this.#load(this.#readers[r]!);
      if (next === undefined || next.length === 0) {
        this.#setHead(r, undefined);
        this.#readers[r]!.close();
        discardRun(this.#readers[r]!.run);
        return false;
      }
      block = this.#blocks[r] = next;
      this.#pos[r] = p = 0;
    }
    this.#setHead(r, block[p]);
    return true;
  }

  close(): void {
    for (const reader of this.#readers) reader.close();
  }
}

/** A merge over cursors and a heap of their heads. */
class HeapMerge<T, B extends ArrayLike<unknown>> implements Merge<T> {
  readonly #cursors: RunCursors<B>;
  readonly #heap: MergeHeap;

  constructor(cursors: RunCursors<B>, runs: number, compare: (i: number, j: number) => number) {
    this.#cursors = cursors;
    this.#heap = new MergeHeap(runs, compare);
  }

  read(): T | typeof END {
    const heap = this.#heap;
    if (heap.size === 0) return END;
    const r = heap.top;
    const item = this.#cursors.head(r) as T;
    if (this.#cursors.advance(r)) heap.fixTop();
    else heap.removeTop();
    return item;
  }

  close(): void {
    this.#cursors.close();
  }
}

/**
 * A merge of non-empty `runs`, all of one kind, counted in `stats.runsMerged`. `f64` runs are
 * ordered as `compareNumbers` orders them, heads kept in a Float64Array; `json` runs by
 * `compare(key(item))` (the key is computed again for each item read back: it must be a
 * pure function of the item).
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
  if (runs.length > 0 && runs[0]!.kind === 'f64') {
    const heads = new Float64Array(runs.length);
    const cursors = new RunCursors(
      runs,
      (reader) => reader.nextNumbers(),
      (r, x) => {
        heads[r] = x as number;
      },
    );
    return new HeapMerge<T, Float64Array>(cursors, runs.length, (i, j) => compareNumbers(heads[i]!, heads[j]!));
  }
  const keys = new Array<unknown>(runs.length);
  const cursors = new RunCursors(
    runs,
    (reader) => reader.nextValues(),
    (r, item) => {
      keys[r] = key === undefined || item === undefined ? item : key(item as T);
    },
  );
  return new HeapMerge<T, unknown[]>(cursors, runs.length, (i, j) => compare(keys[i], keys[j]));
}
