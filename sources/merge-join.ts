import type { Readable } from 'node:stream';
import { StageError, codes } from '../lib/core/errors.js';
import type { Source, SourceLike } from '../lib/core/types.js';
import { copyOptions, validateFunction, validateOneOf } from '../lib/core/validate.js';
import { compareValues } from '../lib/spill/compare.js';
import { keyFunction, type KeyOption } from '../sinks/key-option.js';
import { END, MultiSource, splitArgs, type Feed, type MultiSourceOptions } from './multi-source.js';

/**
 * Which pairs a join gives: matches only, every left item, or every item of both sides.
 *
 * @example
 * ```ts
 * const type: JoinType = 'left'; // [left, undefined] for a left item without a match
 * ```
 */
export type JoinType = 'inner' | 'left' | 'outer';

/**
 * Options of {@link mergeJoin}.
 *
 * @example
 * ```ts
 * const options: MergeJoinOptions<User, Order> = { leftKey: 'id', rightKey: 'userId', type: 'left' };
 * ```
 */
export interface MergeJoinOptions<L, R> extends MultiSourceOptions {
  /** The join key of an item of either side: a function or a property name. Default: the item. */
  key?: KeyOption<L & R, unknown> | undefined;
  /** The left side's key, when it differs from the right's. */
  leftKey?: KeyOption<L, unknown> | undefined;
  /** The right side's key. */
  rightKey?: KeyOption<R, unknown> | undefined;
  /** The order both inputs are sorted in; default that of `transforms.sort()`. */
  compare?: ((a: any, b: any) => number) | undefined;
  /** Default `'inner'`. */
  type?: JoinType | undefined;
}

interface Side {
  feed: Feed<unknown>;
  name: 'left' | 'right';
  key: (item: any) => unknown;
  /** The head: the next item not yet joined, and its key. */
  item: unknown;
  itemKey: unknown;
  ended: boolean;
  started: boolean;
}

class MergeJoinSource extends MultiSource<[unknown, unknown]> {
  readonly #compare: (a: unknown, b: unknown) => number;
  readonly #type: JoinType;
  readonly #left: Side;
  readonly #right: Side;
  /** The right items of the key being joined, and where the pairing of the current left item is. */
  #group: unknown[] | undefined;
  #groupKey: unknown;
  #pairLeft: unknown;
  #pairAt = 0;

  constructor(
    inputs: readonly (SourceLike<unknown> | Readable)[],
    options: MergeJoinOptions<unknown, unknown>,
    keys: [(x: any) => unknown, (x: any) => unknown],
  ) {
    super('mergeJoin', inputs, options);
    this.#compare = options.compare ?? compareValues;
    this.#type = options.type ?? 'inner';
    const side = (i: 0 | 1): Side => ({
      feed: this.feeds[i]!,
      name: i === 0 ? 'left' : 'right',
      key: keys[i],
      item: undefined,
      itemKey: undefined,
      ended: false,
      started: false,
    });
    this.#left = side(0);
    this.#right = side(1);
  }

