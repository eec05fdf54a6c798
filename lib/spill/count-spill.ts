/**
 * `countBy` and `frequencies` in a memory budget: keys counted in a `CountTable` (bytes, no
 * JavaScript object per key); past the budget every entry goes to one of up to 128 hash
 * partitions on disk and the table starts again. At the end each partition is counted
 * again in a table (split further with another hash seed if it does not fit), its entries
 * written sorted by their first item, and a merge of those runs gives each key once, in
 * order of first occurrence, as the in-memory Map has them. No stream code.
 */
import { decodeCounts, encodeCounts, type CountBlock } from './count-blocks.js';
import { CountTable } from './count-table.js';
import { decodeKey, encodeKey, hashBytes, maxKeyBytes } from './key-bytes.js';
import { KeyHeap } from './key-heap.js';
import { orderByIndex, type KeyColumns } from './key-radix-sort.js';
import type { SpillConfig } from './memory-option.js';
import { PartitionFiles } from './partition-files.js';
import { discardRun, RunReader, RunWriter, type Run } from './run-file.js';
import { SpillDir } from './spill-dir.js';
import { SpilledMap } from './spilled-map.js';
import { spillStats, type SpillStats } from './spill-stats.js';

const TWO32 = 2 ** 32;
const MAX_DEPTH = 4;
/**
 * At most this many partitions (one per 256 KB of budget): enough that a partition of ~10
 * times the budget's keys still fits when merged, so that big inputs are not split again.
 */
const MAX_PARTS = 128;

/** Partitions by the high byte of the hash (the table's slots use the low bits). */
const partitionOf = (hash: number, parts: number): number => (hash >>> 24) % parts;

/**
 * One counting sink's state.
 *
 * @example
 * ```ts
 * const counts = new CountSpill({ memory: 1 << 20, tmpdir });
 * counts.add('en', 0); counts.add('fr', 1); counts.add('en', 2);
 * [...counts.finish()]; // [['en', 2], ['fr', 1]]
 * ```
 */
export class CountSpill {
  readonly stats: SpillStats = spillStats();
  readonly #memory: number;
  readonly #dir: SpillDir;
  readonly #parts: number;
  #table: CountTable;
  #files: PartitionFiles | undefined;
  readonly #open: PartitionFiles[] = [];
  /** Radix columns for sorting a partition by first index, kept from one to the next. */
  #cols: KeyColumns | undefined;

  constructor(config: SpillConfig) {
    this.#memory = config.memory;
    this.#dir = new SpillDir(config.tmpdir);
    this.#parts = Math.max(4, Math.min(MAX_PARTS, Math.floor(config.memory / (256 * 1024))));
    this.#table = new CountTable(config.memory);
  }

  /** Counts `key` once; `index` is the item's, kept when the key is new. */
  add(key: unknown, index: number): void {
    let t = this.#table;
    let at = t.reserve(maxKeyBytes(key));
    if (at < 0) {
      this.#spill();
      t = this.#table;
      at = t.reserve(maxKeyBytes(key));
    }
    const n = encodeKey(key, t.arena, at);
    t.add(at, n, hashBytes(t.arena, at, at + n, 0), 1, index);
    if (t.full) this.#spill();
  }

  #spill(): void {
    if (this.#files === undefined) {
      this.#files = new PartitionFiles(this.#dir, this.#parts, this.stats);
      this.#open.push(this.#files);
    }
    scatterTable(this.#table, this.#files, (e) => partitionOf(this.#table.hashes[e]!, this.#parts));
    this.#table.clear();
  }

