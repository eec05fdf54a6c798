/**
 * A job's result as JSON text, as `streamtoolz run` prints it: a Map becomes an object (its
 * keys as strings, in the Map's order where JSON keeps it), k-mer counts an object of
 * k-mer to count in k-mer order, typed arrays arrays, bigints strings.
 */

function plain(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) Object.defineProperty(out, String(k), { value: plain(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, plain);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Set) return [...value].map(plain);
  if (value !== null && typeof value === 'object') {
    const entries = (value as { entries?: unknown }).entries;
    // KmerCounts and other Map-like results: sorted by key, so that the output is one text.
    if (typeof (value as { toMap?: unknown }).toMap === 'function') {
      const m = (value as { toMap(): Map<string, unknown> }).toMap();
      return plain(new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    }
    if (typeof entries === 'function' && !(value instanceof Date)) return plain(new Map((value as { entries(): Iterable<[unknown, unknown]> }).entries()));
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * JSON text of a job's result (two-space indent), ending with a newline.
 *
 * @example
 * ```ts
 * resultToJSON(new Map([[404, 2], [500, 1]])); // '{\n  "404": 2,\n  "500": 1\n}\n'
 * ```
 */
export function resultToJSON(result: unknown): string {
  return `${JSON.stringify(plain(result), null, 2) ?? 'null'}\n`;
}
