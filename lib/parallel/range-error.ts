/**
 * Errors of a byte range, told in terms of the whole file: a record error's line number
 * counts the lines before the range too.
 */
import { createReadStream } from 'node:fs';
import { RecordError } from '../core/errors.js';
import type { FileRange } from './split.js';

/**
 * A record error of a range, renumbered by the lines before the range. Counting them reads
 * the file's prefix once, but only on this error path: the happy path never pays for it.
 * `headerEnd` > 0: the bytes [0, headerEnd) (a CSV header) were read before the range, and
 * their lines are in the error's count already.
 *
 * @example
 * ```ts
 * try { scan(range); } catch (err) { throw await inWholeFile(err, range); }
 * ```
 */
export async function inWholeFile(err: unknown, range: FileRange, headerEnd = 0): Promise<unknown> {
  if (!(err instanceof RecordError) || err.line === undefined || range.start === 0) return err;
  const prefix = `${err.input} line ${err.line}: `;
  const suffix = err.stage === undefined ? '' : ` (${err.stage})`;
  if (!err.message.startsWith(prefix) || !err.message.endsWith(suffix)) return err;
  const message = err.message.slice(prefix.length, err.message.length - suffix.length);
  let before = 0;
  let header = 0;
  let at = 0;
  for await (const chunk of createReadStream(range.path, { start: 0, end: range.start - 1 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      before++;
      if (at + i < headerEnd) header++;
    }
    at += chunk.length;
  }
  // An error in the header itself is on the file's own first lines.
  if (err.line <= header) return err;
  return new RecordError({ input: err.input, line: err.line - header + before, stage: err.stage }, message);
}
