/**
 * How a parser reports a bad record when bad records are not fatal (`onError: 'skip'` or a
 * dead letter on a record source): it hands the error and the record's raw text to a
 * {@link BadRecordHandler} and goes on with the next record. Knows nothing of streams.
 */
import type { RecordError } from '../lib/core/errors.js';

/**
 * Receives one bad record: the error (naming input, line and stage), the record's raw
 * text, and the line the record starts on when that differs from `error.line` (a FASTQ
 * record whose quality is found wrong three lines after its header).
 *
 * @example
 * ```ts
 * const bad: string[] = [];
 * const parser = new NdjsonParser('x.ndjson', 'json(x.ndjson)', (error, raw) => bad.push(`${error.line}: ${raw}`));
 * ```
 */
export type BadRecordHandler = (error: RecordError, raw: string, line?: number) => void;

/** The longest raw text kept of a bad record: a dead letter is a message, not a copy of the input. */
export const MAX_BAD_RECORD_TEXT = 64 * 1024;

/**
 * `text`, cut to {@link MAX_BAD_RECORD_TEXT} characters (with `…`) when longer.
 *
 * @example
 * ```ts
 * onBad(error, clipRecordText(line));
 * ```
 */
export function clipRecordText(text: string): string {
  return text.length > MAX_BAD_RECORD_TEXT ? `${text.slice(0, MAX_BAD_RECORD_TEXT)}…` : text;
}

/**
 * The raw lines of the record being read, kept only while bad records are reported, and
 * only up to {@link MAX_BAD_RECORD_TEXT} characters (a bad record may run on for long).
 *
 * @example
 * ```ts
 * const raw = new RawLines();
 * raw.add('@r1'); raw.add('ACGT'); raw.take(); // '@r1\nACGT'
 * ```
 */
export class RawLines {
  #lines: string[] = [];
  #length = 0;
  #lastKept = false;

  /** Adds one line (its text without the line break). */
  add(line: string): void {
    this.#lastKept = this.#length <= MAX_BAD_RECORD_TEXT;
    if (!this.#lastKept) return;
    this.#lines.push(line);
    this.#length += line.length + 1;
  }

  /** Takes back the last line added: it turned out to start the next record. */
  dropLast(): void {
    if (this.#lastKept) this.#length -= (this.#lines.pop() as string).length + 1;
    this.#lastKept = false;
  }

  /** Forgets the lines: the record was good. */
  clear(): void {
    this.#lines = [];
    this.#length = 0;
    this.#lastKept = false;
  }

  /** The lines joined with `\n` (clipped), and forgets them. */
  take(): string {
    const text = clipRecordText(this.#lines.join('\n'));
    this.clear();
    return text;
  }
}
