/**
 * Map keys as bytes, for the counting table (`count-table.ts`): a tag byte for the key's
 * type, then its bytes (WTF-8 for strings, the 8 bytes of a double for numbers, decimal
 * digits for bigints), so that equal Map keys have equal bytes (-0 is 0, every NaN one NaN)
 * and a key read back is the same Map key. Keys a Map holds by identity are refused, as in
 * `key-codec.ts`.
 */
import { tagKey } from './key-codec.js';
import { readString, writeString } from './wtf8.js';

const STRING = 0x73; // s
const NUMBER = 0x6e; // n
const TRUE = 0x74;
const FALSE = 0x66;
const BIGINT = 0x62;
const UNDEFINED = 0x75;
const NULL = 0x4e;

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);

/** The most bytes `encodeKey` may write for `key`. */
export function maxKeyBytes(key: unknown): number {
  return typeof key === 'string' ? 1 + 3 * key.length : typeof key === 'bigint' ? 2 + key.toString().length : 9;
}

/**
 * Writes `key` at `buf[at...]` (room for `maxKeyBytes(key)`); returns the bytes written.
 * Throws a TypeError for a key a Map compares by identity.
 *
 * @example
 * ```ts
 * encodeKey('en', buf, 0); // 3: 73 65 6E
 * ```
 */
export function encodeKey(key: unknown, buf: Buffer, at: number): number {
  switch (typeof key) {
    case 'string':
      buf[at] = STRING;
      return 1 + writeString(buf, at + 1, key);
    case 'number':
      f64[0] = key === 0 ? 0 : Number.isNaN(key) ? Number.NaN : key;
      buf[at] = NUMBER;
      buf.set(u8, at + 1);
      return 9;
    case 'boolean':
      buf[at] = key ? TRUE : FALSE;
      return 1;
    case 'bigint':
      buf[at] = BIGINT;
      return 1 + buf.write(key.toString(), at + 1, 'latin1');
    case 'undefined':
      buf[at] = UNDEFINED;
      return 1;
    default:
      if (key === null) {
        buf[at] = NULL;
        return 1;
      }
      tagKey(key); // throws the error that names the kind of key
      return 0;
  }
}

/**
 * The key encoded at `buf[start, end)`.
 *
 * @example
 * ```ts
 * decodeKey(buf, 0, 3); // 'en'
 * ```
 */
export function decodeKey(buf: Buffer, start: number, end: number): unknown {
  switch (buf[start]) {
    case STRING:
      return readString(buf, start + 1, end);
    case NUMBER:
      for (let i = 0; i < 8; i++) u8[i] = buf[start + 1 + i]!;
      return f64[0];
    case TRUE:
      return true;
    case FALSE:
      return false;
    case BIGINT:
      return BigInt(buf.toString('latin1', start + 1, end));
    case UNDEFINED:
      return undefined;
    case NULL:
      return null;
    default:
      throw new Error(`spill file holds an unknown key tag ${buf[start]}`);
  }
}

/**
 * A 32-bit hash of `buf[start, end)`, mixed with `seed` (another seed splits a partition
 * again): FNV-1a over the bytes, finalised so that high and low bits are both good.
 *
 * @example
 * ```ts
 * hashBytes(buf, 0, 3, 0);
 * ```
 */
export function hashBytes(buf: Uint8Array, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
