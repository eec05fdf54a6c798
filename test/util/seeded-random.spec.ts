import { expect } from 'chai';
import { SeededRandom, seedOption } from '../../lib/util/seeded-random.js';

describe('SeededRandom', () => {
  it('gives the same stream for the same seed, different streams for neighbouring seeds', () => {
    const take = (seed: number): number[] => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => r.nextUint32());
    };
    expect(take(1)).to.deep.equal(take(1));
    expect(take(1)).to.not.deep.equal(take(2));
    expect(take(0).some((x) => x !== 0)).to.equal(true);
  });

  it('gives floats in (0, 1), uniform by a chi-square test on 10 bins', () => {
    const r = new SeededRandom(2024);
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (!(x > 0 && x < 1)) outside++;
      bins[Math.floor(x * 10)]!++;
    }
    expect(outside).to.equal(0);
    const chi2 = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    // 9 degrees of freedom: 27.9 is the 0.1% critical value.
    expect(chi2).to.be.below(27.9);
  });

  it('seedOption validates a given seed and draws one otherwise', () => {
    expect(seedOption(5)).to.equal(5);
    expect(seedOption(undefined)).to.be.a('number');
    expect(() => seedOption(1.5)).to.throw(RangeError, 'The "seed" option must be an integer from 0 to 4294967295. Received 1.5');
  });
});
