/**
 * Sort keys of lines of bytes, as 64-bit unsigned integers in two uint32 columns, so that a
 * radix sort and a merge order lines by comparing two integers:
 * - `numericKey`: the order of GNU `sort -g`: the number at the start of the line (after
 *   blanks) as strtod reads it: decimals with an exponent, `inf`, `infinity`, `nan`, hex
 *   floats. Lines that do not start with a number come first (all equal), then NaN, then
 *   numbers by value, -0 equal to 0. The key holds the sign, the decimal exponent and the
 *   first 15 significant digits, read straight from the bytes (no string, no rounding), so it
 *   never orders two numbers wrongly; numbers that agree on all of it tie, and
 *   `compareNumericLines` decides by their values as doubles. GNU sort reads a long double:
 *   only numbers closer than a double can tell apart (or beyond 1.8e308) compare differently.
 * - `byteKey`: the first 8 bytes, big-endian, zero-padded: the order of `LC_ALL=C sort` up to
 *   ties, which `compareLineBytes` breaks by comparing the whole lines.
 */

const NAN_LO = 1;
/** Key high words: negatives below ZERO_HI, positives above; ±Infinity at the ends. */
const ZERO_HI = 0x40000000;
const DIGITS = 15;
const POW10 = Float64Array.from({ length: DIGITS + 1 }, (_, i) => 10 ** i);
const TWO32 = 2 ** 32;

/** Writes the key of a finite nonzero decimal: sign, exponent of its first digit, 15 digits. */
function storeDecimal(negative: boolean, exponent: number, digits: number, hi: Uint32Array, lo: Uint32Array, at: number): void {
  if (exponent > 1023) return storeInfinity(negative, hi, lo, at);
  if (exponent < -1024) return storeZero(hi, lo, at);
  // digits < 10^15 < 2^50: 18 bits in the high word, 32 in the low one; the exponent above.
  const dHi = Math.floor(digits / TWO32);
  const h = ((exponent + 1024) << 18) | dHi; // below 2^29
  const l = digits - dHi * TWO32;
  if (negative) {
    hi[at] = ZERO_HI - 1 - h;
    lo[at] = (TWO32 - 1 - l) >>> 0;
  } else {
    hi[at] = ZERO_HI + 1 + h;
    lo[at] = l >>> 0;
  }
}

function storeZero(hi: Uint32Array, lo: Uint32Array, at: number): void {
  hi[at] = ZERO_HI;
  lo[at] = 0;
}

function storeInfinity(negative: boolean, hi: Uint32Array, lo: Uint32Array, at: number): void {
  hi[at] = negative ? 1 : 0x7fffffff;
  lo[at] = 0;
}

/** Writes the key of a double (from the slow path). */
function storeNumber(v: number, hi: Uint32Array, lo: Uint32Array, at: number): void {
  if (Number.isNaN(v)) {
    hi[at] = 0;
    lo[at] = NAN_LO;
  } else if (v === 0) storeZero(hi, lo, at);
  else if (!Number.isFinite(v)) storeInfinity(v < 0, hi, lo, at);
  else {
    // "d.dddddddddddddde±x": the 15 significant digits and the decimal exponent.
    const m = /^(\d)\.(\d+)e([+-]\d+)$/.exec(Math.abs(v).toExponential(DIGITS - 1))!;
    storeDecimal(v < 0, Number(m[3]), Number(m[1]! + m[2]!), hi, lo, at);
  }
}

const latin1 = (buf: Uint8Array, start: number, end: number): string => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1', start, end);

const SLOW =
  /^[ \t\v\f\r]*([+-]?)(?:(0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?\d+)?)|((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)|(inf(?:inity)?)|(nan(?:\([0-9a-z_]*\))?))/i;

/** A hex float's value (`0x1.8p3` is 12). */
function hexValue(text: string): number {
  const m = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/i.exec(text)!;
  let v = 0;
  for (const d of m[1]! + m[2]!) v = v * 16 + Number.parseInt(d, 16);
  return v * 2 ** (Number(m[3] ?? 0) - 4 * m[2]!.length);
}

/** The value strtod reads at the start of `text`, or undefined when there is no number. */
export function leadingNumber(text: string): number | undefined {
  const m = SLOW.exec(text);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) return sign * hexValue(m[2]);
  if (m[3] !== undefined) return sign * Number(m[3]);
  if (m[4] !== undefined) return sign * Number.POSITIVE_INFINITY;
  return Number.NaN;
}

/**
 * Writes the `sort -g` key of the line `buf[start, end)` at `hi[at]`, `lo[at]`. The byte at
 * `end` must not be a digit, a point or a sign (a line's newline is not).
 *
 * @example
 * ```ts
 * const hi = new Uint32Array(1), lo = new Uint32Array(1);
 * numericKey(Buffer.from('-1.5e3 apples'), 0, 13, hi, lo, 0); // the key of -1500
 * ```
 */
