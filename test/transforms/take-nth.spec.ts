import { expect } from 'chai';
import { takeNth } from '../../transforms/take-nth.js';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';
import { bySize } from '../helpers/toolz-fixtures.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('takeNth', () => {
  stageContract(() => takeNth(3), [0, 1, 2, 3, 4, 5, 6], [0, 3, 6]);

  it('matches toolz take_nth on the fixtures, as a stage and in pipe()', async () => {
    for (const c of moreCases) {
      for (const [n, expected] of bySize(c.take_nth)) {
        expect(await runStage(takeNth(n), c.input), `${c.name} take_nth(${n})`).to.deep.equal(expected);
        expect(await pipe(c.input, takeNth(n), collect()), `${c.name} pipe take_nth(${n})`).to.deep.equal(expected);
      }
    }
  });

  it('counts its own outputs for the next stage', async () => {
    const boom = (x: number): number => {
      if (x === 6) throw new Error('six');
      return x;
    };
    // Outputs 0, 3, 6: 6 is map's item 2.
    const err = await rejection(pipe([0, 1, 2, 3, 4, 5, 6, 7], takeNth<number>(3), map(boom), collect()));
    expectStageError(err, 'map(boom)', 2, 'six');
    expect(err.position).to.equal(3);
  });

  it('throws at once for a bad n', () => {
    const zero = thrown(() => takeNth(0));
    expect(zero).to.be.instanceOf(RangeError);
    expect(zero.code).to.equal('ERR_OUT_OF_RANGE');
    expect(zero.message).to.equal('The "n" option must be a positive integer. Received 0');
    expect(thrown(() => takeNth('2' as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
