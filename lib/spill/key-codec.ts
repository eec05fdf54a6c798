/**
 * Map keys on disk: each key as a string with a one-letter tag for its type, so that a key
 * read back is the same Map key (`1` and `'1'` stay apart, NaN stays NaN), and a seeded hash
 * of that string to pick its partition. Only keys that a Map compares by value can spill:
 * strings, numbers, booleans, bigints, null and undefined. An object key is a Map key by
 * identity, which no file can keep.
 */
import { codes } from '../core/errors.js';

/**
 * The tagged string of a Map key; throws a TypeError for a key compared by identity.
 *
 * @example
 * ```ts
 * tagKey('en'); // 'sen'
 * tagKey(1);    // 'n1'
 * ```
 */
export function tagKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return `s${key}`;
    case 'number':
      return `n${key}`;
    case 'boolean':
      return key ? 't' : 'f';
    case 'bigint':
      return `b${key}`;
    case 'undefined':
      return 'u';
    default:
      if (key === null) return 'N';
      throw Object.assign(
        new TypeError(
          `a key that is ${typeof key === 'object' ? 'an object' : `a ${typeof key}`} cannot go to disk (a Map compares such keys by identity): with a memory budget, keys must be strings, numbers, booleans, bigints, null or undefined`,
        ),
        { code: codes.INVALID_ARG_VALUE },
      );
  }
}

/**
 * The key a tagged string stands for.
 *
 * @example
 * ```ts
 * untagKey('n1'); // 1
 * ```
 */
export function untagKey(tagged: string): unknown {
  const rest = tagged.slice(1);
  switch (tagged.charCodeAt(0)) {
    case 115: // s
      return rest;
    case 110: // n
      return Number(rest);
    case 116: // t
      return true;
    case 102: // f
      return false;
    case 98: // b
      return BigInt(rest);
    case 117: // u
      return undefined;
    case 78: // N
      return null;
    default:
      throw new Error(`spill file holds an unknown key tag: ${JSON.stringify(tagged.slice(0, 20))}`);
  }
}

/**
 * FNV-1a over the string's UTF-16 units, mixed with `seed` (a fresh seed splits a partition
 * again), then finalised so that the low bits are as good as the high ones.
 *
 * @example
 * ```ts
 * hashKey('sen', 0) % 32; // the partition of 'en'
 * ```
 */
export function hashKey(tagged: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < tagged.length; i++) h = Math.imul(h ^ tagged.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
