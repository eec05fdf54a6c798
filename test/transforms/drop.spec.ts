import { expect } from 'chai';
import { Readable } from 'node:stream';
import { drop } from '../../transforms/drop.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown, expectStopped } from '../helpers/support.js';
import { bySize, toolzCases } from '../helpers/toolz-fixtures.js';

describe('drop', () => {
  stageContract(() => drop(2), [1, 2, 3, 4], [3, 4]);

  it('matches toolz drop on the fixtures, as a stage and fused in pipe()', async () => {
    for (const c of toolzCases) {
      for (const [n, expected] of bySize(c.drop)) {
        expect(await runStage(drop(n), c.input), `${c.name} drop(${n})`).to.deep.equal(expected);
        expect(await pipe(c.input, drop(n), collect()), `${c.name} pipe drop(${n})`).to.deep.equal(expected);
      }
    }
  });

  it('drop(0) passes everything; drop(n) past the end gives nothing', async () => {
    expect(await runStage(drop(0), ['a', 'b'])).to.deep.equal(['a', 'b']);
    expect(await runStage(drop(5), ['a', 'b'])).to.deep.equal([]);
  });

  it('counts items for the next stage from its own input, not from the source', async () => {
    const boom = (x: number): number => {
      if (x === 5) throw new Error('five');
      return x;
    };
    const items = Array.from({ length: 8 }, (_, i) => i);
    // 5 is the 4th item after drop(2): the index map reports is 3.
    const err = await rejection(pipe(items, drop(2), map(boom), collect()));
    expectStageError(err, 'map(boom)', 3, 'five');
    expect(err.position).to.equal(3);
  });

  it('composes with take on an endless source (drop then take reads only what it needs)', async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    expect(await pipe(endless, drop<number>(3), take<number>(2), collect())).to.deep.equal([3, 4]);
    expectStopped(endless);
    expect(read).to.be.below(200);
  });

  it('throws at once for a bad n', () => {
    const neg = thrown(() => drop(-1));
    expect(neg).to.be.instanceOf(RangeError);
    expect(neg.code).to.equal('ERR_OUT_OF_RANGE');
    expect(neg.message).to.equal('The "n" option must be a non-negative integer. Received -1');
    expect(thrown(() => drop(1.5)).message).to.equal('The "n" option must be a non-negative integer. Received 1.5');
    const str = thrown(() => drop('2' as never));
    expect(str).to.be.instanceOf(TypeError);
    expect(str.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(str.message).to.equal('The "n" option must be a non-negative integer. Received type string (\'2\')');
  });
});
