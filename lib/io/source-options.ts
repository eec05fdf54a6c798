/**
 * The options every source accepts, and their checks (bad options throw when the source is
 * made, as Node's own APIs do).
 */
import { Readable } from 'node:stream';
import { codes } from '../core/errors.js';
import { type OptionNames, received, validateInteger, validateSignal } from '../core/validate.js';
import type { OpenOptions } from './open-input.js';

/** Options every source accepts. */
export interface SourceOptions extends OpenOptions {
  /** Records (or batches) buffered ahead of the consumer. Default 16. */
  highWaterMark?: number | undefined;
  /**
   * Line-based formats: the longest line held, in bytes; a longer one is a RecordError
   * naming the input and the line. Default 64 MiB.
   */
  maxLineLength?: number | undefined;
}

/** The names of {@link SourceOptions}, for the sources' unknown-option check. */
export const SOURCE_OPTIONS: OptionNames<SourceOptions> = {
  highWaterMark: true,
  maxLineLength: true,
  chunkSize: true,
  timeout: true,
  maxRedirects: true,
  ca: true,
  stdin: true,
  signal: true,
  reuseBuffer: true,
  readAhead: true,
};

/**
 * Copies and checks the options every source shares; returns the copy (the caller's object
 * is never changed or kept).
 *
 * @example
 * ```ts
 * const opts = checkSourceOptions({ chunkSize: 1 << 20, signal });
 * ```
 */
export function checkSourceOptions<T extends SourceOptions>(options: T | undefined): T {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw Object.assign(new TypeError(`The "options" argument must be an object. ${received(options)}`), { code: codes.INVALID_ARG_TYPE });
  }
  const opts = { ...options } as T;
  // Parsers keep views of chunks (a line cut between two): never a reused read buffer.
  delete opts.reuseBuffer;
  if (opts.chunkSize !== undefined) validateInteger(opts.chunkSize, 'chunkSize', 1);
  if (opts.timeout !== undefined) validateInteger(opts.timeout, 'timeout', 1);
  if (opts.maxRedirects !== undefined) validateInteger(opts.maxRedirects, 'maxRedirects', 0);
  if (opts.highWaterMark !== undefined) validateInteger(opts.highWaterMark, 'highWaterMark', 1);
  if (opts.maxLineLength !== undefined) validateInteger(opts.maxLineLength, 'maxLineLength', 1);
  validateSignal(opts.signal);
  if (opts.stdin !== undefined && !(opts.stdin instanceof Readable)) {
    throw Object.assign(new TypeError(`The "stdin" option must be a Readable. ${received(opts.stdin)}`), { code: codes.INVALID_ARG_TYPE });
  }
  return opts;
}
