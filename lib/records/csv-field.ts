/**
 * One CSV field's bytes as the value of its column type: numbers read straight from the
 * digits when that is exact (Clinger's fast path, as in `number-row.ts`), else from the
 * field's text, so that every value equals what `Number()` gives on csv-parse's string.
 * An `int` is an optional sign and digits (blank space around allowed) within ±2^53; a
 * `float` is whatever `Number()` reads, plus `nan`/`inf` as NumPy writes them; an empty
 * field is `null` for the `?` types and an error otherwise. Knows nothing of streams.
 */
import { FLOAT, INT, NULLABLE, typeName } from './csv-columns.js';
import { quoteData } from '../util/quote-data.js';
import { exactDecimal, toNumber } from './number-row.js';

const INTEGER = /^[+-]?\d+$/;

/** Why the last conversion failed (undefined when it did not). */
let problem: string | undefined;

/** The reason {@link fieldValue} or {@link textValue} returned undefined. */
export function lastProblem(): string {
  return problem ?? 'bad value';
}

/** The number read by the last {@link readNumber}. */
export let parsedNumber = 0;

/**
 * Reads a plain decimal number at `i` (digits only when `integer`) into {@link parsedNumber}
 * and returns the position after it, or -1 when the fast path cannot read it exactly (more
 * digits than 2^53 holds, a big exponent, no digits): the field's text then decides. Its
 * grammar is Number()'s (`+1`, `.5`, `7.`), looser than the JSON scanner's reader.
 */
export function readNumber(buf: Uint8Array, i: number, integer: boolean): number {
  let c = buf[i];
  const negative = c === 45;
  if (negative || c === 43) c = buf[++i];
  let mantissa = 0;
  const from = i;
  while (c !== undefined && c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    c = buf[++i];
  }
  let digits = i - from;
  let exponent = 0;
  if (!integer) {
    if (c === 46) {
      const fraction = ++i;
      c = buf[i];
      while (c !== undefined && c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = buf[++i];
      }
      exponent = fraction - i;
      digits -= exponent;
    }
    if (digits > 0 && (c === 101 || c === 69)) {
      c = buf[++i];
      const sign = c === 45 ? -1 : 1;
      if (c === 45 || c === 43) c = buf[++i];
      const e0 = i;
      let e = 0;
      while (c !== undefined && c >= 48 && c <= 57) {
        e = e * 10 + (c - 48);
        c = buf[++i];
      }
      if (i === e0) return -1;
      exponent += sign * e;
    }
  }
  if (digits === 0 || (integer && mantissa > Number.MAX_SAFE_INTEGER)) return -1;
  const value = exactDecimal(mantissa, exponent);
  if (Number.isNaN(value)) return -1;
  parsedNumber = negative ? -value : value;
  return i;
}

/**
 * A field's text (a quoted field, or one the fast path did not read) as a value of `type`;
 * undefined when it is not one ({@link lastProblem} says why).
 */
export function textValue(text: string, type: number): unknown {
  problem = undefined;
  if ((type & 3) === 0) return text;
  if (text === '') {
    if (type & NULLABLE) return null;
    problem = `is empty, not ${a(type)} (type '${typeName(type)}?' reads it as null)`;
    return undefined;
  }
  if ((type & 3) === FLOAT) {
    const value = toNumber(text);
    if (value === undefined) problem = `is not a float: ${shown(text)}`;
    return value;
  }
  const t = text.trim();
  const value = INTEGER.test(t) ? Number(t) : Number.NaN;
  if (Number.isSafeInteger(value) || Object.is(value, -0)) return value;
  problem = Number.isNaN(value) ? `is not an int: ${shown(text)}` : `is an integer past 2^53, which a number cannot hold exactly: ${shown(text)}`;
  return undefined;
}

/** The value of the unquoted field `buf[start, end)` as `type`, or undefined ({@link lastProblem}). */
export function fieldValue(buf: Buffer, start: number, end: number, type: number): unknown {
  const kind = type & 3;
  if (kind !== 0 && end > start && readNumber(buf, start, kind === INT) === end) return parsedNumber;
  return textValue(buf.toString('utf8', start, end), type);
}

function a(type: number): string {
  return (type & 3) === INT ? 'an int' : 'a float';
}

function shown(text: string): string {
  return quoteData(text);
}
