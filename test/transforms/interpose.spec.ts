import { expect } from 'chai';
import { Readable } from 'node:stream';
import { interpose } from '../../transforms/interpose.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, readSlowly, rejection, runStage, stageContract, thrown } from '../helpers/support.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('interpose', () => {
  stageContract(() => interpose(','), ['a', 'b', 'c'], ['a', ',', 'b', ',', 'c']);

  it('matches toolz interpose on the fixtures (and gives nothing where toolz raises on an empty input)', async () => {
    for (const c of moreCases) {
      const expected = c.interpose ?? [];
      if (c.interpose === null) expect(c.input).to.deep.equal([]);
      expect(await runStage(interpose('|'), c.input), c.name).to.deep.equal(expected);
      expect(await pipe(c.input, interpose('|'), collect()), c.name).to.deep.equal(expected);
    }
  });

  it('keeps backpressure: a slow reader of a long input loses nothing', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => i);
    const stage = interpose<number, number>(-1);
    let maxBuffered = 0;
    Readable.from(items).pipe(stage);
    const n = await readSlowly(stage, 50, () => (maxBuffered = Math.max(maxBuffered, stage.readableLength)));
    expect(n).to.equal(3999);
    expect(maxBuffered).to.be.at.most(stage.readableHighWaterMark + 1);
  });

  it('counts its outputs, separators included, for the next stage; stops with take', async () => {
    const boom = (x: string): string => {
      if (x === 'b') throw new Error('bee');
      return x;
    };
    expectStageError(await rejection(pipe(['a', 'b'], interpose('-'), map(boom), collect())), 'map(boom)', 2, 'bee');
    expect(await pipe(['a', 'b', 'c'], interpose('-'), take<string>(2), collect())).to.deep.equal(['a', '-']);
  });

  it('throws at once for a null separator, which would end the stream', () => {
    const err = thrown(() => interpose(null));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(err.message).to.equal('The "sep" argument must not be null (null ends a Node stream). Received null');
  });
});
