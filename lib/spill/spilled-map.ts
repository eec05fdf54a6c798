/**
 * What a sink with a memory budget resolves to: its Map, read once, entry by entry, in the
 * order of first occurrence (the in-memory sink's order), from memory when it never spilled
 * and from a merge of files on disk when it did. Iterable (sync and async, so that it can be
 * the source of another `pipe()`), `toMap()` when the result does fit in memory, and
 * `close()` when it is not read to the end. Its files are removed when it has been read,
 * closed, or garbage-collected, and at process exit.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { kSpill } from '../core/symbols.js';
import type { SpillStats } from './spill-stats.js';

const registry = new FinalizationRegistry<() => void>((close) => close());

/**
 * A Map that may live on disk. Read it once.
 *
 * @example
 * ```ts
 * const counts = await pipe(sources.lines('words.txt'), sinks.countBy((w: string) => w, { memory: '64MB' }));
 * for (const [word, n] of counts) out.write(`${word}\t${n}\n`);
 * ```
 */
export class SpilledMap<K, V> implements Iterable<[K, V]>, AsyncIterable<[K, V]> {
  /** How many keys. */
  readonly size: number;
  readonly #next: () => [K, V] | undefined;
  readonly #close: () => void;
  readonly #stats: SpillStats;
  #read = false;
  #closed = false;

  constructor(size: number, next: () => [K, V] | undefined, close: () => void, stats: SpillStats) {
    this.size = size;
    this.#next = next;
    this.#close = close;
    this.#stats = stats;
    registry.register(this, close, this);
  }

  /** A result that never left memory. */
  static fromMap<K, V>(map: Map<K, V>, stats: SpillStats): SpilledMap<K, V> {
    const it = map.entries();
    return new SpilledMap<K, V>(
      map.size,
      () => {
        const r = it.next();
        return r.done === true ? undefined : r.value;
      },
      () => {},
      stats,
    );
  }

  /** Bytes spilled and runs merged to make it. */
  get [kSpill](): SpillStats {
    return this.#stats;
  }

  /** The entries in order of first occurrence; once only. */
  entries(): IterableIterator<[K, V]> {
    if (this.#read || this.#closed) {
      throw new StreamtoolzError(codes.NOT_REOPENABLE, 'this result of a sink with a memory budget was read already: it is read once (toMap() keeps it)');
    }
    this.#read = true;
    const it: IterableIterator<[K, V]> = {
      next: () => {
        if (this.#closed) return { done: true, value: undefined };
        let entry: [K, V] | undefined;
        try {
          entry = this.#next();
        } catch (err) {
          this.close();
          throw err;
        }
        if (entry === undefined) {
          this.close();
          return { done: true, value: undefined };
        }
        return { done: false, value: entry };
      },
      return: () => {
        this.close();
        return { done: true, value: undefined };
      },
      [Symbol.iterator]: () => it,
    };
    return it;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  [Symbol.asyncIterator](): AsyncIterator<[K, V]> {
    const it = this.entries();
    return {
      next: async () => it.next(),
      return: async () => it.return!(),
    };
  }

  /** All of it as a Map (in memory, so only when it fits). */
  toMap(): Map<K, V> {
    return new Map(this.entries());
  }

  /** Removes its files without reading the rest. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    registry.unregister(this);
    this.#close();
  }
}
