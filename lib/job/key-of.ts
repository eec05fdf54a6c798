/**
 * The key function of a keyed sink's mergeable form: the sink's own `key` argument read as
 * the sink reads it, and a clear error when it returns a promise (a job's states are folded
 * synchronously).
 */
import { keyFunction, type KeyOption } from '../../sinks/key-option.js';

/**
 * `(item) => key` for a function or property-name key.
 *
 * @example
 * ```ts
 * keyOf('path')({ path: '/a' }); // '/a'
 * ```
 */
export function keyOf(key: unknown): (item: unknown) => unknown {
  const { fn, label } = keyFunction(key as KeyOption<unknown, unknown>, 'key');
  return (item) => {
    const k = fn(item);
    if (k !== null && typeof k === 'object' && typeof (k as { then?: unknown }).then === 'function') {
      throw new TypeError(
        `the key function ${label} of a job's sink returned a promise: keys of a job's sink must be computed synchronously (compute them in a map stage)`,
      );
    }
    return k;
  };
}
