/**
 * A source from any iterable or async iterable: the Readable that `pipe()` makes of an
 * array or a generator. Like `Readable.from`, but it can send batches (arrays of items)
 * when `pipe()` fuses the stages after it, and its errors name it.
 */
import { BatchSource } from './batch-source.js';
import { stageError } from './stage-error.js';
import { kName } from './symbols.js';
import { checkOptionNames, type OptionNames, validateInteger } from './validate.js';
import type { Source } from './types.js';

/**
 * Options of {@link from}.
 *
 * @example
 * ```ts
 * const source = sources.from(rows(), { batchSize: 256, name: 'rows' });
 * ```
 */
export interface FromOptions {
  /** Buffered chunks (items, or batches in batch mode). Default 16. */
  highWaterMark?: number | undefined;
  /** Items per batch in batch mode. Default 1024. */
  batchSize?: number | undefined;
  /** Display name for errors. Default `from(<type>)`. */
  name?: string | undefined;
}

/** Node streams end at a null chunk: a null item would silently end the stream. */
export function nullItem(): TypeError {
  return new TypeError('null cannot flow through a Node stream (it means end of stream): use undefined or wrap the value');
}

/** `Array`, `Generator`, `AsyncGenerator`, `Set`..., for the source's name in errors. */
function kindOf(iterable: object): string {
  return (iterable as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] || iterable.constructor?.name || 'iterable';
}

export class IterableSource<T> extends BatchSource<T> {
  readonly #iterator: Iterator<T> | AsyncIterator<T>;
  readonly #async: boolean;
  readonly #batchSize: number;
  #index = 0;
  #reading = false;

  constructor(iterable: Iterable<T> | AsyncIterable<T>, options: FromOptions = {}) {
    const name = options.name ?? `from(${kindOf(iterable)})`;
    super(name, options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark });
    this.#batchSize = options.batchSize ?? 1024;
    const asyncIt = (iterable as AsyncIterable<T>)[Symbol.asyncIterator];
    this.#async = typeof asyncIt === 'function';
    this.#iterator = this.#async ? (iterable as AsyncIterable<T>)[Symbol.asyncIterator]() : (iterable as Iterable<T>)[Symbol.iterator]();
  }

  override _read(): void {
    if (this.#reading) return;
    if (this.#async) void this.#readAsync();
    else this.#readSync();
  }

  #readSync(): void {
    const it = this.#iterator as Iterator<T>;
    try {
      for (;;) {
        if (this.batched) {
          const batch: T[] = [];
          let r: IteratorResult<T> | undefined;
          while (batch.length < this.#batchSize && !(r = it.next()).done) {
            batch.push(r.value);
            this.#index++;
          }
          const more = batch.length === 0 || this.push(batch);
          if (r?.done) return void this.push(null);
          if (!more) return;
        } else {
          const r = it.next();
          if (r.done) return void this.push(null);
          if (r.value === null) throw nullItem();
          this.#index++;
          if (!this.push(r.value)) return;
        }
      }
    } catch (err) {
      this.destroy(stageError({ name: this.#name() }, this.#index, err));
    }
  }

  async #readAsync(): Promise<void> {
    const it = this.#iterator as AsyncIterator<T>;
    this.#reading = true;
    try {
      for (;;) {
        const r = await it.next();
        if (this.destroyed) return;
        if (r.done) return void this.push(null);
        if (r.value === null && !this.batched) throw nullItem();
        this.#index++;
        if (!(this.batched ? this.push([r.value]) : this.push(r.value))) return;
      }
    } catch (err) {
      this.destroy(stageError({ name: this.#name() }, this.#index, err));
    } finally {
      this.#reading = false;
    }
  }

  #name(): string {
    return this[kName];
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    // Let a generator run its `finally` blocks (close its files) when the pipe stops early.
    const ret = this.#iterator.return;
    if (typeof ret !== 'function') return callback(err);
    try {
      const r = (ret as (this: unknown) => unknown).call(this.#iterator);
      if (r instanceof Promise)
        r.then(
          () => callback(err),
          (e: Error) => callback(err ?? e),
        );
      else callback(err);
    } catch (e) {
      callback(err ?? (e as Error));
    }
  }
}

const FROM_OPTIONS: OptionNames<FromOptions> = { highWaterMark: true, batchSize: true, name: true };

/**
 * A source from an iterable or async iterable (an array, a generator...).
 *
 * @example
 * ```ts
 * const total = await pipe(sources.from(range(1e6)), transforms.map((x: number) => x * 2), sinks.sum());
 * ```
 */
export function from<T>(iterable: Iterable<T> | AsyncIterable<T>, options?: FromOptions): Source<T> {
  const opts = { ...checkOptionNames(options, FROM_OPTIONS, 'sources.from()') };
  if (opts.highWaterMark !== undefined) validateInteger(opts.highWaterMark, 'highWaterMark', 1);
  if (opts.batchSize !== undefined) validateInteger(opts.batchSize, 'batchSize', 1);
  return new IterableSource<T>(iterable, opts) as unknown as Source<T>;
}
