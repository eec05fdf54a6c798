/**
 * The state of a group-by (countBy, reduceBy, groupBy, frequencies, unique) in a memory
 * budget: a Map from key to a slot, and per slot the index of the item that first had the
 * key and the key's state. Past the budget every entry is written to one of 4 to 32 hash
 * partitions on disk and the Map starts again empty; at the end each partition is merged
 * (`entry-merge.ts`) and the result read in order of first occurrence (`SpilledMap`).
 * No stream code: the sinks' reducers call `slot()` per item and `finish()` at the end.
 */
import { encodeEntries, type Entries } from './entry-block.js';
import { ENTRY_BYTES, EntryMerge, mergePartition, narrowRuns, type MergeContext, type StateOps } from './entry-merge.js';
import { jsonSize, stringSize } from './json-size.js';
import { hashKey, tagKey, untagKey } from './key-codec.js';
import type { SpillConfig } from './memory-option.js';
import { PartitionFiles } from './partition-files.js';
import type { Run } from './run-file.js';
import { SpillDir } from './spill-dir.js';
import { SpilledMap } from './spilled-map.js';
import { spillStats, type SpillStats } from './spill-stats.js';

/** Hash partitions: enough that each fits the budget when merged, few when the budget is small. */
const partitionsFor = (memory: number): number => Math.max(4, Math.min(32, Math.floor(memory / (256 * 1024))));

export type { StateOps };

function keySize(key: unknown): number {
  return typeof key === 'string' ? stringSize(key.length) : 16;
}

/**
 * One group-by's keyed state.
 *
 * @example
 * ```ts
 * const counts = new KeyedSpill<number>({ memory: 1 << 20, tmpdir }, { numeric: true, combine: (a, b) => a + b, size: () => 8 });
 * const s = counts.slot('x', 0);
 * if (s === counts.states.length) counts.states.push(1); else counts.states[s]!++;
 * const map = counts.finish((n) => n); // SpilledMap { 'x' => 1 }
 * ```
 */
export class KeyedSpill<S> {
  readonly stats: SpillStats = spillStats();
  /** States by slot; a new slot is `states.length` until the caller pushes its state. */
  states: S[] = [];
  readonly #config: SpillConfig;
  readonly #ops: StateOps<S>;
  readonly #dir: SpillDir;
  #map = new Map<unknown, number>();
  #keys: unknown[] = [];
  #firsts: number[] = [];
  #bytes = 0;
  #files: PartitionFiles | undefined;
  readonly #partitions: number;
  #open: PartitionFiles[] = [];

  constructor(config: SpillConfig, ops: StateOps<S>) {
    this.#config = config;
    this.#ops = ops;
    this.#dir = new SpillDir(config.tmpdir);
    this.#partitions = partitionsFor(config.memory);
  }

  /**
   * The slot of `key`, made (with `index` as its first item) when the key is new: then it
   * equals `states.length` and the caller pushes the key's first state. Spills first when
   * the budget is full. Throws for a key that cannot go to disk.
   */
  slot(key: unknown, index: number): number {
    const s = this.#map.get(key);
    if (s !== undefined) return s;
    const t = typeof key;
    if ((t === 'object' && key !== null) || t === 'function' || t === 'symbol') tagKey(key);
    if (this.#bytes >= this.#config.memory) this.#spill();
    const slot = this.#keys.length;
    this.#map.set(key, slot);
    this.#keys.push(key);
    this.#firsts.push(index);
    this.#bytes += ENTRY_BYTES + keySize(key);
    return slot;
  }

  /** Counts `bytes` more in the budget (a new state, or a state that grew). */
  grew(bytes: number): void {
    this.#bytes += bytes;
  }

  /** The entries in memory, keys tagged, as columns. */
  #entries(): Entries<S> {
    return { keys: this.#keys.map(tagKey), firsts: this.#firsts, states: this.states };
  }

  #spill(): void {
    if (this.#ops.validate) for (const state of this.states) jsonSize(state);
    if (this.#files === undefined) {
      this.#files = new PartitionFiles(this.#dir, this.#partitions, this.stats);
      this.#open.push(this.#files);
    }
    const entries = this.#entries();
    const buckets = this.#buckets(entries);
    buckets.forEach((rows, p) => {
      if (rows.length > 0) this.#files!.append(p, encodeRows(entries, rows, this.#ops.numeric), rows.length);
    });
    this.#map = new Map();
    this.#keys = [];
    this.#firsts = [];
    this.states = [];
    this.#bytes = 0;
  }

  #buckets(entries: Entries<S>): number[][] {
    const p = this.#partitions;
    const buckets: number[][] = Array.from({ length: p }, () => []);
    for (let i = 0; i < entries.keys.length; i++) buckets[hashKey(entries.keys[i]!, 0) % p]!.push(i);
    return buckets;
  }

  /**
   * Ends the input: the result, with `result(state)` as each key's value, in order of first
   * occurrence. After this the KeyedSpill is spent; the SpilledMap owns the files.
   */
  finish<V>(result: (state: S) => V): SpilledMap<unknown, V> {
    if (this.#files === undefined) {
      const map = new Map<unknown, V>();
      this.#map.forEach((slot, key) => map.set(key, result(this.states[slot]!)));
      this.close();
      return SpilledMap.fromMap(map, this.stats);
    }
    const ctx: MergeContext<S> = {
      dir: this.#dir,
      ops: this.#ops,
      stats: this.stats,
      memory: this.#config.memory,
      partitions: this.#partitions,
      blockBytes: Math.min(1 << 20, Math.max(4096, Math.floor(this.#config.memory / 256))),
      open: this.#open,
    };
    const entries = this.#entries();
    const buckets = this.#buckets(entries);
    let runs: Run[] = [];
    let size = 0;
    try {
      for (let p = 0; p < this.#partitions; p++) {
        const rows = buckets[p]!;
        const latest = rows.length === 0 ? undefined : pick(entries, rows);
        for (const run of mergePartition(ctx, this.#files.run(p), latest, 0, 0)) {
          runs.push(run);
          size += run.items;
        }
      }
      this.#map = new Map();
      this.states = [];
      runs = narrowRuns(runs, ctx);
      this.stats.runsMerged += runs.length;
    } catch (err) {
      this.close();
      throw err;
    }
    for (const files of this.#open) files.close();
    const merge = new EntryMerge<S>(runs, this.#ops.numeric);
    const dir = this.#dir;
    return new SpilledMap<unknown, V>(
      size,
      () => {
        const e = merge.next();
        return e === undefined ? undefined : [untagKey(e.key), result(e.state)];
      },
      () => {
        merge.close();
        dir.remove();
      },
      this.stats,
    );
  }

  /** Closes and removes the files (an error, an abort): safe to call more than once. */
  close(): void {
    for (const files of this.#open) files.close();
    this.#open = [];
    this.#dir.remove();
  }
}

function pick<S>(entries: Entries<S>, rows: number[]): Entries<S> {
  return { keys: rows.map((i) => entries.keys[i]!), firsts: rows.map((i) => entries.firsts[i]!), states: rows.map((i) => entries.states[i]!) };
}

function encodeRows<S>(entries: Entries<S>, rows: number[], numeric: boolean): Buffer {
  return encodeEntries(pick(entries, rows), numeric);
}
