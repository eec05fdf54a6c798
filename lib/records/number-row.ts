/**
 * The number kernel of the numeric CSV parser. Numbers with digits below 2^53 and a
 * decimal exponent within ±22 (nearly all data written by programs) take Clinger's fast
 * path: one exact integer and one correctly rounded multiply or divide by an exact power of
 * ten, so the result is the correctly rounded double, the same as `Number()` gives. Anything
 * else (more digits, spaces, quotes, `nan`, `inf`) is left to `Number()` on the field's text.
 * Plain functions over bytes: nothing here knows of streams or files.
 */

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;

/**
 * `mantissa × 10^exponent` as the correctly rounded double, when Clinger's fast path gives it
 * exactly (an integer mantissa below 2^53, an exponent within ±22); NaN when it cannot, and
 * the number's text must decide. The number readers of the JSON and CSV scanners end here.
 *
 * @example
 * ```ts
 * exactDecimal(25, -1); // 2.5
 * exactDecimal(1, 23);  // NaN
 * ```
 */
export function exactDecimal(mantissa: number, exponent: number): number {
  // A mantissa read as 2^53 may be 2^53 + 1 rounded down: only one below it is surely exact.
  if (mantissa >= MAX_EXACT || exponent < -22 || exponent > 22) return Number.NaN;
  return exponent < 0 ? mantissa / (POW10[-exponent] as number) : mantissa * (POW10[exponent] as number);
}

/**
 * The fast path: parses the fields of `buf[start, end)` into `target[offset...]` and returns
 * how many it parsed, or -1 as soon as a field is not a plain decimal number with an exactly
 * representable mantissa and a power of ten within ±22 (or there are more than `columns`).
 * One pass over the bytes, all state in locals: this loop is the parser's speed.
 *
 * @example
 * ```ts
 * const row = new Float64Array(2);
 * fastRow(Buffer.from('1.5,-2e3'), 0, 8, 44, row, 0, 2); // 2; row: [1.5, -2000]
 * ```
 */
export function fastRow(buf: Uint8Array, start: number, end: number, delimiter: number, target: Float64Array, offset: number, columns: number): number {
  // No bounds checks per byte: the byte at `end` is the line break (or past the buffer,
  // reading undefined), which is neither a digit, a sign, '.', 'e' nor the delimiter, so
  // every loop below stops there on its own.
  let i = start;
  let k = 0;
  for (;;) {
    if (k === columns) return -1;
    let c = buf[i] as number;
    let negative = false;
    if (c === 45 || c === 43) {
      negative = c === 45;
      c = buf[++i] as number;
    }
    let mantissa = 0;
    let exponent = 0;
    const digitsStart = i;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = buf[++i] as number;
    }
    let digits = i - digitsStart;
    if (c === 46) {
      const fractionStart = ++i;
      c = buf[i] as number;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = buf[++i] as number;
      }
      exponent = fractionStart - i;
      digits -= exponent;
    }
    if (digits === 0) return -1;
    if (c === 101 || c === 69) {
      c = buf[++i] as number;
      let sign = 1;
      if (c === 45 || c === 43) {
        if (c === 45) sign = -1;
        c = buf[++i] as number;
      }
      const expStart = i;
      let e = 0;
      while (c >= 48 && c <= 57) {
        e = e * 10 + (c - 48);
        c = buf[++i] as number;
      }
      if (i === expStart) return -1;
      exponent += sign * e;
    }
    const value = exactDecimal(mantissa, exponent);
    if (Number.isNaN(value) || i > end) return -1;
    target[offset + k++] = negative ? -value : value;
    if (i === end) return k;
    if (c !== delimiter) return -1;
    i++;
  }
}

/** Fields in `buf[start, end)`: delimiters + 1 (numbers never hold a delimiter). */
export function countFields(buf: Buffer, start: number, end: number, delimiter: number): number {
  let n = 1;
  for (let i = buf.indexOf(delimiter, start); i !== -1 && i < end; i = buf.indexOf(delimiter, i + 1)) n++;
  return n;
}

/** A field's text without blank space and enclosing double quotes. */
export function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"' ? t.slice(1, -1).replace(/""/g, '"') : t;
}

/**
 * A field's text as a number: what Number() accepts, plus nan/inf as NumPy writes them;
 * undefined when it is not a number (an empty field is not a number).
 *
 * @example
 * ```ts
 * toNumber(' 1e3 '); // 1000
 * toNumber('-inf');  // -Infinity
 * toNumber('');      // undefined
 * ```
 */
export function toNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return undefined;
}
