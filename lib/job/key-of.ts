/**
 * The key function of a keyed sink's mergeable form: the sink's own key function, and a
 * clear error when it returns a promise (a job's states are folded synchronously).
 */

/** A key function as the by-key sinks resolve their `key` argument (a function or a property name). */
export type KeyFn = (item: never) => unknown;

/**
 * `fn`, refusing a promise for a key; `label` names it in that error. Without `fn`: the item.
 *
 * @example
 * ```ts
 * keyOf((r: { path: string }) => r.path, 'byPath')({ path: '/a' }); // '/a'
 * ```
 */
export function keyOf(fn: KeyFn | undefined, label: string): (item: unknown) => unknown {
  if (fn === undefined) return (item) => item;
  const key = fn as (item: unknown) => unknown;
  return (item) => {
    const k = key(item);
    if (k !== null && typeof k === 'object' && typeof (k as { then?: unknown }).then === 'function') {
      throw new TypeError(
        `the key function ${label} of a job's sink returned a promise: keys of a job's sink must be computed synchronously (compute them in a map stage)`,
      );
    }
    return k;
  };
}
