/**
 * What a stage does with an item it failed on: the `onError` option of the user-function
 * stages (map, filter, flatMap, tap...) and of the record sources (CSV, JSON, FASTA...).
 * `'fail'` (the default) ends the pipe with the error; `'skip'` drops the item and counts it;
 * a dead letter (a function or a Writable) receives the failure and the pipe goes on.
 * Nothing is dropped without a count: stats reads {@link ErrorPolicy.skipped}.
 */
import type { Writable } from 'node:stream';
import { codes } from './errors.js';
import { received } from './validate.js';

/**
 * What a dead letter receives for one failed item.
 *
 * @example
 * ```ts
 * const letters: DeadLetter<string>[] = [];
 * await pipe(sources.csv(upload, { onError: (letter) => void letters.push(letter) }), sinks.collect());
 * for (const { line, item, error } of letters) console.error(`line ${line}: ${item} (${error.message})`);
 * ```
 */
export interface DeadLetter<T = unknown> {
  /** The error the item failed with (a StageError or RecordError naming where). */
  error: Error;
  /** The item (for a record source: the raw record text, as far as it was read). */
  item: T;
  /** 0-based index of the item in the stage's input. */
  index: number;
  /** The stage's display name, e.g. `map(fetchUser)` or `csv(data.csv)`. */
  stage: string;
  /** For record sources: the input (path, URL, `-`). */
  input?: string | undefined;
  /** For record sources: the 1-based line the record starts on. */
  line?: number | undefined;
}

/**
 * A function or an object-mode Writable that receives the items a stage failed on.
 *
 * @example
 * ```ts
 * const toFile: DeadLetterTarget = new Writable({ objectMode: true, write: (letter, _e, cb) => log.write(`${JSON.stringify(letter.item)}\n`, cb) });
 * ```
 */
export type DeadLetterTarget<T = unknown> = ((letter: DeadLetter<T>) => void | Promise<void>) | Writable;

/**
 * The `onError` option: `'fail'` (default), `'skip'`, or a dead letter target.
 *
 * @example
 * ```ts
 * const onError: OnError<string> = process.env.STRICT ? 'fail' : 'skip';
 * const src = sources.json('events.ndjson', { onError });
 * ```
 */
export type OnError<T = unknown> = 'fail' | 'skip' | DeadLetterTarget<T>;

const isWritable = (x: unknown): x is Writable =>
  typeof x === 'object' && x !== null && typeof (x as Writable).write === 'function' && typeof (x as Writable).on === 'function';

/** Throws at once for an `onError` value that is none of the allowed kinds. */
export function validateOnError(value: unknown, name = 'onError'): asserts value is OnError | undefined {
  if (value === undefined || value === 'fail' || value === 'skip' || typeof value === 'function' || isWritable(value)) return;
  const err = new TypeError(`The "${name}" option must be 'fail', 'skip', a function or a Writable. ${received(value)}`);
  throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
}

/**
 * One stage's policy and its count of skipped items.
 *
 * @example
 * ```ts
 * const policy = new ErrorPolicy(options.onError, 'map(parse)');
 * try { out = fn(item); } catch (error) { await policy.handle({ error, item, index, stage: policy.stage }); }
 * ```
 */
export class ErrorPolicy<T = unknown> {
  readonly stage: string;
  readonly #onError: OnError<T>;
  #skipped = 0;

  constructor(onError: OnError<T> | undefined, stage: string) {
    validateOnError(onError);
    this.#onError = onError ?? 'fail';
    this.stage = stage;
  }

  /** True when a failure ends the pipe (the default). */
  get fails(): boolean {
    return this.#onError === 'fail';
  }

  /** Items skipped or sent to the dead letter so far. */
  get skipped(): number {
    return this.#skipped;
  }

  /**
   * Deals with one failed item: rethrows `letter.error` under `'fail'`, otherwise counts it
   * and hands it to the dead letter (awaiting a function's promise, or the Writable's
   * backpressure). A dead letter that throws ends the pipe with that error.
   */
  handle(letter: DeadLetter<T>): void | Promise<void> {
    const target = this.#onError;
    if (target === 'fail') throw letter.error;
    this.#skipped++;
    if (target === 'skip') return;
    if (typeof target === 'function') return target(letter);
    if (target.write(letter)) return;
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        target.off('drain', done);
        target.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      target.once('drain', done);
      target.once('error', done);
    });
  }
}
