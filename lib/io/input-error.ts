/**
 * One-line messages for the ways reading an input fails (a missing file, a corrupt gzip, a
 * cut connection...), as {@link InputError}s naming the input.
 */
import { InputError, StreamtoolzError, describe } from '../core/errors.js';

/**
 * Turns any error met while opening or reading `name` into a one-line {@link InputError};
 * streamtoolz errors and aborts pass through unchanged.
 *
 * @example
 * ```ts
 * toInputError(Object.assign(new Error('x'), { code: 'ENOENT' }), 'a.txt').message; // 'a.txt: no such file'
 * ```
 */
export function toInputError(err: unknown, name: string): Error {
  if (err instanceof StreamtoolzError) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  const code = (err as { code?: unknown } | null)?.code;
  let message: string;
  if (code === 'ENOENT') message = 'no such file';
  else if (code === 'EISDIR') message = 'is a directory, not a file';
  else if (code === 'EACCES') message = 'permission denied';
  else if (code === 'Z_BUF_ERROR') message = 'truncated gzip data (unexpected end of file)';
  else if (code === 'Z_DATA_ERROR') message = `corrupt gzip data (${describe(err)})`;
  else if (code === 'ECONNRESET' && describe(err) === 'aborted') message = 'connection closed before the body was complete';
  else if (code === 'ECONNREFUSED') message = 'connection refused';
  else message = describe(err);
  return new InputError(name, message, { cause: err });
}
