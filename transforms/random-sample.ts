import { SKIP, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { checkOptionNames, copyOptions, type OptionNames, validateNumber } from '../lib/core/validate.js';
import { SeededRandom, seedOption } from '../lib/util/seeded-random.js';

/**
 * Options of {@link randomSample}.
 *
 * @example
 * ```ts
 * await pipe(sources.lines('big.txt'), transforms.randomSample(0.01, { seed: 42 }), sinks.collect());
 * ```
 */
export interface RandomSampleOptions {
  /**
   * An integer from 0 to 2^32 - 1: the same seed picks the same items from the same input.
   * Default: a random seed (a different sample on every run).
   */
  seed?: number | undefined;
}

class RandomSampleOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #p: number;
  readonly #rng: SeededRandom;

  constructor(p: number, seed: number) {
    this.name = `randomSample(${p})`;
    this.#p = p;
    this.#rng = new SeededRandom(seed);
  }

  step(item: T): T | typeof SKIP {
    // One draw per item, as toolz does, so the sample of a prefix is a prefix of the sample.
    return this.#rng.next() < this.#p ? item : SKIP;
  }
}

const RANDOM_SAMPLE_OPTIONS: OptionNames<RandomSampleOptions> = { seed: true };

/**
 * Keeps each item with probability `p`, independently (toolz `random_sample`), in input
 * order; memory is constant. With `{ seed }` the sample is reproducible. Our generator is
 * not Python's Mersenne Twister, so the same seed in toolz picks other items: only the
 * properties match (p = 0 keeps nothing, p = 1 everything, about p of the items otherwise).
 * For a sample of a fixed size, see `sinks.sample(n)`.
 *
 * @example
 * ```ts
 * await pipe(sources.lines('huge.txt'), transforms.randomSample(0.001, { seed: 42 }), sinks.collect());
 * ```
 */
export function randomSample<T>(p: number, options?: RandomSampleOptions): Stage<T, T> {
  validateNumber(p, 'p', 0, 1);
  const opts = copyOptions(checkOptionNames(options, RANDOM_SAMPLE_OPTIONS, 'transforms.randomSample()'));
  return opStage(new RandomSampleOp<T>(p, seedOption(opts.seed)));
}
