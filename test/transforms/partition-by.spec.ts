import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { partitionBy } from '../../transforms/partition-by.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown, expectStopped } from '../helpers/support.js';
import { fixtureKey } from '../helpers/toolz-fixtures.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

const parity = (x: number): number => x % 2;

describe('partitionBy', () => {
  stageContract(() => partitionBy(parity), [1, 3, 2, 4, 5], [[1, 3], [2, 4], [5]]);

  it('matches toolz partitionby on the fixtures, as a stage and in pipe()', async () => {
    for (const c of moreCases) {
      expect(await runStage(partitionBy(fixtureKey), c.input), c.name).to.deep.equal(c.partition_by);
      expect(await pipe(c.input, partitionBy(fixtureKey), collect()), c.name).to.deep.equal(c.partition_by);
    }
  });

  it('compares keys as a Map does: NaN equals NaN, objects by identity', async () => {
    expect(
      await runStage(
        partitionBy((x: number) => x),
        [NaN, NaN, 1],
      ),
    ).to.deep.equal([[NaN, NaN], [1]]);
    expect(
      await runStage(
        partitionBy(() => ({})),
        [1, 2],
      ),
    ).to.deep.equal([[1], [2]]);
  });

  it('gives fresh arrays, and stops an endless source with take after it', async () => {
    let n = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(n++);
      },
    });
    const runs = await pipe(
      endless,
      partitionBy((x: number) => Math.floor(x / 3)),
      take<number[]>(2),
      collect(),
    );
    expect(runs).to.deep.equal([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(runs[0]).to.not.equal(runs[1]);
    expectStopped(endless);
    expect(n).to.be.below(200);
  });

  it('names itself and the item in an error', async () => {
    function keyOf(x: number): number {
      if (x < 0) throw new Error('negative');
      return x;
    }
    const err = await rejection(pipe([1, 2, -1], partitionBy(keyOf), collect()));
    expectStageError(err, 'partitionBy(keyOf)', 2, 'negative');
    expect(err.position).to.equal(2);
  });

  it('throws at once for a fn that is not a function', () => {
    const err = thrown(() => partitionBy('x' as never));
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "fn" argument must be a function. Received type string (\'x\')');
  });

  it('awaits an async key function', async () => {
    const parity = async (x: number): Promise<number> => (await tick(), x % 2);
    expect(await pipe([1, 3, 2, 4, 5], partitionBy(parity), collect())).to.deep.equal([[1, 3], [2, 4], [5]]);
    expect(await runStage(partitionBy(parity), [1, 3, 2])).to.deep.equal([[1, 3], [2]]);
  });
});
