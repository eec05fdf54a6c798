/**
 * The `key` argument of the by-key sinks (countBy, reduceBy, groupBy, topk): a function of
 * the item, or a property name or index, as toolz accepts a non-callable key (`getter`).
 * A key function gets `(item, { index, signal })` and may be async.
 */
import { codes } from '../lib/core/errors.js';
import { type FieldUse, keyField } from '../lib/core/field-use.js';
import { fnName, isThenable } from '../lib/core/op.js';
import type { ItemContext, UserFnOptions } from '../lib/core/user-fn.js';
import { received } from '../lib/core/validate.js';

/** A key: `(item, { index, signal }) => key` (or a promise of it), or the name (or index) of the property holding it. */
export type KeyOption<T, K> = ((item: T, context: ItemContext) => K | PromiseLike<K>) | PropertyKey;

/**
 * Options of the sinks that take user functions: what to do when one fails on an item, and
 * the fields of an item the functions read (`fields`: then a JSON source before the sink may
 * read only those; see docs/records.md).
 */
export interface SinkFnOptions<T> extends UserFnOptions<T> {
  fields?: readonly string[] | undefined;
}

/** The option names every by-key sink takes beyond `onError` and `retry`. */
export const FIELDS_OPTION_NAME: Readonly<Record<string, true>> = { fields: true };

/**
 * What a by-key sink reads of an item: its key field (when `key` is a property name) and the
 * fields its functions read (`fields`). Undefined when a function may read anything: a key
 * function or a fold over items (`folds`, reduceBy's binop) without `fields`.
 *
 * @example
 * ```ts
 * sinkFields('status', undefined, false);    // { reads: ['status'], passes: false }
 * sinkFields((r) => r.a, ['a'], false);      // { reads: ['a'], passes: false }
 * sinkFields('status', undefined, true);     // undefined: the fold reads the items
 * ```
 */
export function sinkFields(key: unknown, fields: readonly string[] | undefined, folds: boolean): FieldUse | undefined {
  const reads: string[] = [];
  if (typeof key !== 'function') {
    const field = keyField(key);
    if (field === undefined) return undefined;
    reads.push(field);
  } else if (fields === undefined) return undefined;
  if (folds && fields === undefined) return undefined;
  return { reads: [...reads, ...(fields ?? [])], passes: false };
}

/** The names of the memory-budget options (`lib/spill/memory-option.ts`), for the option check. */
export const SPILL_OPTION_NAMES: Readonly<Record<string, true>> = { memory: true, tmpdir: true };

/**
 * For a sink with a memory budget (its spilling form calls its functions synchronously):
 * refuses `onError` and `retry` at once, and returns `fn` made to throw if it returns a promise.
 *
 * @example
 * ```ts
 * const key = spillable(fn, { memory: '64MB' }, 'countBy(len, memory=67108864)');
 * ```
 */
export function spillable<A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, options: SinkFnOptions<never>, stage: string): (...args: A) => R {
  for (const name of ['onError', 'retry'] as const) {
    if (options[name] !== undefined) {
      const err = new TypeError(`The "${name}" option of ${stage} cannot be used with "memory": a budget works on the items as they come`);
      throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
    }
  }
  return (...args) => {
    const r = fn(...args);
    if (isThenable(r))
      throw new TypeError(`a function of ${stage} returned a promise: with a memory budget it must be sync (compute the value in a map stage)`);
    return r as R;
  };
}

/**
 * The key function and its display name (`countBy(len)`, `countBy("lang")`); throws at once
 * for anything else.
 *
 * @example
 * ```ts
 * keyFunction('lang', 'key'); // { fn: (item) => item.lang, label: '"lang"' }
 * ```
 */
export function keyFunction<T, K>(key: KeyOption<T, K>, name: string): { fn: (item: T, context?: ItemContext) => K | PromiseLike<K>; label: string } {
  // The context is optional in the returned type: a job's aggregator calls the key with the item only.
  if (typeof key === 'function') return { fn: key as (item: T, context?: ItemContext) => K | PromiseLike<K>, label: fnName(key) };
  if (typeof key === 'string' || typeof key === 'number' || typeof key === 'symbol') {
    const fn = (item: T): K => {
      if (item === undefined || item === null) throw new TypeError(`cannot read property ${String(key)} of ${item}`);
      return (item as Record<PropertyKey, K>)[key] as K;
    };
    return { fn, label: typeof key === 'string' ? JSON.stringify(key) : String(key) };
  }
  const err = new TypeError(`The "${name}" argument must be a function or a property name. ${received(key)}`);
  throw Object.assign(err, { code: codes.INVALID_ARG_TYPE });
}
