import { expect } from 'chai';
import { randomSample } from '../../transforms/random-sample.js';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, count } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';
import { bySize } from '../helpers/toolz-fixtures.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

const isSubsequence = <T>(sub: readonly T[], seq: readonly T[]): boolean => {
  let j = 0;
  for (const x of seq) if (j < sub.length && sub[j] === x) j++;
  return j === sub.length;
};

describe('randomSample', () => {
  stageContract(() => randomSample(1, { seed: 1 }), [1, 2, 3], [1, 2, 3]);

  it('matches toolz random_sample where it is exact (p = 0, p = 1), and its properties otherwise', async () => {
    for (const c of moreCases) {
      for (const [p, expected] of bySize(c.random_sample)) {
        expect(await runStage(randomSample(p, { seed: 5 }), c.input), `${c.name} p=${p}`).to.deep.equal(expected);
      }
      // Python's generator is not ours: the items differ, the kind of output does not.
      const half = await pipe(c.input, randomSample(0.5, { seed: 5 }), collect());
      expect(isSubsequence(half, c.input), c.name).to.equal(true);
    }
  });

  it('keeps about p of the items, in order, each item independently', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    for (const p of [0.1, 0.5, 0.9]) {
      const kept = await pipe(items, randomSample(p, { seed: 11 }), collect());
      // Binomial: 5 standard deviations either side.
      const sd = Math.sqrt(items.length * p * (1 - p));
      expect(Math.abs(kept.length - p * items.length)).to.be.below(5 * sd);
      expect(kept.every((x, i) => i === 0 || x > kept[i - 1]!)).to.equal(true);
      // The first and second halves get their share: no drift along the input.
      const firstHalf = kept.filter((x) => x < 10_000).length;
      expect(Math.abs(firstHalf - kept.length / 2)).to.be.below(5 * Math.sqrt(kept.length / 4));
    }
  });

  it('is reproducible with a seed, differs between seeds, and is random without one', async () => {
    const items = Array.from({ length: 500 }, (_, i) => i);
    const a = await pipe(items, randomSample(0.3, { seed: 42 }), collect());
    expect(await runStage(randomSample(0.3, { seed: 42 }), items)).to.deep.equal(a);
    expect(await pipe(items, randomSample(0.3, { seed: 43 }), collect())).to.not.deep.equal(a);
    const runs = await Promise.all([1, 2, 3].map(() => pipe(items, randomSample(0.3), collect())));
    expect(new Set(runs.map((r) => r.join()))).to.have.length.above(1);
  });

  it('counts its outputs for the next stage', async () => {
    const boom = (x: number): number => {
      if (x === 2) throw new Error('two');
      return x;
    };
    expectStageError(await rejection(pipe([0, 1, 2, 3], randomSample<number>(1, { seed: 0 }), map(boom), collect())), 'map(boom)', 2, 'two');
    expect(await pipe([1, 2, 3], randomSample(0), count())).to.equal(0);
  });

  it('throws at once for a bad p or seed, and leaves a frozen options object alone', () => {
    const big = thrown(() => randomSample(1.5));
    expect(big).to.be.instanceOf(RangeError);
    expect(big.code).to.equal('ERR_OUT_OF_RANGE');
    expect(big.message).to.equal('The "p" option must be a number from 0 to 1. Received 1.5');
    expect(thrown(() => randomSample(NaN)).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => randomSample('0.5' as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => randomSample(0.5, { seed: -1 })).message).to.equal('The "seed" option must be an integer from 0 to 4294967295. Received -1');
    expect(thrown(() => randomSample(0.5, 7 as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
    const opts = Object.freeze({ seed: 3 });
    randomSample(0.5, opts);
    expect(opts).to.deep.equal({ seed: 3 });
  });
});
