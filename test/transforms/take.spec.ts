import { expect } from 'chai';
import { Readable } from 'node:stream';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { map } from '../../transforms/map.js';
import { collect } from '../../sinks/basic.js';
import { runStage, stageContract, thrown, expectStopped } from '../helpers/support.js';

describe('take', () => {
  stageContract(() => take(2), [1, 2, 3], [1, 2]);

  it('take(0) gives nothing', async () => {
    expect(await runStage(take(0), [1, 2])).to.deep.equal([]);
  });

  it('stops reading an endless source once satisfied', async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    expect(
      await pipe(
        endless,
        map((x: number) => x * 10),
        take(3),
        collect(),
      ),
    ).to.deep.equal([0, 10, 20]);
    expectStopped(endless);
    expect(read).to.be.below(100);
  });

  it('stops reading an endless source when it is not fused with the sink', async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    const out = await pipe(endless, take<number>(2), async (src: AsyncIterable<number>) => {
      const got: number[] = [];
      for await (const x of src) got.push(x);
      return got;
    });
    expect(out).to.deep.equal([0, 1]);
  });

  it('throws at once for a bad n', () => {
    const err = thrown(() => take(-1));
    expect(err).to.be.instanceOf(RangeError);
    expect(err.message).to.equal('The "n" option must be a non-negative integer. Received -1');
  });
});
