/**
 * The base of the sources that read several inputs (mergeSorted, interleave, zip,
 * concatSources): an object-mode Readable that pulls one item at a time from the inputs it
 * needs, only when its own consumer asks (`_read`), so that each input buffers at most its
 * own highWaterMark. An error in any input, even one not being read yet, destroys the
 * output and every input, and names the input: `mergeSorted(sources[1]) failed at item 4`.
 */
import { addAbortSignal, Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { StageError, StreamtoolzError, codes } from '../lib/core/errors.js';
import { nullItem } from '../lib/core/from.js';
import { kName } from '../lib/core/symbols.js';
import type { SourceLike } from '../lib/core/types.js';
import { checkOptionNames, type OptionNames, received, validateInteger, validateSignal } from '../lib/core/validate.js';

/**
 * Options of the merging sources.
 *
 * @example
 * ```ts
 * const both = sources.interleave(sources.lines('a.txt'), sources.lines('b.txt'), { highWaterMark: 64, signal });
 * ```
 */
export interface MultiSourceOptions {
  /** Aborts: the output is destroyed with an `AbortError`, and every input with it. */
  signal?: AbortSignal | undefined;
  /** The output's highWaterMark, in items. Default 16. */
  highWaterMark?: number | undefined;
}

/** The names of {@link MultiSourceOptions}. */
export const MULTI_SOURCE_OPTIONS: OptionNames<MultiSourceOptions> = { signal: true, highWaterMark: true };

/** Returned by `produce()` when the output has ended. */
export const END: unique symbol = Symbol('streamtoolz.end');

const isReadable = (x: unknown): x is Readable =>
  x instanceof Readable ||
  (typeof x === 'object' &&
    x !== null &&
    typeof (x as Readable).pipe === 'function' &&
    typeof (x as Readable).on === 'function' &&
    typeof (x as Readable).destroy === 'function');

/** One input: pulled one item at a time; its errors name it. */
export class Feed<T> {
  readonly label: string;
  /** Items read so far: the index of the next one. */
  index = 0;
  readonly #it: AsyncIterator<T> | Iterator<T>;
  readonly #close: () => void;

  constructor(label: string, input: SourceLike<T> | Readable, onError: (err: Error) => void) {
    this.label = label;
    if (isReadable(input)) {
      // Listening before reading: an input that fails while another is read still stops all.
      input.on('error', (err: Error) => onError(this.wrap(err)));
      this.#it = input[Symbol.asyncIterator]() as AsyncIterator<T>;
      this.#close = () => void input.destroy();
      return;
    }
    const s = input as Partial<AsyncIterable<T> & Iterable<T>>;
    const asyncIt = s[Symbol.asyncIterator];
    const syncIt = s[Symbol.iterator];
    this.#it = typeof asyncIt === 'function' ? asyncIt.call(s) : (syncIt as () => Iterator<T>).call(s);
    // Let a generator run its `finally` blocks (close its files) when we stop early.
    this.#close = () =>
      void Promise.resolve()
        .then(() => this.#it.return?.())
        .catch(() => {});
  }

  /** The next item, or `END`. Errors are wrapped to name this input and the item. */
  async next(): Promise<T | typeof END> {
    let r: IteratorResult<T>;
    try {
      r = await this.#it.next();
    } catch (err) {
      throw this.wrap(err);
    }
    if (r.done === true) return END;
    if (r.value === null) throw this.wrap(nullItem());
    this.index++;
    return r.value;
  }

  close(): void {
    this.#close();
  }

  wrap(err: unknown): Error {
    if (err instanceof StageError && err.stage === this.label) return err;
    if (err instanceof Error && err.name === 'AbortError') return err;
    // Our errors keep their code (a bad record stays ERR_STREAMTOOLZ_BAD_RECORD).
    const code = err instanceof StreamtoolzError ? err.code : codes.STAGE;
    return new StageError({ stage: this.label, index: this.index }, err, code);
  }
}

/** Checks the arguments of a merging source: inputs, then an optional options object (with these `known` names). */
export function splitArgs<O extends object>(
  name: string,
  args: unknown[],
  known: Readonly<Record<string, true>> = MULTI_SOURCE_OPTIONS,
): { inputs: (SourceLike<unknown> | Readable)[]; options: Partial<O> } {
  let options: Partial<O> = {};
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && !isReadable(last) && !(Symbol.iterator in last) && !(Symbol.asyncIterator in last)) {
    options = { ...checkOptionNames(args.pop() as O, known, `sources.${name}()`) };
  }
  args.forEach((input, i) => {
    // A string is iterable, but here it is more likely a path meant for sources.lines().
    const ok = typeof input === 'object' && input !== null && (isReadable(input) || Symbol.iterator in input || Symbol.asyncIterator in input);
    if (!ok) {
      const err = new TypeError(`The "sources[${i}]" argument of ${name}() must be a Readable or an (async) iterable. ${received(input)}`);
      throw Object.assign(err, { code: codes.INVALID_ARG_TYPE });
    }
  });
  validateSignal((options as MultiSourceOptions).signal);
  const hwm = (options as MultiSourceOptions).highWaterMark;
  if (hwm !== undefined) validateInteger(hwm, 'highWaterMark', 1);
  return { inputs: args as (SourceLike<unknown> | Readable)[], options };
}

export abstract class MultiSource<T> extends Readable {
  [kName]: string;
  protected readonly feeds: Feed<unknown>[];
  #busy = false;
  #wantRead = false;
  #produced = 0;

  constructor(name: string, inputs: readonly (SourceLike<unknown> | Readable)[], options: MultiSourceOptions) {
    super({ objectMode: true, highWaterMark: options.highWaterMark ?? 16 });
    this[kName] = name;
    const onError = (err: Error): void => void this.destroy(err);
    this.feeds = inputs.map((input, i) => new Feed(`${name}(sources[${i}])`, input, onError));
    if (options.signal !== undefined) addAbortSignal(options.signal, this);
  }

  /** The next output item, or `END`. Called only when the consumer wants more. */
  protected abstract produce(): Promise<T | typeof END>;

  override _read(): void {
    if (this.#busy) {
      this.#wantRead = true;
      return;
    }
    void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#busy = true;
    try {
      for (;;) {
        // Inputs that always have an item ready resolve in microtasks only: yield to the
        // event loop now and then, so that timers and I/O (another input's error) run.
        if (++this.#produced % 1024 === 0) await yieldToLoop();
        if (this.destroyed) return;
        this.#wantRead = false;
        const item = await this.produce();
        if (this.destroyed) return;
        if (item === END) return void this.push(null);
        if (!this.push(item) && !this.#wantRead) return;
      }
    } catch (err) {
      this.destroy(err as Error);
    } finally {
      this.#busy = false;
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    for (const feed of this.feeds) feed.close();
    callback(err);
  }
}
