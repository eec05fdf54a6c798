/**
 * The `key` argument of the by-key sinks (countBy, reduceBy, groupBy, topk): a function of
 * the item, or a property name or index, as toolz accepts a non-callable key (`getter`).
 */
import { codes } from '../lib/core/errors.js';
import { fnName } from '../lib/core/op.js';
import { received } from '../lib/core/validate.js';

/** A key: `(item) => key`, or the name (or index) of the property holding it. */
export type KeyOption<T, K> = ((item: T) => K) | PropertyKey;

/**
 * The key function and its display name (`countBy(len)`, `countBy("lang")`); throws at once
 * for anything else.
 *
 * @example
 * ```ts
 * keyFunction('lang', 'key'); // { fn: (item) => item.lang, label: '"lang"' }
 * ```
 */
export function keyFunction<T, K>(key: KeyOption<T, K>, name: string): { fn: (item: T) => K; label: string } {
  if (typeof key === 'function') return { fn: key, label: fnName(key) };
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