  /** Reads a side's next item, checking that its key does not go back. */
  async #advance(s: Side): Promise<void> {
    const item = await s.feed.next();
    if (item === END) {
      s.ended = true;
      s.item = s.itemKey = undefined;
      return;
    }
    let key: unknown;
    let order: number;
    try {
      key = s.key(item);
      order = s.started ? this.#compare(s.itemKey, key) : 0;
    } catch (err) {
      throw this.#wrap(s, err);
    }
    if (order > 0) {
      const show = (k: unknown): string => (typeof k === 'string' ? JSON.stringify(k) : String(k));
      throw this.#wrap(
        s,
        new RangeError(
          `the ${s.name} input is not sorted by the join key: ${show(key)} comes after ${show(s.itemKey)} (sort it first, e.g. with transforms.sort)`,
        ),
      );
    }
    s.started = true;
    s.item = item;
    s.itemKey = key;
  }

  /** An error about the item a side read last. */
  #wrap(s: Side, err: unknown): StageError {
    return new StageError({ stage: `mergeJoin(${s.name})`, index: s.feed.index - 1 }, err, codes.STAGE);
  }

  protected override async produce(): Promise<[unknown, unknown] | typeof END> {
    const left = this.#left;
    const right = this.#right;
    if (!left.started && !left.ended) await Promise.all([this.#advance(left), this.#advance(right)]);
    for (;;) {
      const group = this.#group;
      if (group !== undefined) {
        if (this.#pairAt < group.length) return [this.#pairLeft, group[this.#pairAt++]];
        // The next left item of the same key pairs with the same group.
        if (!left.ended && this.#compare(left.itemKey, this.#groupKey) === 0) {
          this.#pairLeft = left.item;
          this.#pairAt = 0;
          await this.#advance(left);
          continue;
        }
        this.#group = undefined;
      }
      if (left.ended && right.ended) return END;
      if (right.ended) {
        if (this.#type === 'inner') return this.#stop();
        return this.#emitLeft();
      }
      if (left.ended) {
        if (this.#type !== 'outer') return this.#stop();
        const item = right.item;
        await this.#advance(right);
        return [undefined, item];
      }
      const c = this.#compare(left.itemKey, right.itemKey);
      if (c < 0) {
        if (this.#type === 'inner') {
          await this.#advance(left);
          continue;
        }
        return this.#emitLeft();
      }
      if (c > 0) {
        const item = right.item;
        await this.#advance(right);
        if (this.#type === 'outer') return [undefined, item];
        continue;
      }
      // Equal keys: the right side's group is held, the left side streams past it.
      const key = right.itemKey;
      const members = [right.item];
      await this.#advance(right);
      while (!right.ended && this.#compare(right.itemKey, key) === 0) {
        members.push(right.item);
        await this.#advance(right);
      }
      this.#group = members;
      this.#groupKey = key;
      this.#pairLeft = left.item;
      this.#pairAt = 0;
      await this.#advance(left);
    }
  }

  async #emitLeft(): Promise<[unknown, unknown]> {
    const item = this.#left.item;
    await this.#advance(this.#left);
    return [item, undefined];
  }

  /** No more pairs can come: the inputs are closed, not read to their ends. */
  #stop(): typeof END {
    for (const feed of this.feeds) feed.close();
    return END;
  }
}

/**
 * Joins two inputs sorted by a key (a sort-merge join), lazily: `[left, right]` for each
 * pair of items with equal keys, in key order. `type: 'left'` also gives `[left, undefined]`
 * for a left item without a match, `'outer'` also `[undefined, right]` for a right item
 * without one. Memory holds the right side's items of one key, whatever the inputs' sizes:
 * with `transforms.sort({ key, memory })` in front of each, any two inputs join in bounded
 * memory. Both inputs must be sorted by `compare` (default: the order of
 * `transforms.sort()`); an item out of order is an error naming its side and index.
 *
 * @example
 * ```ts
 * const users = [{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }];
 * const orders = [{ id: 1, total: 5 }, { id: 1, total: 7 }, { id: 3, total: 2 }];
 * await pipe(sources.mergeJoin(users, orders, { key: 'id' }), sinks.collect());
 * // [[{ id: 1, name: 'ann' }, { id: 1, total: 5 }], [{ id: 1, name: 'ann' }, { id: 1, total: 7 }]]
 * ```
 */
export function mergeJoin<L, R>(
  left: SourceLike<L> | Readable,
  right: SourceLike<R> | Readable,
  options?: MergeJoinOptions<L, R> & { type?: 'inner' },
): Source<[L, R]>;
export function mergeJoin<L, R>(
  left: SourceLike<L> | Readable,
  right: SourceLike<R> | Readable,
  options: MergeJoinOptions<L, R> & { type: 'left' },
): Source<[L, R | undefined]>;
export function mergeJoin<L, R>(
  left: SourceLike<L> | Readable,
  right: SourceLike<R> | Readable,
  options: MergeJoinOptions<L, R> & { type: 'outer' },
): Source<[L | undefined, R | undefined]>;
export function mergeJoin<L, R>(
  left: SourceLike<L> | Readable,
  right: SourceLike<R> | Readable,
  options?: MergeJoinOptions<L, R>,
): Source<[L | undefined, R | undefined]> {
  const opts = copyOptions(options);
  const { inputs } = splitArgs<MultiSourceOptions>('mergeJoin', [left, right, { signal: opts.signal, highWaterMark: opts.highWaterMark }]);
  if (opts.type !== undefined) validateOneOf(opts.type, 'type', ['inner', 'left', 'outer']);
  if (opts.compare !== undefined) validateFunction(opts.compare, 'compare');
  const both = opts.key === undefined ? (x: unknown) => x : keyFunction(opts.key, 'key').fn;
  const leftKey = opts.leftKey === undefined ? both : keyFunction(opts.leftKey, 'leftKey').fn;
  const rightKey = opts.rightKey === undefined ? both : keyFunction(opts.rightKey, 'rightKey').fn;
  return new MergeJoinSource(inputs, opts as MergeJoinOptions<unknown, unknown>, [leftKey, rightKey]) as unknown as Source<[L | undefined, R | undefined]>;
}
