import { expect } from 'chai';
import { Readable } from 'node:stream';
import { batch } from '../../transforms/batch.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { compose } from '../../lib/core/compose.js';
import { pipeline } from 'node:stream/promises';
import { collect, count } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown, expectStopped } from '../helpers/support.js';
import { bySize, toolzCases } from '../helpers/toolz-fixtures.js';

describe('batch', () => {
  stageContract(() => batch(2), [1, 2, 3, 4, 5], [[1, 2], [3, 4], [5]]);

  it('matches toolz partition_all by default and partition with { remainder: "drop" }', async () => {
    for (const c of toolzCases) {
      for (const [n, expected] of bySize(c.partition_all)) {
        expect(await runStage(batch(n), c.input), `${c.name} partition_all(${n})`).to.deep.equal(expected);
        expect(await pipe(c.input, batch(n), collect()), `${c.name} pipe partition_all(${n})`).to.deep.equal(expected);
      }
      for (const [n, expected] of bySize(c.partition)) {
        const opts = Object.freeze({ remainder: 'drop' as const });
        expect(await runStage(batch(n, opts), c.input), `${c.name} partition(${n})`).to.deep.equal(expected);
        expect(await pipe(c.input, batch(n, opts), collect()), `${c.name} pipe partition(${n})`).to.deep.equal(expected);
      }
    }
  });

  it('gives each batch as a fresh array that later batches do not touch', async () => {
    const out = await runStage<number, number[]>(batch(2), [1, 2, 3, 4, 5]);
    out[0]!.push(99);
    expect(out).to.deep.equal([[1, 2, 99], [3, 4], [5]]);
    expect(out[0]).to.not.equal(out[1]);
  });

  it('counts batches, not items, for the next stage: also for the final partial batch', async () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const failOn = (len: number) =>
      function sized(b: number[]): number {
        if (b.length === len) throw new Error(`batch of ${len}`);
        return b.length;
      };
    // 7 items in threes: [0,1,2] [3,4,5] [6]; the partial batch is item 2 of map's input.
    const err = await rejection(pipe(items, batch<number>(3), map(failOn(1)), collect()));
    expectStageError(err, 'map(sized)', 2, 'batch of 1');
    expect(err.position).to.equal(3);
    // The same in one composed stage, and across two separate Transforms in Node's pipeline.
    expectStageError(await rejection(runStage(compose(batch<number>(3), map(failOn(1))), items)), 'map(sized)', 2, 'batch of 1');
    const separate = rejection(
      pipeline(Readable.from(items), batch<number>(3), map(failOn(1)), async (src) => {
        for await (const _ of src);
      }),
    );
    expectStageError(await separate, 'map(sized)', 2, 'batch of 1');
  });

  it('stops reading an endless source once take is satisfied after it', async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    expect(await pipe(endless, batch<number>(3), take<number[]>(2), collect())).to.deep.equal([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expectStopped(endless);
    expect(read).to.be.below(200);
  });

  it('loses nothing on a long input: every item is in exactly one batch, in order', async () => {
    const items = Array.from({ length: 10_001 }, (_, i) => i);
    const out = await pipe(items, batch<number>(64), collect());
    expect(out).to.have.length(Math.ceil(10_001 / 64));
    expect(out.flat()).to.deep.equal(items);
    expect(await pipe(items, batch<number>(64, { remainder: 'drop' }), count())).to.equal(Math.floor(10_001 / 64));
  });

  it('throws at once for a bad size, with the Node-style message', () => {
    const zero = thrown(() => batch(0));
    expect(zero).to.be.instanceOf(RangeError);
    expect(zero.code).to.equal('ERR_OUT_OF_RANGE');
    expect(zero.message).to.equal('The "size" option must be a positive integer. Received 0');
    expect(thrown(() => batch(2.5)).message).to.equal('The "size" option must be a positive integer. Received 2.5');
    expect(thrown(() => batch(NaN)).message).to.equal('The "size" option must be a positive integer. Received NaN');
    const str = thrown(() => batch('3' as never));
    expect(str).to.be.instanceOf(TypeError);
    expect(str.code).to.equal('ERR_INVALID_ARG_TYPE');
  });

  it('throws at once for a bad remainder, and leaves a frozen options object alone', () => {
    const err = thrown(() => batch(2, Object.freeze({ remainder: 'keep' as never })));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(err.message).to.equal("The \"remainder\" option must be one of 'emit', 'drop'. Received type string ('keep')");
    const opts = Object.freeze({ remainder: 'emit' as const });
    batch(2, opts);
    expect(opts).to.deep.equal({ remainder: 'emit' });
  });
});
