/**
 * The one error module. Every error streamtoolz raises carries a stable `code`: the code is
 * the contract, the message may change. Modelled on Node's `lib/internal/errors.js`.
 *
 * - {@link StreamtoolzError}: the base class (`code`).
 * - {@link StageError}: a failure inside a stage, naming the stage, its position in the
 *   pipe and the index of the item it failed on, with the original error as `cause`.
 * - {@link RecordError}: a bad record in an input, naming the input and the line (or byte
 *   offset).
 * - {@link InputError}: an input that cannot be opened or read (missing file, HTTP 404...).
 *
 * Bad options are not streaming errors: they throw at once, as Node does, a `TypeError` or
 * `RangeError` with `code` `ERR_INVALID_ARG_TYPE`, `ERR_INVALID_ARG_VALUE`,
 * `ERR_OUT_OF_RANGE` or, for a misspelt option, `ERR_STREAMTOOLZ_UNKNOWN_OPTION` (see
 * `lib/core/validate.ts`).
 */

/**
 * The codes streamtoolz errors carry: the contract (a message may change, a code does not).
 *
 * @example
 * ```ts
 * try { await pipe(sources.csv('data.csv'), sinks.count()); }
 * catch (err) { if ((err as { code?: string }).code === codes.BAD_RECORD) console.error('bad row'); }
 * ```
 */
export const codes = {
  /** A stage (transform, sink or source) failed on an item. */
  STAGE: 'ERR_STREAMTOOLZ_STAGE',
  /** A record in an input is malformed (bad CSV row, FASTQ record, JSON...). */
  BAD_RECORD: 'ERR_STREAMTOOLZ_BAD_RECORD',
  /** An input could not be opened or read (missing file, directory, HTTP status, cut body). */
  INPUT: 'ERR_STREAMTOOLZ_INPUT',
  /** A source was asked for a second pass but cannot be read again (stdin, a consumed stream). */
  NOT_REOPENABLE: 'ERR_STREAMTOOLZ_NOT_REOPENABLE',
  /** A computation has no answer for this data (no Eulerian path, too few rows for PCA...). */
  NO_RESULT: 'ERR_STREAMTOOLZ_NO_RESULT',
  /**
   * An options object has a key the function does not know (a misspelt option): a
   * `TypeError` naming the option, the known ones and the closest one (`did you mean`).
   */
  UNKNOWN_OPTION: 'ERR_STREAMTOOLZ_UNKNOWN_OPTION',
  /** An argument has the wrong type. */
  INVALID_ARG_TYPE: 'ERR_INVALID_ARG_TYPE',
  /** An argument has a value that is not allowed. */
  INVALID_ARG_VALUE: 'ERR_INVALID_ARG_VALUE',
  /** A number is outside its allowed range. */
  OUT_OF_RANGE: 'ERR_OUT_OF_RANGE',
  /** A required argument is missing (Node's code). */
  MISSING_ARGS: 'ERR_MISSING_ARGS',
  /** A stream closed before it ended or finished (Node's code): a client went away. */
  PREMATURE_CLOSE: 'ERR_STREAM_PREMATURE_CLOSE',
} as const;

/**
 * One of the {@link codes}: the `code` of a streamtoolz error.
 *
 * @example
 * ```ts
 * const code: ErrorCode = codes.BAD_RECORD; // 'ERR_STREAMTOOLZ_BAD_RECORD'
 * ```
 */
export type ErrorCode = (typeof codes)[keyof typeof codes];

/**
 * The base of every streamtoolz error.
 *
 * @example
 * ```ts
 * try { await pipe(src, transforms.map(parse), sinks.collect()); }
 * catch (err) { if (err instanceof StreamtoolzError) console.error(err.code, err.message); }
 * ```
 */
export class StreamtoolzError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/**
 * Where a stage error happened.
 *
 * @example
 * ```ts
 * throw new StageError({ stage: 'map(parse)', position: 2, index: 41 }, new Error('bad date'));
 * ```
 */
export interface StageErrorInfo {
  /** The stage's display name, e.g. `map(double)` or `kmers(k=6)`. */
  stage: string;
  /** 1-based position among `pipe()`'s arguments (the source is 1), when known. */
  position?: number | undefined;
  /** 0-based index of the item the stage failed on, when known. */
  index?: number | undefined;
  /** Calls made on the item when the stage retries (`retry` option): the last one failed. */
  attempts?: number | undefined;
}

/**
 * A failure inside a stage: `map(double) (stage 3) failed at item 1042: boom`.
 * The original error is `cause`.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof StageError) console.error(err.stage, err.position, err.index, err.cause);
 * }
 * ```
 */
