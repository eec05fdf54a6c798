import { expect } from 'chai';
import { pluck } from '../../transforms/pluck.js';
import { expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';

describe('pluck', () => {
  const records = [
    { id: 'a', sequence: 'AC' },
    { id: 'b', sequence: 'GT' },
  ];
  stageContract(() => pluck<{ id: string; sequence: string }, 'sequence'>('sequence'), records, ['AC', 'GT']);

  it('takes array indices and tuples of keys', async () => {
    expect(
      await runStage(pluck<number[], 1>(1), [
        [1, 2],
        [3, 4],
      ]),
    ).to.deep.equal([2, 4]);
    expect(await runStage(pluck<number[], [0, 2]>([0, 2]), [[1, 2, 3]])).to.deep.equal([[1, 3]]);
  });

  it('fails on a missing key unless a default is given', async () => {
    const items = [{ a: 1 }, { b: 2 }] as { a?: number }[];
    expectStageError(await rejection(runStage(pluck<{ a?: number }, 'a'>('a'), items)), 'pluck(a)', 1, 'missing key a in object');
    expect(await runStage(pluck<{ a?: number }, 'a'>('a', { default: 0 }), items)).to.deep.equal([1, 0]);
  });

  it('does not modify the options object', () => {
    const options = Object.freeze({ default: 0 });
    pluck<{ a: number }, 'a'>('a', options);
    expect(options).to.deep.equal({ default: 0 });
  });

  it('throws at once for a bad key', () => {
    expect(thrown(() => pluck({} as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
