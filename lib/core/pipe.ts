/**
 * `pipe(source, ...stages, sink)`: the seed's `tz.pipe` for Node streams. It runs Node's own
 * `pipeline` from `node:stream/promises` (never a home-made pump), after fusing adjacent
 * streamtoolz stages into one loop (`lib/core/plan.ts`), and resolves with the sink's result.
 * Errors are re-thrown as a `StageError` naming the stage and its position; every stream
 * is destroyed and closed before the promise settles.
 */
import { codedError, codes } from './errors.js';
import { pipeDefaults } from './pipe-defaults.js';
import { plan } from './plan.js';
import { run } from './run.js';
import { formatStats, StatsCollector } from './stats.js';
import type { PipeDestination, PipeOptions, Sink, SourceLike, Stage, StageLike } from './types.js';
import { PIPE_OPTIONS } from './pipe-options.js';
import { checkOptionNames, validateInteger, validateSignal } from './validate.js';

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

/**
 * Runs `source` through `stages` into `sink` and resolves with the sink's result (or with
 * nothing when the last argument is a Writable). The source may be a Readable, an array, a
 * generator or any (async) iterable; stages are Transforms/Duplexes (ours or anyone's) or
 * async generator functions; the sink is a streamtoolz sink, any async function of an
 * async iterable, or a Writable. A trailing `{ signal }` aborts the pipe.
 *
 * @example
 * ```ts
 * import { pipe, transforms, sinks } from 'streamtoolz';
 * const total = await pipe([0, 1, 2, 3, 4, 5], transforms.map((x: number) => x * 2), sinks.sum()); // 30
 * ```
 */
// a foreign Transform carries no types: its output is `any`
// Longest first: TypeScript fixes the type of a generic argument such as batch(2) in the first
// overload it tries, so a shorter overload tried first would misplace it. Two overloads per length: with stages only (so that generic factories such as batch(2) or
// pluck('id') infer their item type from the stage before), then also accepting generator
// functions, which a union would otherwise stop that inference for.
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, J = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  s8: Stage<H, I>,
  s9: Stage<I, J>,
  sink: Sink<J, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, J = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  s8: StageLike<H, I>,
  s9: StageLike<I, J>,
  sink: Sink<J, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  s8: Stage<H, I>,
  sink: Sink<I, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  s8: StageLike<H, I>,
  sink: Sink<I, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  sink: Sink<H, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  sink: Sink<H, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  sink: Sink<G, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  sink: Sink<G, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  sink: Sink<F, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  sink: Sink<F, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  sink: Sink<E, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  sink: Sink<E, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  sink: Sink<D, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, D = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  sink: Sink<D, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, R = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  sink: Sink<C, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, C = any, R = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  sink: Sink<C, R>,
  options?: PipeOptions,
): Promise<R>;
export function pipe<A, B = any, R = any>(source: SourceLike<A>, s1: Stage<A, B>, sink: Sink<B, R>, options?: PipeOptions): Promise<R>;
export function pipe<A, B = any, R = any>(source: SourceLike<A>, s1: StageLike<A, B>, sink: Sink<B, R>, options?: PipeOptions): Promise<R>;
export function pipe<A, R = any>(source: SourceLike<A>, sink: Sink<A, R>, options?: PipeOptions): Promise<R>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, J = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  s8: Stage<H, I>,
  s9: Stage<I, J>,
  destination: PipeDestination<J>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, J = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  s8: StageLike<H, I>,
  s9: StageLike<I, J>,
  destination: PipeDestination<J>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  s8: Stage<H, I>,
  destination: PipeDestination<I>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  s8: StageLike<H, I>,
  destination: PipeDestination<I>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  destination: PipeDestination<H>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  destination: PipeDestination<H>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  destination: PipeDestination<G>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any, G = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  destination: PipeDestination<G>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  destination: PipeDestination<F>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any, F = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  destination: PipeDestination<F>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  destination: PipeDestination<E>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any, E = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  destination: PipeDestination<E>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  destination: PipeDestination<D>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any, D = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  destination: PipeDestination<D>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any>(
  source: SourceLike<A>,
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  destination: PipeDestination<C>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any, C = any>(
  source: SourceLike<A>,
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  destination: PipeDestination<C>,
  options?: PipeOptions,
): Promise<void>;
export function pipe<A, B = any>(source: SourceLike<A>, s1: Stage<A, B>, destination: PipeDestination<B>, options?: PipeOptions): Promise<void>;
export function pipe<A, B = any>(source: SourceLike<A>, s1: StageLike<A, B>, destination: PipeDestination<B>, options?: PipeOptions): Promise<void>;
export function pipe<A>(source: SourceLike<A>, destination: PipeDestination<A>, options?: PipeOptions): Promise<void>;
export async function pipe(...args: unknown[]): Promise<unknown> {
  let options: PipeOptions = pipeDefaults();
  if (args.length > 2 && isPlainObject(args[args.length - 1])) {
    const given = args.pop() as PipeOptions;
    checkOptionNames(given, PIPE_OPTIONS, 'pipe()');
    options = { ...options, ...given };
  }
  validateSignal(options.signal);
  if (args.length < 2) throw codedError(TypeError, codes.MISSING_ARGS, 'pipe() needs a source and a sink (or a Writable), with any stages between them');
  if (options.sample !== undefined) validateInteger(options.sample, 'sample', 0);
  const stats = options.stats ? new StatsCollector() : undefined;
  const planned = plan(args, { stats, sample: options.sample });
  try {
    return await run(planned, options);
  } finally {
    if (stats !== undefined) {
      const report = stats.report();
      if (typeof options.stats === 'function') options.stats(report);
      else process.stderr.write(formatStats(report));
    }
  }
}

/**
 * Runs a pipe on the first `n` records of its source only: the seed's advice for long pipes
 * ("take a small stream and add functions one by one"), without editing the pipe.
 *
 * @example
 * ```ts
 * await sampleRun(100)(sources.csv('huge.csv'), transforms.map(parseRow), sinks.collect());
 * ```
 */
export function sampleRun(n: number, options?: PipeOptions): typeof pipe {
  validateInteger(n, 'n', 0);
  return pipeWith({ ...options, sample: n });
}

/**
 * `pipe()` with options: `pipeWith({ signal })(source, ...stages, sink)`. The same as
 * passing the options last, but TypeScript then infers generic stages such as `batch(2)`
 * or `pluck('id')` from the stage before them, which a trailing options object can defeat
 * (TypeScript fixes a generic argument's type in the first overload it tries).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const counts = await pipeWith({ signal: controller.signal })(records, transforms.pluck('sequence'), sinks.frequencies());
 * ```
 */
export function pipeWith(options: PipeOptions): typeof pipe {
  const opts = { ...checkOptionNames(options, PIPE_OPTIONS, 'pipeWith()') };
  validateSignal(opts.signal);
  return ((...args: unknown[]) => (pipe as (...a: unknown[]) => Promise<unknown>)(...args, opts)) as typeof pipe;
}

// Re-exported so that `pipe()`'s users see the types its overloads use.
export type { PipeDestination, PipeOptions, Sink, SourceLike, Stage, StageLike };
