/**
 * `peek(source)`: the first item of a source, and a stream that still gives every item,
 * the first included (toolz `peek`). A helper that resolves, rather than a transform: the
 * caller needs the first item before building the rest of the pipe (a CSV header, the
 * width of the first row), which a stage in the middle of a running pipe cannot give.
 */
import type { Readable } from 'node:stream';
import { StageError, codes } from '../lib/core/errors.js';
import { from } from '../lib/core/from.js';
import { stageError } from '../lib/core/stage-error.js';
import type { Source, SourceLike } from '../lib/core/types.js';
import { checkOptionNames, type OptionNames, received, validateSignal } from '../lib/core/validate.js';

/**
 * What {@link peek} resolves to.
 *
 * @example
 * ```ts
 * const { first, stream }: Peeked<string> = await sources.peek(sources.lines('data.txt'));
 * await pipe(stream, sinks.count()); // counts the first line too
 * ```
 */
export interface Peeked<T> {
  /** The first item. */
  first: T;
  /** Every item of the source, the first included: read it once. */
  stream: Source<T>;
}

/**
 * Options of {@link peek}.
 *
 * @example
 * ```ts
 * const { first } = await sources.peek(sources.lines('-'), { signal: AbortSignal.timeout(5000) });
 * ```
 */
export interface PeekOptions {
  /** Aborts the wait for the first item. */
  signal?: AbortSignal | undefined;
}

function iteratorOf<T>(source: SourceLike<T> | Readable): AsyncIterator<T> | Iterator<T> {
  const s = source as Partial<AsyncIterable<T> & Iterable<T>>;
  const asyncIt = s[Symbol.asyncIterator];
  if (typeof asyncIt === 'function') return asyncIt.call(s);
  const syncIt = s[Symbol.iterator];
  if (typeof syncIt === 'function') return syncIt.call(s);
  throw Object.assign(new TypeError(`The "source" argument must be a Readable or an (async) iterable. ${received(source)}`), { code: codes.INVALID_ARG_TYPE });
}

const PEEK_OPTIONS: OptionNames<PeekOptions> = { signal: true };

/**
 * Reads the first item of `source` and resolves to `{ first, stream }`, where `stream`
 * gives that item again and then the rest, read on demand (nothing else is buffered).
 * An empty source rejects with `ERR_STREAMTOOLZ_NO_RESULT`, as toolz raises StopIteration.
 *
 * @example
 * ```ts
 * const { first: header, stream } = await sources.peek(sources.csv('data.csv'));
 * const rows = await pipe(stream, transforms.drop(1), sinks.collect());
 * ```
 */
export function peek<T>(source: SourceLike<T> | Readable, options?: PeekOptions): Promise<Peeked<T>> {
  // Bad arguments throw at once, as Node's functions do; only reading rejects.
  checkOptionNames(options, PEEK_OPTIONS, 'sources.peek()');
  const signal = options?.signal;
  validateSignal(signal);
  return peekFrom(source, iteratorOf<T>(source), signal);
}

async function peekFrom<T>(source: SourceLike<T> | Readable, it: AsyncIterator<T> | Iterator<T>, signal: AbortSignal | undefined): Promise<Peeked<T>> {
  const close = (): void => {
    if (typeof (source as Readable).destroy === 'function') (source as Readable).destroy();
    else void Promise.resolve(it.return?.()).catch(() => {});
  };
  signal?.throwIfAborted();
  let head: IteratorResult<T>;
  try {
    const onAbort = (): void => close();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      head = await it.next();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  } catch (err) {
    close();
    signal?.throwIfAborted();
    throw stageError({ name: 'peek' }, 0, err);
  }
  if (head.done === true) {
    close();
    throw new StageError({ stage: 'peek' }, new Error('the input is empty'), codes.NO_RESULT);
  }
  const first = head.value;
  async function* rest(): AsyncGenerator<T> {
    try {
      yield first;
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    } finally {
      // Stopped early (take, an error downstream): close the source too.
      close();
    }
  }
  return { first, stream: from(rest(), { name: 'peek' }) };
}
