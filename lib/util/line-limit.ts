/**
 * The longest line a line-based reader holds in memory. A reader that keeps a line until
 * its end arrives would otherwise hold any amount of data that has no line break (a gzip of
 * zeros inflates to gigabytes of one "line"); past the limit it fails with a one-line
 * error naming the input and the line instead.
 */
import { RecordError } from '../core/errors.js';
import { validateInteger } from '../core/validate.js';

/**
 * The default limit: 64 MiB, far beyond any CSV row or text line, and small enough that a
 * line that never ends is reported within a second or so.
 */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;

/**
 * The `maxLineLength` option checked (an integer of at least 1), or the default.
 *
 * @example
 * ```ts
 * maxLineLengthOption(undefined); // 67108864
 * maxLineLengthOption(0);         // throws RangeError (ERR_OUT_OF_RANGE)
 * ```
 */
export function maxLineLengthOption(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_LINE_LENGTH;
  validateInteger(value, 'maxLineLength', 1);
  return value;
}

/** Where a line is, for {@link lineTooLong}. */
export interface LineWhere {
  input: string;
  /** 1-based number of the line that is too long. */
  line: number;
  stage?: string | undefined;
}

/**
 * The error for a line longer than `max` bytes, of which `length` have been seen.
 *
 * @example
 * ```ts
 * throw lineTooLong({ input: 'x.csv', line: 3, stage: 'pca' }, 1 << 26, (1 << 26) + 1);
 * // x.csv line 3: line longer than maxLineLength (67108864 bytes): at least 67108865 bytes (pca)
 * ```
 */
export function lineTooLong(where: LineWhere, max: number, length: number): RecordError {
  return new RecordError(where, `line longer than maxLineLength (${max} bytes): at least ${length} bytes`);
}
