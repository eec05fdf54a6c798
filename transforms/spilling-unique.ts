import { Duplex } from 'node:stream';
import { stageError } from '../lib/core/chain.js';
import { kName, kSpill } from '../lib/core/symbols.js';
import type { Stage } from '../lib/core/types.js';
import { jsonSize, stringSize } from '../lib/spill/json-size.js';
import { tagKey } from '../lib/spill/key-codec.js';
import { KeyedSpill } from '../lib/spill/keyed-spill.js';
import type { SpillConfig } from '../lib/spill/memory-option.js';
import type { SpilledMap } from '../lib/spill/spilled-map.js';
import type { SpillStats } from '../lib/spill/spill-stats.js';

/** First occurrences spill as they are: the earlier item of a key wins. */
const FIRST = { numeric: false, combine: (a: unknown) => a, size: jsonSize };

/**
 * `unique` with a memory budget: half of it for a Set of the keys seen, and while that has
 * room, first occurrences pass at once, as without a budget. Once it is full, items with a
 * key it does not hold are kept in a `KeyedSpill` (the other half, then disk) and come out,
 * still in order of first occurrence, after the input has ended.
 */
class SpillingUnique<T> extends Duplex {
  readonly [kName]: string;
  readonly #key: ((item: T) => unknown) | undefined;
  readonly #seen = new Set<unknown>();
  readonly #room: number;
  readonly #spill: KeyedSpill<unknown>;
  #bytes = 0;
  #index = 0;
  #held: ((error?: Error | null) => void) | undefined;
  #result: SpilledMap<unknown, unknown> | undefined;
  #rest: Iterator<[unknown, unknown]> | undefined;
  #wantRead = false;

  constructor(name: string, key: ((item: T) => unknown) | undefined, config: SpillConfig) {
    super({ objectMode: true, highWaterMark: 16 });
    this[kName] = name;
    this.#key = key;
    this.#room = config.memory / 2;
    this.#spill = new KeyedSpill({ memory: config.memory / 2, tmpdir: config.tmpdir }, FIRST);
  }

  get [kSpill](): SpillStats {
    return this.#spill.stats;
  }

  /** True when `item` is a first occurrence to pass now; held ones go to the spill. */
  #take(item: T, index: number): boolean {
    const k = this.#key === undefined ? item : this.#key(item);
    if (this.#seen.has(k)) return false;
    const t = typeof k;
    if ((t === 'object' && k !== null) || t === 'function' || t === 'symbol') tagKey(k);
    if (this.#bytes < this.#room) {
      this.#seen.add(k);
      this.#bytes += 48 + (typeof k === 'string' ? stringSize(k.length) : 16);
      return true;
    }
    const spill = this.#spill;
    if (spill.slot(k, index) === spill.states.length) {
      spill.states.push(item);
      spill.grew(jsonSize(item));
    }
    return false;
  }

  override _write(item: T, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let pass: boolean;
    try {
      pass = this.#take(item, this.#index);
    } catch (err) {
      return callback(stageError({ name: this[kName] }, this.#index, err));
    }
    this.#index++;
    if (!pass || this.push(item)) return callback();
    this.#held = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.#result = this.#spill.finish((item) => item);
      this.#rest = this.#result.entries();
    } catch (err) {
      return callback(stageError({ name: this[kName] }, undefined, err));
    }
    callback();
    if (this.#wantRead) this._read();
  }

  override _read(): void {
    const held = this.#held;
    if (held !== undefined) {
      this.#held = undefined;
      held();
      return;
    }
    const rest = this.#rest;
    if (rest === undefined) {
      this.#wantRead = true;
      return;
    }
    try {
      for (;;) {
        const r = rest.next();
        if (r.done === true) {
          this.push(null);
          return;
        }
        if (!this.push(r.value[1])) return;
      }
    } catch (err) {
      this.destroy(stageError({ name: this[kName] }, undefined, err));
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#result?.close();
    this.#spill.close();
    callback(err);
  }
}

/**
 * The stage behind `transforms.unique(key, { memory })`.
 *
 * @example
 * ```ts
 * await pipe(ids, spillingUnique('unique(memory=65536)', undefined, { memory: 65536, tmpdir }), sinks.collect());
 * ```
 */
export function spillingUnique<T>(name: string, key: ((item: T) => unknown) | undefined, config: SpillConfig): Stage<T, T> {
  return new SpillingUnique<T>(name, key, config) as unknown as Stage<T, T>;
}
