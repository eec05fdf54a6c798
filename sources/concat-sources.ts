import type { Readable } from 'node:stream';
import type { Source, SourceLike } from '../lib/core/types.js';
import { END, MultiSource, splitArgs, type MultiSourceOptions } from './multi-source.js';

class ConcatSource<T> extends MultiSource<T> {
  #current = 0;

  constructor(inputs: readonly (SourceLike<T> | Readable)[], options: MultiSourceOptions) {
    super('concatSources', inputs, options);
  }

  protected override async produce(): Promise<T | typeof END> {
    while (this.#current < this.feeds.length) {
      const item = await this.feeds[this.#current]!.next();
      if (item !== END) return item as T;
      this.#current++;
    }
    return END;
  }
}

/**
 * The items of each input in turn, the first to the end, then the second... (toolz
 * `concat` of sources). An input is read only when its turn comes, but an error in any of
 * them, read or not, stops all.
 *
 * @example
 * ```ts
 * await pipe(sources.concatSources([1, 2], [3], sources.lines('more.txt')), sinks.count());
 * ```
 */
export function concatSources<T>(...args: [...(SourceLike<T> | Readable)[], MultiSourceOptions] | (SourceLike<T> | Readable)[]): Source<T> {
  const { inputs, options } = splitArgs<MultiSourceOptions>('concatSources', args);
  return new ConcatSource<T>(inputs as (SourceLike<T> | Readable)[], options) as unknown as Source<T>;
}
