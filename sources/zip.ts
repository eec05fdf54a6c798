import type { Readable } from 'node:stream';
import type { Source, SourceLike } from '../lib/core/types.js';
import { END, MultiSource, splitArgs, type MultiSourceOptions } from './multi-source.js';

class ZipSource<T extends unknown[]> extends MultiSource<T> {
  #ended = false;

  constructor(inputs: readonly (SourceLike<unknown> | Readable)[], options: MultiSourceOptions) {
    super('zip', inputs, options);
  }

  protected override async produce(): Promise<T | typeof END> {
    if (this.#ended || this.feeds.length === 0) return END;
    const items = await Promise.all(this.feeds.map((feed) => feed.next()));
    if (items.includes(END)) {
      // The shortest input ended: the others are closed (destroyed on end), not read on.
      this.#ended = true;
      for (const feed of this.feeds) feed.close();
      return END;
    }
    return items as T;
  }
}

/** The item types of a tuple of inputs. */
type Items<S extends readonly unknown[]> = { [I in keyof S]: S[I] extends SourceLike<infer T> ? T : S[I] extends Readable ? unknown : never };

/**
 * Arrays of one item from each input, ending with the shortest input (Python `zip`):
 * `[1, 2, 3]` and `['a', 'b']` give `[1, 'a'], [2, 'b']`. The inputs are read in step, one
 * item each per output; the longer ones are closed at the end.
 *
 * @example
 * ```ts
 * await pipe(sources.zip([1, 2, 3], ['a', 'b']), sinks.collect()); // [[1, 'a'], [2, 'b']]
 * ```
 */
export function zip<S extends (SourceLike<unknown> | Readable)[]>(...args: [...S] | [...S, MultiSourceOptions]): Source<Items<S>> {
  const { inputs, options } = splitArgs<MultiSourceOptions>('zip', args);
  return new ZipSource<Items<S>>(inputs, options) as unknown as Source<Items<S>>;
}
