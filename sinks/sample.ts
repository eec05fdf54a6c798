import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, copyOptions, type OptionNames, validateInteger } from '../lib/core/validate.js';
import { SeededRandom, seedOption } from '../lib/util/seeded-random.js';
import { mergeable } from '../lib/job/mergeable.js';
import { sampleAggregator } from '../lib/job/sample-aggregator.js';

/**
 * Options of {@link sample}.
 *
 * @example
 * ```ts
 * await pipe(sources.lines('big.txt'), sinks.sample(100, { seed: 7 }));
 * ```
 */
export interface SampleOptions {
  /**
   * An integer from 0 to 2^32 - 1: the same seed gives the same sample of the same input.
   * Default: a random seed.
   */
  seed?: number | undefined;
}

const SAMPLE_OPTIONS: OptionNames<SampleOptions> = { seed: true };

/**
 * A uniform random sample of `n` items (all of them when there are fewer), by reservoir
 * sampling (Li's Algorithm L: it draws random numbers only when an item enters the
 * reservoir, about n·log(N/n) times for N items). Memory: n items, whatever the input's
 * size. The sample is in reservoir order, not input order. toolz has no such function;
 * with `{ seed }` it is reproducible (our generator, not Python's).
 *
 * @example
 * ```ts
 * await pipe(sources.lines('huge.txt'), sinks.sample(1000, { seed: 7 })); // 1000 lines, each equally likely
 * ```
 */
export function sample<T>(n: number, options?: SampleOptions): ReducerSink<T, T[]> {
  validateInteger(n, 'n', 0);
  const seed = seedOption(copyOptions(checkOptionNames(options, SAMPLE_OPTIONS, 'sinks.sample()')).seed);
  const sink = reducerSink<T, T[]>(`sample(${n})`, () => {
    const rng = new SeededRandom(seed);
    const reservoir: T[] = [];
    let w = 1;
    let next = 0;
    // After the reservoir is full: W is the running max-of-uniforms threshold; the gap to
    // the next item to take is geometric with parameter W.
    const skip = (i: number): void => {
      w *= Math.exp(Math.log(rng.next()) / n);
      next = i + Math.floor(Math.log(rng.next()) / Math.log1p(-w)) + 1;
    };
    return {
      step(item, index) {
        if (index < n) {
          reservoir.push(item);
          if (index === n - 1) skip(index);
          return;
        }
        if (n === 0 || index < next) return;
        reservoir[Math.floor(rng.next() * n)] = item;
        skip(index);
      },
      result: () => reservoir,
    };
  });
  return mergeable(sink, () => sampleAggregator(n, seed));
}
