import { expect } from 'chai';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { asyncContract, expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';

describe('map', () => {
  stageContract(() => map((x: number) => x * 2), [1, 2, 3], [2, 4, 6]);
  asyncContract(
    (fn) => map(fn),
    [1, 2, 3],
    [2, 4, 6],
    (x: number) => x * 2,
  );

  it('gives a function that names the context a context of its own per call, to keep', async () => {
    const kept: { index: number }[] = [];
    await pipe(
      ['a', 'b', 'c'],
      map((x: string, context) => (kept.push(context), x)),
      collect(),
    );
    expect(kept.map((c) => c.index)).to.deep.equal([0, 1, 2]);
  });

  it('passes the 0-based index in its context', async () => {
    expect(
      await runStage(
        map((x: string, { index }) => `${index}:${x}`),
        ['a', 'b'],
      ),
    ).to.deep.equal(['0:a', '1:b']);
  });

  it('names the function and the item in an error, as a stage and fused in pipe()', async () => {
    const boom = (x: number): number => {
      if (x === 7) throw new Error('seven');
      return x;
    };
    const items = Array.from({ length: 10 }, (_, i) => i);
    expectStageError(await rejection(runStage(map(boom), items)), 'map(boom)', 7, 'seven');
    const err = await rejection(pipe(items, map(boom), collect()));
    expectStageError(err, 'map(boom)', 7, 'seven');
    expect(err.position).to.equal(2);
    expect(err.message).to.equal('map(boom) (stage 2) failed at item 7: seven');
  });

  it('throws at once for a non-function', () => {
    const err = thrown(() => map(42 as never));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "fn" argument must be a function. Received type number (42)');
  });
});
