/**
 * The end of a spilling group-by: each hash partition is read back whole (its blocks in the
 * order they were spilled, then what was still in memory), the partial states of each key
 * combined, and the partition's entries written again sorted by the index of the item that
 * first had the key. A k-way merge of those runs by that index then gives every key once,
 * in order of first occurrence, as the in-memory Map has them. A partition too big for the
 * budget is split again with another hash seed (a few levels deep: one key's state cannot
 * be split).
 */
import { decodeEntries, encodeEntries, type Entries } from './entry-block.js';
import { hashKey } from './key-codec.js';
import { KeyHeap } from './key-heap.js';
import { orderByIndex } from './key-radix-sort.js';
import { PartitionFiles } from './partition-files.js';
import { discardRun, RunReader, RunWriter, type Run } from './run-file.js';
import type { SpillDir } from './spill-dir.js';
import type { SpillStats } from './spill-stats.js';
import { stringSize } from './json-size.js';

/** How a sink's states spill: their kind, how two partial states of a key combine, their size. */
export interface StateOps<S> {
  /** States are numbers (counts): stored as doubles. */
  readonly numeric: boolean;
  /** The state of a key from two partial states, `a` from the earlier items. */
  combine(a: S, b: S): S;
  /** Estimated heap bytes of a state. */
  size(state: S): number;
  /** Check each state can go to disk as JSON before it does (states that may change kind as they fold). */
  readonly validate?: boolean;
}

/** What the merge needs to know. */
export interface MergeContext<S> {
  dir: SpillDir;
  ops: StateOps<S>;
  stats: SpillStats;
  memory: number;
  partitions: number;
  blockBytes: number;
  /** Partition files made while merging, to close on an error. */
  open: PartitionFiles[];
}

/** Bytes an entry costs in memory beside its key and state: Map entry, slot, first index. */
export const ENTRY_BYTES = 64;
const MAX_DEPTH = 4;
const FAN_IN = 64;
const TWO32 = 2 ** 32;

/** Entries of one partition being merged, in columns. */
class Table<S> {
  readonly index = new Map<string, number>();
  readonly keys: string[] = [];
  readonly firsts: number[] = [];
  readonly states: S[] = [];
  bytes = 0;

  add(key: string, first: number, state: S, ops: StateOps<S>): void {
    const at = this.index.get(key);
    if (at !== undefined) {
      this.states[at] = ops.combine(this.states[at]!, state);
      return;
    }
    this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.firsts.push(first);
    this.states.push(state);
    this.bytes += ENTRY_BYTES + stringSize(key.length) + (ops.numeric ? 8 : ops.size(state));
  }
}

/** Appends `entries` to `files`, bucketed by the hash of their keys with `seed`. */
function scatter<S>(entries: Entries<S>, files: PartitionFiles, seed: number, numeric: boolean): void {
  const buckets: number[][] = Array.from({ length: files.count }, () => []);
  for (let i = 0; i < entries.keys.length; i++) buckets[hashKey(entries.keys[i]!, seed) % files.count]!.push(i);
  buckets.forEach((rows, p) => {
    if (rows.length === 0) return;
    const pick = <T>(col: ArrayLike<T>): T[] => rows.map((i) => col[i]!);
    files.append(p, encodeEntries({ keys: pick(entries.keys), firsts: pick(entries.firsts), states: pick(entries.states) }, numeric), rows.length);
  });
}

/** Writes a table's entries sorted by first index as one run. */
function writeSorted<S>(table: Table<S>, ctx: MergeContext<S>): Run {
  const n = table.keys.length;
  const cols = orderByIndex(table.firsts, n);
  const writer = new RunWriter(ctx.dir.file('sorted'), 'raw', ctx.stats);
  const perBlock = Math.max(1, Math.floor(ctx.blockBytes / Math.max(1, table.bytes / Math.max(1, n))));
  for (let from = 0; from < n; from += perBlock) {
    const rows = Array.from(cols.idx.subarray(from, Math.min(n, from + perBlock)));
    const block = { keys: rows.map((i) => table.keys[i]!), firsts: rows.map((i) => table.firsts[i]!), states: rows.map((i) => table.states[i]!) };
    writer.writeRaw(encodeEntries(block, ctx.ops.numeric), rows.length);
  }
  return writer.close();
}

/**
 * Merges one partition: the blocks of `run` (in spill order), then `latest` (what was in
 * memory at the end); returns runs sorted by first index (more than one after a split).
 * A partition whose records would not fit the budget is split before it is loaded, into as
 * many sub-partitions as it takes; one that turns out too big while loading is split then.
 */
