/**
 * Errors of a byte range, told in terms of the whole file: a record error's line number
 * counts the lines before the range too.
 */
import { createReadStream } from 'node:fs';
import { codes, RecordError } from '../core/errors.js';
import type { FileRange } from './split.js';

/** A record error's shape: this copy's class, or another copy's (a job module may import another copy of the package). */
interface RecordErrorLike {
  message: string;
  input: string;
  line: number;
  stage: string | undefined;
}

/**
 * The record error `err` is, or that it wraps (a pipe of one copy of the package wraps the
 * errors of a source of another copy in a StageError).
 */
function recordErrorIn(err: unknown): RecordErrorLike | undefined {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const r = e as Partial<RecordErrorLike> & { code?: unknown };
    if ((e instanceof RecordError || r.code === codes.BAD_RECORD) && typeof r.line === 'number' && typeof r.input === 'string' && typeof r.message === 'string')
      return r as RecordErrorLike;
  }
  return undefined;
}

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
  const record = recordErrorIn(err);
  if (record === undefined || range.start === 0) return err;
  const prefix = `${record.input} line ${record.line}: `;
  const suffix = record.stage === undefined ? '' : ` (${record.stage})`;
  if (!record.message.startsWith(prefix) || !record.message.endsWith(suffix)) return err;
  const message = record.message.slice(prefix.length, record.message.length - suffix.length);
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
  if (record.line <= header) return err;
  return new RecordError({ input: record.input, line: record.line - header + before, stage: record.stage }, message);
}
