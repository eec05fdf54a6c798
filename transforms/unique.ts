import { type ASYNC, fnName, isThenable, SKIP, type Op, type Settled } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { type ItemContext, NEVER, UserFn } from '../lib/core/user-fn.js';
import { copyOptions, validateFunction } from '../lib/core/validate.js';
import { spillConfig, type SpillOptions } from '../lib/spill/memory-option.js';
import { spillingUnique } from './spilling-unique.js';

/** A key function of unique: the item and its context; may be async. */
type Key<T> = (item: T, context: ItemContext) => unknown;

class UniqueOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  position?: number | undefined;
  signal?: AbortSignal | undefined;
  pending?: Promise<Settled<T>> | undefined;
  readonly #key: Key<T> | undefined;
  readonly #call: UserFn<T, unknown> | undefined;
  readonly #seen = new Set<unknown>();

  constructor(key: Key<T> | undefined) {
    this.name = key === undefined ? 'unique' : `unique(${fnName(key)})`;
    this.#key = key;
    this.#call = key === undefined ? undefined : new UserFn(key, {}, this);
  }

  step(item: T, index: number): T | typeof SKIP | typeof ASYNC {
    if (this.#key === undefined) return this.#first(item, item);
    const k = this.#key(item, { index, signal: this.signal ?? NEVER });
    return isThenable(k) ? this.#call!.later(this, k, item, index, SKIP, (key) => this.#first(item, key)) : this.#first(item, k);
  }

  /** The item if its key is new. */
  #first(item: T, k: unknown): T | typeof SKIP {
    if (this.#seen.has(k)) return SKIP;
    this.#seen.add(k);
    return item;
  }
}

/**
 * Only the first occurrence of each item, or of each `key(item, { index, signal })` (toolz
 * `unique`; `key` may be async). Keys are
 * compared with SameValueZero, as a `Set` does. Memory grows with the number of distinct
 * keys (at most 2^24 in one V8 Set), not with the input. With `{ memory }` the keys seen fill
 * half the budget; past it, new items are held (then spilled) and come out, still in order
 * of first occurrence, once the input has ended (see docs/memory.md).
 *
 * @example
 * ```ts
 * await pipe([1, 2, 1, 3], transforms.unique(), sinks.collect()); // [1, 2, 3]
 * await pipe(sources.lines('ids.txt'), transforms.unique({ memory: '64MB' }), sinks.count());
 * ```
 */
export function unique<T>(key?: Key<T>, options?: SpillOptions): Stage<T, T>;
export function unique<T>(options: SpillOptions): Stage<T, T>;
export function unique<T>(...args: [Key<T>?, SpillOptions?] | [SpillOptions]): Stage<T, T> {
  const key = typeof args[0] === 'function' || args[0] === undefined ? (args[0] as Key<T> | undefined) : undefined;
  const options = key === undefined && typeof args[0] === 'object' ? (args[0] as SpillOptions) : (args[1] as SpillOptions | undefined);
  if (key !== undefined) validateFunction(key, 'key');
  else if (args[0] !== undefined && typeof args[0] !== 'object') validateFunction(args[0], 'key');
  const spill = spillConfig(copyOptions(options));
  if (spill !== undefined) {
    return spillingUnique(`unique(${key === undefined ? '' : `${fnName(key)}, `}memory=${spill.memory})`, key as ((item: T) => unknown) | undefined, spill);
  }
  return opStage(new UniqueOp<T>(key));
}
