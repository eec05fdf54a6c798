import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'chai';
import { accumulate, scan } from '../../transforms/accumulate.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';
import { moreCases, plus, zeroOf } from '../helpers/toolz-more-fixtures.js';

const add = (a: number, b: number): number => a + b;

describe('accumulate', () => {
  describe('without an initial value', () => {
    stageContract(() => accumulate(add), [1, 2, 3, 4], [1, 3, 6, 10]);
  });
  describe('with an initial value', () => {
    stageContract(() => accumulate(add, 10), [1, 2, 3], [10, 11, 13, 16], [10]);
  });

  it('matches toolz accumulate on the fixtures, with and without initial, as a stage and in pipe()', async () => {
    for (const c of moreCases) {
      expect(await runStage(accumulate(plus), c.input), c.name).to.deep.equal(c.accumulate);
      expect(await pipe(c.input, accumulate(plus), collect()), c.name).to.deep.equal(c.accumulate);
      expect(await runStage(accumulate(plus, zeroOf(c)), c.input), c.name).to.deep.equal(c.accumulate_initial);
      expect(await pipe(c.input, accumulate(plus, zeroOf(c)), collect()), c.name).to.deep.equal(c.accumulate_initial);
    }
  });

  it('scan is the same stage', async () => {
    expect(scan).to.equal(accumulate);
    expect(
      await pipe(
        [3, 1, 4],
        scan((a: number, b: number) => Math.max(a, b)),
        collect(),
      ),
    ).to.deep.equal([3, 3, 4]);
  });

  it('passes the item index, and accepts undefined as an initial value', async () => {
    const seen: number[] = [];
    await pipe(
      ['a', 'b'],
      accumulate((acc: number, _x: string, { index }) => (seen.push(index), acc + 1), 0),
      collect(),
    );
    expect(seen).to.deep.equal([0, 1]);
    expect(
      await pipe(
        [],
        accumulate((a: undefined) => a, undefined),
        collect(),
      ),
    ).to.deep.equal([undefined]);
  });

  it('stops with take after it, and counts its outputs (the initial value included) for the next stage', async () => {
    expect(await pipe([1, 2, 3, 4, 5], accumulate(add, 0), take<number>(3), collect())).to.deep.equal([0, 1, 3]);
    const boom = (x: number): number => {
      if (x === 3) throw new Error('three');
      return x;
    };
    // Outputs 0, 1, 3: the failing one is map's item 2.
    expectStageError(await rejection(pipe([1, 2, 3], accumulate(add, 0), map(boom), collect())), 'map(boom)', 2, 'three');
  });

  it('names itself and the item in an error', async () => {
    function noTwo(a: number, x: number): number {
      if (x === 2) throw new Error('two');
      return a + x;
    }
    expectStageError(await rejection(runStage(accumulate(noTwo), [1, 2])), 'accumulate(noTwo)', 1, 'two');
    const err = await rejection(pipe([5, 1, 2], accumulate(noTwo, 0), collect()));
    expectStageError(err, 'accumulate(noTwo)', 2, 'two');
    expect(err.position).to.equal(2);
  });

  it('throws at once for a fn that is not a function', () => {
    const err = thrown(() => accumulate(3 as never));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "fn" argument must be a function. Received type number (3)');
  });

  it('awaits an async fn, one call after the other, with or without an initial value', async () => {
    const slowAdd = async (a: number, x: number): Promise<number> => (await tick(), a + x);
    expect(await pipe([1, 2, 3], accumulate(slowAdd), collect())).to.deep.equal([1, 3, 6]);
    expect(await runStage(accumulate(slowAdd, 10), [1, 2, 3])).to.deep.equal([10, 11, 13, 16]);
    const noTwo = async (a: number, x: number): Promise<number> => {
      if (x === 2) throw new Error('two');
      return a + x;
    };
    expectStageError(await rejection(pipe([5, 1, 2], accumulate(noTwo, 0), collect())), 'accumulate(noTwo)', 2, 'two');
  });
});
