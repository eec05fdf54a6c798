/**
 * A small seeded pseudo-random generator (SplitMix32 seeding xoshiro128**), so that
 * `transforms.randomSample` and `sinks.sample` are reproducible from a seed. It cannot give
 * Python's `random` stream (Mersenne Twister): the same seed in toolz and here picks
 * different items. It knows nothing of streams.
 */
import { validateInteger } from '../core/validate.js';

/**
 * A seeded generator of floats in (0, 1): never 0, so that `Math.log(random())` is finite.
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(42);
 * rng.next(); // the same number on every run with seed 42
 * ```
 */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    // SplitMix32 spreads any seed (0, 1, 2...) over the 128-bit state: xoshiro needs a
    // state that is not all zeros, and close seeds must not give close streams.
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = mix();
    this.#b = mix();
    this.#c = mix();
    this.#d = mix();
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** A float in the open interval (0, 1). */
  next(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The seed option of the sampling stages: an integer, or a random one when not given. */
export function seedOption(seed: unknown): number {
  if (seed === undefined) return Math.floor(Math.random() * 4294967296);
  validateInteger(seed, 'seed', 0, 4294967295);
  return seed;
}