export function numericKey(buf: Uint8Array, start: number, end: number, hi: Uint32Array, lo: Uint32Array, at: number): void {
  // No bounds checks per byte: the byte at `end` is the line's newline (or past the buffer,
  // reading undefined), which ends every loop below.
  let i = start;
  let c = buf[i] as number;
  while (c === 32 || c === 9) c = buf[++i] as number;
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    c = buf[++i] as number;
  }
  const numberStart = i;
  let digits = 0; // the first 15 significant digits
  let taken = 0;
  let exponent = -1; // of the first significant digit, counted from the point
  let seen = false; // any digit at all
  while (c >= 48 && c <= 57) {
    seen = true;
    if (taken > 0 || c !== 48) {
      if (taken < DIGITS) {
        digits = digits * 10 + (c - 48);
        taken++;
      }
      exponent++;
    }
    c = buf[++i] as number;
  }
  if (c === 46) {
    c = buf[++i] as number;
    while (c >= 48 && c <= 57) {
      seen = true;
      if (taken === 0 && c === 48) exponent--;
      else if (taken < DIGITS) {
        digits = digits * 10 + (c - 48);
        taken++;
      }
      c = buf[++i] as number;
    }
  }
  if (i > end || !seen || ((c === 120 || c === 88) && i === numberStart + 1)) {
    // No digit (inf, nan, ".", text) or a hex float: the rare cases.
    const v = leadingNumber(latin1(buf, start, end));
    if (v === undefined) {
      hi[at] = 0;
      lo[at] = 0;
    } else storeNumber(v, hi, lo, at);
    return;
  }
  if (c === 101 || c === 69) {
    let j = i + 1;
    let e = buf[j] as number;
    let sign = 1;
    if (e === 45 || e === 43) {
      sign = e === 45 ? -1 : 1;
      e = buf[++j] as number;
    }
    const from = j;
    let x = 0;
    while (e >= 48 && e <= 57) {
      if (x < 1e6) x = x * 10 + (e - 48);
      e = buf[++j] as number;
    }
    // "1e" and "1e+" end the number before the e, as strtod reads them.
    if (j > from && j <= end) exponent += sign * x;
  }
  if (taken === 0) storeZero(hi, lo, at);
  else storeDecimal(negative, exponent, digits * POW10[DIGITS - taken]!, hi, lo, at);
}

/**
 * Orders two lines whose numeric keys are equal: by their numbers as doubles (they agree on
 * 15 digits, so only a double can still tell them apart); 0 when the doubles are equal.
 *
 * @example
 * ```ts
 * compareNumericLines(buf, 0, 17, buf, 18, 36); // '1.0000000000000002' vs '1.0000000000000001'
 * ```
 */
export function compareNumericLines(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  if (compareLineBytes(a, as, ae, b, bs, be) === 0) return 0;
  const x = leadingNumber(latin1(a, as, ae)) ?? Number.NaN;
  const y = leadingNumber(latin1(b, bs, be)) ?? Number.NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Writes the first 8 bytes of `buf[start, end)`, big-endian and zero-padded, at `hi[at]`,
 * `lo[at]`.
 *
 * @example
 * ```ts
 * byteKey(Buffer.from('ab'), 0, 2, hi, lo, 0); // hi 0x61620000, lo 0
 * ```
 */
export function byteKey(buf: Uint8Array, start: number, end: number, hi: Uint32Array, lo: Uint32Array, at: number): void {
  const n = end - start;
  if (n >= 8) {
    hi[at] = ((buf[start]! << 24) | (buf[start + 1]! << 16) | (buf[start + 2]! << 8) | buf[start + 3]!) >>> 0;
    lo[at] = ((buf[start + 4]! << 24) | (buf[start + 5]! << 16) | (buf[start + 6]! << 8) | buf[start + 7]!) >>> 0;
    return;
  }
  let h = 0;
  let l = 0;
  for (let k = 0; k < 8; k++) {
    const b = k < n ? buf[start + k]! : 0;
    if (k < 4) h = (h << 8) | b;
    else l = (l << 8) | b;
  }
  hi[at] = h >>> 0;
  lo[at] = l >>> 0;
}

/**
 * Compares two lines byte by byte (a shorter line that is a prefix of the other first): the
 * tie-break of {@link byteKey}.
 *
 * @example
 * ```ts
 * compareLineBytes(buf, 0, 2, buf, 3, 6); // 'ab' vs 'abc': < 0
 * ```
 */
export function compareLineBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const d = a[as + k]! - b[bs + k]!;
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}
