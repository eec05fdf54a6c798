/**
 * The default order of `transforms.sort()` and `sources.mergeJoin()`: numbers (and bigints) by
 * value, strings by code point (the order of their UTF-8 bytes, as `LC_ALL=C sort` compares),
 * booleans false first, Dates by time, arrays element by element; `null` and `undefined`
 * after everything else. Values of different kinds (a number and a string) are not ordered:
 * the comparison throws, since any choice would hide a mixed-up key.
 */
import { codes } from '../core/errors.js';

/**
 * Compares strings by code point. JavaScript's `<` compares UTF-16 code units, which puts
 * U+E000–U+FFFF after the astral characters (surrogates, D800–DFFF); code point order is the
 * order of the strings' UTF-8 bytes.
 *
 * @example
 * ```ts
 * compareStrings('\uFFFD', '\u{1F600}'); // < 0, though '\uFFFD' > '\u{1F600}' in UTF-16
 * ```
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  let x = a.charCodeAt(i);
  let y = b.charCodeAt(i);
  if (x >= 0xd800 && y >= 0xd800) {
    // Surrogates (astral code points) go after U+E000–U+FFFF.
    x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
  }
  return x - y;
}

const kindOf = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'Date';
  return typeof v;
};

const show = (v: unknown): string => {
  try {
    const s = typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return kindOf(v);
  }
};

function unordered(a: unknown, b: unknown): TypeError {
  const err = new TypeError(
    `the default order cannot compare ${kindOf(a)} ${show(a)} with ${kindOf(b)} ${show(b)}: give a key that returns one kind of value, or a compare function`,
  );
  return Object.assign(err, { code: codes.INVALID_ARG_VALUE });
}

/**
 * Compares numbers: NaN first (as GNU `sort -g` puts it), then by value, -0 equal to 0.
 *
 * @example
 * ```ts
 * [3, NaN, -1].sort(compareNumbers); // [NaN, -1, 3]
 * ```
 */
export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  // At least one NaN.
  return (Number.isNaN(a) ? 0 : 1) - (Number.isNaN(b) ? 0 : 1);
}

/**
 * The default order (see the file's header). Returns a negative number, zero or a positive
 * number; throws a TypeError for values of different kinds or of a kind it cannot order.
 *
 * @example
 * ```ts
 * compareValues([1, 'b'], [1, 'a']); // > 0
 * compareValues(2, 'x'); // throws TypeError
 * ```
 */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') return compareNumbers(a as number, b as number);
  if (ta === 'string' && tb === 'string') return compareStrings(a as string, b as string);
  const aNil = a === null || a === undefined;
  const bNil = b === null || b === undefined;
  if (aNil || bNil) {
    if (aNil && bNil) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
    return aNil ? 1 : -1;
  }
  if ((ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint')) {
    if (ta === 'number' && Number.isNaN(a)) return -1;
    if (tb === 'number' && Number.isNaN(b)) return 1;
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  if (ta === 'boolean' && tb === 'boolean') return (a ? 1 : 0) - (b ? 1 : 0);
  if (a instanceof Date && b instanceof Date) return compareNumbers(a.getTime(), b.getTime());
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw unordered(a, b);
}