export class StageError extends StreamtoolzError {
  readonly stage: string;
  position: number | undefined;
  readonly index: number | undefined;
  readonly attempts: number | undefined;

  constructor(info: StageErrorInfo, cause: unknown, code: string = codes.STAGE) {
    super(code, '', { cause });
    this.stage = info.stage;
    this.position = info.position;
    this.index = info.index;
    this.attempts = info.attempts;
    this.message = this.#format();
  }

  /** Records the stage's position once `pipe()` knows it, and rewrites the message. */
  setPosition(position: number): this {
    if (this.position === undefined) {
      this.position = position;
      this.message = this.#format();
    }
    return this;
  }

  #format(): string {
    const where = this.position === undefined ? '' : ` (stage ${this.position})`;
    const at = this.index === undefined ? '' : ` at item ${this.index}`;
    const tries = this.attempts === undefined ? '' : ` after ${this.attempts} attempt${this.attempts === 1 ? '' : 's'}`;
    return `${this.stage}${where} failed${at}${tries}: ${describe(this.cause)}`;
  }
}

/**
 * Where a bad record is.
 *
 * @example
 * ```ts
 * throw new RecordError({ input: 'data.csv', line: 12, stage: 'csv' }, 'expected 4 fields, got 3');
 * ```
 */
export interface RecordErrorInfo {
  /** The input: a path, URL, `-` for stdin, or a description of a stream. */
  input: string;
  /** 1-based line number, when the format has lines. */
  line?: number | undefined;
  /** Byte offset, when a line number is not known. */
  offset?: number | undefined;
  /** The stage that read it, e.g. `csv(data.csv)`. */
  stage?: string | undefined;
}

/**
 * A malformed record: `data.csv line 12: expected 4 fields, got 3 (csv)`.
 *
 * @example
 * ```ts
 * throw new RecordError({ input: 'reads.fq', line: 8, stage: 'fastq' }, 'quality length 99 != sequence length 100');
 * ```
 */
export class RecordError extends StreamtoolzError {
  readonly input: string;
  readonly line: number | undefined;
  readonly offset: number | undefined;
  readonly stage: string | undefined;

  constructor(info: RecordErrorInfo, message: string, options?: { cause?: unknown }) {
    const where = info.line !== undefined ? ` line ${info.line}` : info.offset !== undefined ? ` byte ${info.offset}` : '';
    const by = info.stage ? ` (${info.stage})` : '';
    super(codes.BAD_RECORD, `${info.input}${where}: ${message}${by}`, options);
    this.input = info.input;
    this.line = info.line;
    this.offset = info.offset;
    this.stage = info.stage;
  }
}

/**
 * An input that cannot be opened or read: `missing.csv: no such file`.
 *
 * @example
 * ```ts
 * throw new InputError('https://example.org/x.fa', 'HTTP 404 Not Found');
 * ```
 */
export class InputError extends StreamtoolzError {
  readonly input: string;

  constructor(input: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? codes.INPUT, `${input}: ${message}`, options);
    this.input = input;
  }
}

/**
 * A `TypeError` or `RangeError` carrying a Node-style `code`, as a bad argument throws at once.
 *
 * @example
 * ```ts
 * throw codedError(TypeError, codes.MISSING_ARGS, 'pipe() needs a source and a sink');
 * ```
 */
export function codedError<E extends Error>(Ctor: new (message: string) => E, code: string, message: string): E & { code: string } {
  const err = new Ctor(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true });
  return err as E & { code: string };
}

/**
 * True for errors that already say where they happened (a stage error, a bad record, a bad
 * input): they pass through stages unwrapped. Anything else a stage throws is wrapped in a
 * StageError naming the stage.
 */
export function isLocated(err: unknown): err is StageError | RecordError | InputError {
  return err instanceof StageError || err instanceof RecordError || err instanceof InputError;
}

/** One line describing any thrown value, for messages that must stay on one line. */
export function describe(err: unknown): string {
  if (err instanceof Error) return oneLine(err.message || err.name);
  if (typeof err === 'string') return oneLine(err);
  try {
    return oneLine(JSON.stringify(err) ?? String(err));
  } catch {
    return oneLine(String(err));
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The standard `AbortError` (name `AbortError`, code `ABORT_ERR`), as Node's own streams
 * and `pipeline` raise it.
 *
 * @example
 * ```ts
 * // In a source or stage of your own, when its signal fires:
 * if (signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
 * // pipe() may reject with Node's own AbortError: test the name or the code, not the class.
 * await pipe(src, sinks.count(), { signal }).catch((err) => { if (err.name === 'AbortError') console.error('stopped'); });
 * ```
 */
export class AbortError extends Error {
  readonly code = 'ABORT_ERR';

  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}
