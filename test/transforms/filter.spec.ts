import { expect } from 'chai';
import { filter } from '../../transforms/filter.js';
import { asyncContract, expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';

describe('filter', () => {
  stageContract(() => filter((x: number) => x % 2 === 0), [1, 2, 3, 4], [2, 4]);
  asyncContract(
    (fn) => filter(fn),
    [1, 2, 3, 4],
    [2, 4],
    (x: number) => x % 2 === 0,
  );

  it('narrows with a type guard and keeps truthy results', async () => {
    const isString = (x: unknown): x is string => typeof x === 'string';
    const out: string[] = await runStage(filter(isString), [1, 'a', 0, 'b']);
    expect(out).to.deep.equal(['a', 'b']);
  });

  it('names the predicate and the item in an error', async () => {
    const odd = (x: number): boolean => {
      if (x === 3) throw new RangeError('three');
      return x % 2 === 1;
    };
    expectStageError(await rejection(runStage(filter(odd), [1, 2, 3])), 'filter(odd)', 2, 'three');
  });

  it('throws at once for a non-function', () => {
    expect(thrown(() => filter(undefined as never)).message).to.equal('The "predicate" argument must be a function. Received undefined');
  });
});
