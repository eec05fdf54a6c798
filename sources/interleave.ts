import type { Readable } from 'node:stream';
import type { Source, SourceLike } from '../lib/core/types.js';
import { END, MultiSource, splitArgs, type MultiSourceOptions } from './multi-source.js';

class InterleaveSource<T> extends MultiSource<T> {
  /** Inputs not yet ended, in turn order. */
  #live: number[];
  #turn = 0;

  constructor(inputs: readonly (SourceLike<T> | Readable)[], options: MultiSourceOptions) {
    super('interleave', inputs, options);
    this.#live = this.feeds.map((_, i) => i);
  }

  protected override async produce(): Promise<T | typeof END> {
    while (this.#live.length > 0) {
      if (this.#turn >= this.#live.length) this.#turn = 0;
      const item = await this.feeds[this.#live[this.#turn]!]!.next();
      if (item !== END) {
        this.#turn++;
        return item as T;
      }
      // This input ended: the next one takes its turn.
      this.#live.splice(this.#turn, 1);
    }
    return END;
  }
}

/**
 * One item from each input in turn, skipping inputs that have ended (toolz `interleave`):
 * `[1, 2, 3]` and `['a']` give `1, 'a', 2, 3`. Each input is read only when its turn comes.
 *
 * @example
 * ```ts
 * await pipe(sources.interleave([1, 2, 3], ['a']), sinks.collect()); // [1, 'a', 2, 3]
 * ```
 */
export function interleave<T>(...args: [...(SourceLike<T> | Readable)[], MultiSourceOptions] | (SourceLike<T> | Readable)[]): Source<T> {
  const { inputs, options } = splitArgs<MultiSourceOptions>('interleave', args);
  return new InterleaveSource<T>(inputs as (SourceLike<T> | Readable)[], options) as unknown as Source<T>;
}