  /** Ends the input: the counts in order of first occurrence. The files now belong to the result. */
  finish(): SpilledMap<unknown, number> {
    const t = this.#table;
    if (this.#files === undefined) {
      const map = new Map<unknown, number>();
      for (let e = 0; e < t.size; e++) map.set(decodeKey(t.arena, t.starts[e]!, t.starts[e]! + t.lengths[e]!), t.counts[e]!);
      this.close();
      return SpilledMap.fromMap(map, this.stats);
    }
    let runs: Run[] = [];
    try {
      if (t.size > 0) this.#spill();
      this.#files.close();
      for (let p = 0; p < this.#parts; p++) runs.push(...this.#mergePartition(this.#files.run(p), 0, 0));
      runs = this.#narrow(runs);
    } catch (err) {
      this.close();
      throw err;
    }
    // The table's memory goes back before the result is read.
    this.#table = new CountTable(0);
    this.#cols = undefined;
    this.stats.runsMerged += runs.length;
    const merge = new CountMerge(runs);
    const dir = this.#dir;
    return new SpilledMap<unknown, number>(
      runs.reduce((n, r) => n + r.items, 0),
      () => merge.next(),
      () => {
        merge.close();
        dir.remove();
      },
      this.stats,
    );
  }

  /** Counts one partition again; returns its entries as runs sorted by first index. */
  #mergePartition(run: Run | undefined, seed: number, depth: number): Run[] {
    if (run === undefined) return [];
    // One table serves every partition in turn (a split's parts are merged after it is done).
    const table = this.#table;
    table.clear();
    const reader = new RunReader(run);
    let split: PartitionFiles | undefined;
    const splitInto = (parts: number): PartitionFiles => {
      const files = new PartitionFiles(this.#dir, parts, this.stats);
      this.#open.push(files);
      return files;
    };
    // Records cost about their bytes on disk plus an entry each (fewer if keys repeat).
    if (run.items * 36 + run.bytes > this.#memory && depth < MAX_DEPTH)
      split = splitInto(Math.min(64, Math.ceil((2 * (run.items * 36 + run.bytes)) / this.#memory)));
    try {
      for (let raw = reader.nextRaw(); raw !== undefined; raw = reader.nextRaw()) {
        const b = decodeCounts(raw.buffer);
        let k = 0;
        let i = 0;
        for (; i < b.n && split === undefined; i++) {
          const len = b.lengths[i]!;
          let at = table.reserve(len);
          if (at < 0 || table.full) {
            if (depth < MAX_DEPTH) {
              // Too big after all: what is counted so far goes first, then the rest.
              split = splitInto(this.#parts);
              const files = split;
              scatterTable(table, files, (e) =>
                partitionOf(hashBytes(table.arena, table.starts[e]!, table.starts[e]! + table.lengths[e]!, seed + 1), files.count),
              );
              table.clear();
              break;
            }
            // Deep enough: these keys share their hash bits; count them over the budget.
            table.grow(len);
            at = table.reserve(len);
          }
          b.keys.copy(table.arena, at, k, k + len);
          table.add(at, len, hashBytes(table.arena, at, at + len, 0), b.counts[i]!, b.firsts[i]!);
          k += len;
        }
        if (split !== undefined) scatterRecords(b, i, k, split, seed + 1);
      }
    } finally {
      reader.close();
      discardRun(run);
      this.stats.runsMerged++;
    }
    if (split === undefined) return table.size === 0 ? [] : [this.#writeSorted(table)];
    split.close();
    const runs: Run[] = [];
    for (let q = 0; q < split.count; q++) runs.push(...this.#mergePartition(split.run(q), seed + 1, depth + 1));
    return runs;
  }

  /** A table's entries sorted by first index, as one run. */
  #writeSorted(table: CountTable): Run {
    const n = table.size;
    const cols = (this.#cols = orderByIndex(table.firsts, n, this.#cols));
    const writer = new RunWriter(this.#dir.file('sorted'), 'raw', this.stats);
    // One block of each partition's run is read at once at the end: they share a quarter of the budget.
    const per = Math.max(64, Math.floor(this.#memory / (4 * MAX_PARTS * 48)));
    for (let from = 0; from < n; from += per) {
      const rows = cols.idx.subarray(from, Math.min(n, from + per));
      writer.writeRaw(encodeCounts(table, rows), rows.length);
    }
    return writer.close();
  }

  /** Merges runs 128 at a time until at most 128 are left: one block of each must fit. */
  #narrow(runs: Run[]): Run[] {
    while (runs.length > MAX_PARTS) {
      const group = runs.slice(0, MAX_PARTS);
      const merge = new CountMerge(group);
      const writer = new RunWriter(this.#dir.file('sorted'), 'raw', this.stats);
      const table = new CountTable(1 << 20);
      const flush = (): void => {
        writer.writeRaw(encodeCounts(table, allRows(table)), table.size);
        table.clear();
      };
      for (let r = merge.nextRaw(table); r !== false; r = merge.nextRaw(table)) {
        if (r === null) flush();
        else if (table.full) flush();
      }
      if (table.size > 0) writer.writeRaw(encodeCounts(table, allRows(table)), table.size);
      this.stats.runsMerged += group.length;
      runs = [...runs.slice(MAX_PARTS), writer.close()];
    }
    return runs;
  }

  /** Closes and removes every file (an error, an abort); safe to call more than once. */
  close(): void {
    for (const files of this.#open) files.close();
    this.#dir.remove();
  }
}

/** The rows of every entry of `table`, in order. */
const allRows = (table: CountTable): number[] => Array.from({ length: table.size }, (_, e) => e);

/** Appends every entry of `table` to `files`, partition by partition. */
function scatterTable(table: CountTable, files: PartitionFiles, partition: (e: number) => number): void {
  const buckets: number[][] = Array.from({ length: files.count }, () => []);
  for (let e = 0; e < table.size; e++) buckets[partition(e)]!.push(e);
  buckets.forEach((rows, p) => {
    if (rows.length > 0) files.append(p, encodeCounts(table, rows), rows.length);
  });
}

/** Appends the records `[from, n)` of a block (their keys from byte `k`) to `files`, by hash with `seed`. */
function scatterRecords(b: CountBlock, from: number, k: number, files: PartitionFiles, seed: number): void {
  const rows: number[][] = Array.from({ length: files.count }, () => []);
  const offsets = new Uint32Array(b.n);
  for (let i = from; i < b.n; i++) {
    offsets[i] = k;
    rows[partitionOf(hashBytes(b.keys, k, k + b.lengths[i]!, seed), files.count)]!.push(i);
    k += b.lengths[i]!;
  }
  rows.forEach((picked, p) => {
    if (picked.length === 0) return;
    const table = new CountTable(0);
    let bytes = 0;
    for (const i of picked) bytes += b.lengths[i]!;
    table.arena = Buffer.allocUnsafe(bytes);
    for (const i of picked) {
      const at = table.used;
      b.keys.copy(table.arena, at, offsets[i]!, offsets[i]! + b.lengths[i]!);
      table.starts[table.size] = at;
      table.lengths[table.size] = b.lengths[i]!;
      table.counts[table.size] = b.counts[i]!;
      table.firsts[table.size] = b.firsts[i]!;
      table.size++;
      table.used = at + b.lengths[i]!;
      if (table.size === table.capacity) {
        files.append(p, encodeCounts(table, allRows(table)), table.size);
        table.size = 0;
      }
    }
    if (table.size > 0) files.append(p, encodeCounts(table, allRows(table)), table.size);
  });
}

/** A k-way merge of runs sorted by first index (no ties: each key has its own first item). */
class CountMerge {
  readonly #readers: RunReader[];
  readonly #blocks: ReturnType<typeof decodeCounts>[] = [];
  readonly #pos: Int32Array;
  readonly #keyAt: Int32Array;
  readonly #heap: KeyHeap;

  constructor(runs: readonly Run[]) {
    this.#readers = runs.map((run) => new RunReader(run));
    this.#pos = new Int32Array(runs.length);
    this.#keyAt = new Int32Array(runs.length);
    this.#heap = new KeyHeap(runs.length, () => 0);
    this.#readers.forEach((reader, r) => {
      const raw = reader.nextRaw();
      if (raw === undefined) throw new Error(`spill file ${reader.run.path} is empty`);
      const b = decodeCounts(raw.buffer);
      this.#blocks.push(b);
      this.#heap.add(r, Math.floor(b.firsts[0]! / TWO32), b.firsts[0]! % TWO32);
    });
    this.#heap.build();
  }

  /** The next entry as [key, count], or undefined at the end. */
  next(): [unknown, number] | undefined {
    const heap = this.#heap;
    if (heap.size === 0) return undefined;
    const r = heap.top;
    const b = this.#blocks[r]!;
    const p = this.#pos[r]!;
    const at = this.#keyAt[r]!;
    const entry: [unknown, number] = [decodeKey(b.keys, at, at + b.lengths[p]!), b.counts[p]!];
    this.#advance(r, b, p, at);
    return entry;
  }

  /** Moves the next entry into `table` (for a merge pass); false at the end, null when the table must be emptied first. */
  nextRaw(table: CountTable): boolean | null {
    const heap = this.#heap;
    if (heap.size === 0) return false;
    const r = heap.top;
    const b = this.#blocks[r]!;
    const p = this.#pos[r]!;
    const at = this.#keyAt[r]!;
    const len = b.lengths[p]!;
    const to = table.reserve(len);
    if (to < 0) return null;
    b.keys.copy(table.arena, to, at, at + len);
    table.add(to, len, hashBytes(table.arena, to, to + len, 0), b.counts[p]!, b.firsts[p]!);
    this.#advance(r, b, p, at);
    return true;
  }

  #advance(r: number, b: ReturnType<typeof decodeCounts>, p: number, at: number): void {
    const heap = this.#heap;
    let block = b;
    let q = p + 1;
    let k = at + b.lengths[p]!;
    if (q >= block.n) {
      const raw = this.#readers[r]!.nextRaw();
      if (raw === undefined) {
        this.#readers[r]!.close();
        discardRun(this.#readers[r]!.run);
        heap.removeTop();
        return;
      }
      block = this.#blocks[r] = decodeCounts(raw.buffer);
      q = 0;
      k = 0;
    }
    this.#pos[r] = q;
    this.#keyAt[r] = k;
    const f = block.firsts[q]!;
    heap.advanceTop(Math.floor(f / TWO32), f % TWO32);
  }

  close(): void {
    for (const reader of this.#readers) reader.close();
  }
}
