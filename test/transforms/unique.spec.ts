import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'chai';
import { unique } from '../../transforms/unique.js';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';
import { fixtureKey, toolzCases } from '../helpers/toolz-fixtures.js';

describe('unique', () => {
  stageContract(() => unique<number>(), [1, 2, 1, 3, 2], [1, 2, 3]);

  it('matches toolz unique on the fixtures, with and without a key', async () => {
    for (const c of toolzCases) {
      expect(await runStage(unique(), c.input), c.name).to.deep.equal(c.unique);
      expect(await pipe(c.input, unique(), collect()), c.name).to.deep.equal(c.unique);
      expect(await runStage(unique(fixtureKey), c.input), `${c.name} by key`).to.deep.equal(c.unique_by_key);
      expect(await pipe(c.input, unique(fixtureKey), collect()), `${c.name} by key`).to.deep.equal(c.unique_by_key);
    }
  });

  it('compares with SameValueZero: NaN equals NaN, -0 equals 0, objects by identity', async () => {
    const o = { a: 1 };
    const out = await runStage(unique(), [NaN, NaN, 0, -0, o, o, { a: 1 }, '1', 1]);
    expect(out).to.have.length(6);
    expect(out[0]).to.be.NaN;
    expect(out.slice(1)).to.deep.equal([0, o, { a: 1 }, '1', 1]);
    expect(out[2]).to.equal(o);
  });

  it('keeps the first item of each key, not the last', async () => {
    const rows = [
      { id: 1, v: 'first' },
      { id: 2, v: 'x' },
      { id: 1, v: 'second' },
    ];
    expect(
      await runStage(
        unique((r: { id: number }) => r.id),
        rows,
      ),
    ).to.deep.equal([rows[0], rows[1]]);
  });

  it('keeps its own set per stage: two stages made by unique() do not share state', async () => {
    expect(await pipe([1, 2], unique<number>(), collect())).to.deep.equal([1, 2]);
    expect(await pipe([1, 2], unique<number>(), collect())).to.deep.equal([1, 2]);
  });

  it('names the key function and the item in an error, as a stage and fused in pipe()', async () => {
    const byName = (r: { name?: string }): string => {
      if (r.name === undefined) throw new TypeError('no name');
      return r.name;
    };
    const rows = [{ name: 'a' }, { name: 'a' }, {}];
    expectStageError(await rejection(runStage(unique(byName), rows)), 'unique(byName)', 2, 'no name');
    const err = await rejection(
      pipe(
        rows,
        map((r: object) => r),
        unique(byName),
        collect(),
      ),
    );
    expectStageError(err, 'unique(byName)', 2, 'no name');
    expect(err.position).to.equal(3);
  });

  it('throws at once for a key that is not a function', () => {
    const err = thrown(() => unique('id' as never));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "key" argument must be a function. Received type string (\'id\')');
  });

  it('awaits an async key function', async () => {
    const lower = async (s: string): Promise<string> => (await tick(), s.toLowerCase());
    expect(await pipe(['a', 'B', 'A', 'b', 'c'], unique(lower), collect())).to.deep.equal(['a', 'B', 'c']);
    expect(await runStage(unique(lower), ['x', 'X'])).to.deep.equal(['x']);
  });
});
