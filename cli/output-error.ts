/**
 * One line for an output that cannot be written (stdout on a full disk, a file in a missing
 * directory): the output's name and the reason, without a stack.
 */
import { describe, StreamtoolzError } from '../lib/core/errors.js';

/** The code of an output that cannot be written. */
export const OUTPUT_ERROR = 'ERR_STREAMTOOLZ_OUTPUT';

const reasons: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EPIPE: 'closed by the reader',
};

/**
 * One line for an output that failed: `out.csv: no space left on device (ENOSPC)`.
 *
 * @example
 * ```ts
 * outputError('stdout', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })).message;
 * // 'stdout: no space left on device (ENOSPC)'
 * ```
 */
export function outputError(name: string, err: unknown): StreamtoolzError {
  if (err instanceof StreamtoolzError && err.code === OUTPUT_ERROR) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' && Object.hasOwn(reasons, code) ? `${reasons[code]} (${code})` : describe(err);
  return new StreamtoolzError(OUTPUT_ERROR, `${name}: ${reason}`, { cause: err });
}
