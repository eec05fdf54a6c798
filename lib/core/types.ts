/**
 * The types that flow through `pipe()`: a stage's input and output types are part of its
 * type, so that a stage order that does not fit is a compile error.
 */
import type { Duplex, Readable, Transform, Writable } from 'node:stream';
import type { PipeStats } from './stats.js';
import type { kIn, kOut } from './symbols.js';

/**
 * A transform stage from `I` to `O`: a real Node `Transform`. A foreign Transform is a
 * `Stage<any, any>`.
 *
 * @example
 * ```ts
 * const double: Stage<number, number> = transforms.map((x: number) => x * 2);
 * ```
 */
export interface Stage<I, O> extends Transform {
  /** Phantom: the input type, for the compiler only. */
  readonly [kIn]?: (item: I) => void;
  /**
   * Phantom: the output type. Not carried by `[Symbol.asyncIterator]`, so that a stage stays
   * assignable to the `ReadWriteStream` that Node's own `pipeline` typings ask for.
   */
  readonly [kOut]?: () => O;
}

/**
 * A source of `T`: a real Node object-mode `Readable`. A foreign Readable is a `Source<any>`.
 *
 * @example
 * ```ts
 * const lines: Source<string> = sources.lines('data.txt');
 * ```
 */
export interface Source<T> extends Readable {
  [Symbol.asyncIterator](): AsyncIterableIterator<T>;
}

/**
 * Options every sink accepts; Node's `pipeline` passes `{ signal }` to its last function.
 *
 * @example
 * ```ts
 * const total = await sinks.sum()(Readable.from([1, 2, 3]), { signal: AbortSignal.timeout(1000) } satisfies SinkOptions);
 * ```
 */
export interface SinkOptions {
  signal?: AbortSignal | undefined;
}

/**
 * A sink: an async function of a source. Usable as the last argument of Node's own
 * `pipeline` from `node:stream/promises`, which then resolves with its result.
 *
 * @example
 * ```ts
 * const count: Sink<unknown, number> = async (source) => { let n = 0; for await (const _ of source) n++; return n; };
 * ```
 */
export type Sink<T, R> = (source: AsyncIterable<T>, options?: SinkOptions) => Promise<R>;

/**
 * A stage written as an (async) generator function, as Node's `pipeline` accepts them.
 *
 * @example
 * ```ts
 * const upper: StageFn<string, string> = async function* (source) { for await (const s of source) yield s.toUpperCase(); };
 * ```
 */
export type StageFn<I, O> = (source: AsyncIterable<I>, options: { signal: AbortSignal }) => AsyncIterable<O>;

/**
 * Anything `pipe()` accepts between the source and the sink: our stages, generator functions,
 * and any Transform or Duplex (such as the one Node's `stream.compose` returns), untyped.
 *
 * @example
 * ```ts
 * const stages: StageLike<string, string>[] = [transforms.map((s: string) => s.trim()), new PassThrough({ objectMode: true })];
 * ```
 */
export type StageLike<I, O> = Stage<I, O> | StageFn<I, O> | ForeignDuplex;

/**
 * A Duplex that is not one of our typed stages (those carry phantom item types, which a
 * Duplex here must not, or any stage would fit anywhere as a mere Duplex).
 *
 * @example
 * ```ts
 * const gunzip: ForeignDuplex = zlib.createGunzip();
 * ```
 */
export type ForeignDuplex = Duplex & { readonly [kIn]?: undefined; readonly [kOut]?: undefined };

/**
 * Anything `pipe()` accepts as its source: a Readable, a Web ReadableStream, an iterable or an async iterable.
 *
 * @example
 * ```ts
 * const from: SourceLike<number>[] = [[1, 2], new Set([3]), (await fetch(url)).body as ReadableStream<number>];
 * ```
 */
export type SourceLike<T> = Iterable<T> | AsyncIterable<T> | ReadableStream<T>;

/**
 * What `pipe()` accepts as its last argument besides a sink: a Writable or a Web WritableStream.
 *
 * @example
 * ```ts
 * await pipe(rows, transforms.map(toLine), fs.createWriteStream('out.txt') satisfies PipeDestination<string>);
 * ```
 */
export type PipeDestination<T> = Writable | WritableStream<T>;

/**
 * Options of `pipe()`.
 *
 * @example
 * ```ts
 * const options: PipeOptions = { signal: AbortSignal.timeout(60_000), stats: true };
 * await pipe(sources.lines('big.txt'), sinks.count(), options);
 * ```
 */
export interface PipeOptions {
  /** Aborts the whole pipe: it rejects with an `AbortError` and every stream is destroyed. */
  signal?: AbortSignal | undefined;
  /**
   * Per-stage metrics: `true` prints a table of items in/out, bytes and time per stage to
   * stderr at the end and names the slowest stage; a function receives the report instead.
   * Measuring costs time: the compiled fast path is off.
   */
  stats?: boolean | ((stats: PipeStats) => void) | undefined;
  /** Run on the first `sample` records of the source only (see `sampleRun`). */
  sample?: number | undefined;
}