export function mergePartition<S>(ctx: MergeContext<S>, run: Run | undefined, latest: Entries<S> | undefined, seed: number, depth: number): Run[] {
  const { ops } = ctx;
  const table = new Table<S>();
  const reader = run === undefined ? undefined : new RunReader(run);
  let split: PartitionFiles | undefined;
  const splitInto = (parts: number): PartitionFiles => {
    const files = new PartitionFiles(ctx.dir, parts, ctx.stats);
    ctx.open.push(files);
    return files;
  };
  // Each record will cost about its bytes on disk plus an entry in memory (fewer if keys repeat).
  const estimate = run === undefined ? 0 : run.items * ENTRY_BYTES + 2 * run.bytes;
  if (estimate > ctx.memory && depth < MAX_DEPTH) split = splitInto(Math.min(64, Math.ceil((2 * estimate) / ctx.memory)));
  try {
    for (let block = reader?.nextRaw(); block !== undefined; block = reader!.nextRaw()) {
      const entries = decodeEntries<S>(block.buffer, ops.numeric);
      if (split !== undefined) {
        scatter(entries, split, seed + 1, ops.numeric);
        continue;
      }
      for (let i = 0; i < entries.keys.length; i++) table.add(entries.keys[i]!, entries.firsts[i]!, entries.states[i]!, ops);
      if (table.bytes > ctx.memory && depth < MAX_DEPTH) {
        // Too big to merge in the budget after all: what is merged so far goes first, then the rest.
        split = splitInto(ctx.partitions);
        scatter(table, split, seed + 1, ops.numeric);
      }
    }
  } finally {
    reader?.close();
  }
  if (run !== undefined) {
    ctx.stats.runsMerged++;
    discardRun(run);
  }
  if (split === undefined) {
    if (latest !== undefined) for (let i = 0; i < latest.keys.length; i++) table.add(latest.keys[i]!, latest.firsts[i]!, latest.states[i]!, ops);
    return table.keys.length === 0 ? [] : [writeSorted(table, ctx)];
  }
  if (latest !== undefined) scatter(latest, split, seed + 1, ops.numeric);
  const runs: Run[] = [];
  for (let q = 0; q < split.count; q++) runs.push(...mergePartition(ctx, split.run(q), undefined, seed + 1, depth + 1));
  return runs;
}

/** One entry out of the merge: its tagged key and its state. */
export interface Entry<S> {
  key: string;
  state: S;
}

/**
 * Merges runs sorted by first index into one sequence, by first index (no ties: each key
 * has its own first item).
 *
 * @example
 * ```ts
 * const merge = new EntryMerge(runs, false);
 * for (let e = merge.next(); e !== undefined; e = merge.next()) use(e.key, e.state);
 * ```
 */
export class EntryMerge<S> {
  readonly #readers: RunReader[];
  readonly #blocks: Entries<S>[] = [];
  readonly #pos: Int32Array;
  readonly #heap: KeyHeap;
  readonly #numeric: boolean;
  #first = 0;

  constructor(runs: readonly Run[], numeric: boolean) {
    this.#numeric = numeric;
    this.#readers = runs.map((run) => new RunReader(run));
    this.#pos = new Int32Array(runs.length);
    this.#heap = new KeyHeap(runs.length, () => 0);
    this.#readers.forEach((reader, r) => {
      const block = this.#load(reader);
      if (block === undefined) throw new Error(`spill file ${reader.run.path} is empty`);
      this.#blocks.push(block);
      this.#heap.add(r, Math.floor(block.firsts[0]! / TWO32), block.firsts[0]! % TWO32);
    });
    this.#heap.build();
  }

  #load(reader: RunReader): Entries<S> | undefined {
    const block = reader.nextRaw();
    return block === undefined ? undefined : decodeEntries<S>(block.buffer, this.#numeric);
  }

  /** The first index of the entry `next()` gave last. */
  get first(): number {
    return this.#first;
  }

  next(): Entry<S> | undefined {
    const heap = this.#heap;
    if (heap.size === 0) return undefined;
    const r = heap.top;
    let block = this.#blocks[r]!;
    let p = this.#pos[r]!;
    const entry = { key: block.keys[p]!, state: block.states[p]! };
    this.#first = block.firsts[p]!;
    if (++p >= block.keys.length) {
      const next = this.#load(this.#readers[r]!);
      if (next === undefined) {
        this.#readers[r]!.close();
        discardRun(this.#readers[r]!.run);
        heap.removeTop();
        return entry;
      }
      block = this.#blocks[r] = next;
      p = 0;
    }
    this.#pos[r] = p;
    const f = block.firsts[p]!;
    heap.advanceTop(Math.floor(f / TWO32), f % TWO32);
    return entry;
  }

  close(): void {
    for (const reader of this.#readers) reader.close();
  }
}

/**
 * Merges `runs` (sorted by first index) down to at most 64, writing merged runs, so that
 * one block of each fits in the budget at the end.
 */
export function narrowRuns<S>(runs: Run[], ctx: MergeContext<S>): Run[] {
  while (runs.length > FAN_IN) {
    const group = runs.slice(0, FAN_IN);
    const merge = new EntryMerge<S>(group, ctx.ops.numeric);
    const writer = new RunWriter(ctx.dir.file('sorted'), 'raw', ctx.stats);
    const perBlock = Math.max(1, Math.floor(ctx.blockBytes / 64));
    let block: Entries<S> & { firsts: number[]; states: S[] } = { keys: [], firsts: [], states: [] };
    for (let e = merge.next(); e !== undefined; e = merge.next()) {
      block.keys.push(e.key);
      block.firsts.push(merge.first);
      block.states.push(e.state);
      if (block.keys.length === perBlock) {
        writer.writeRaw(encodeEntries(block, ctx.ops.numeric), block.keys.length);
        block = { keys: [], firsts: [], states: [] };
      }
    }
    if (block.keys.length > 0) writer.writeRaw(encodeEntries(block, ctx.ops.numeric), block.keys.length);
    ctx.stats.runsMerged += group.length;
    runs = [...runs.slice(FAN_IN), writer.close()];
  }
  return runs;
}
