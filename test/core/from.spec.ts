import { expect } from 'chai';
import { from } from '../../lib/core/from.js';
import { kEnableBatches } from '../../lib/core/symbols.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, first } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';

describe('from', () => {
  it('reads arrays, generators and async generators as object streams', async () => {
    async function* agen(): AsyncGenerator<string> {
      yield 'a';
      yield 'b';
    }
    expect(await from([1, 2, 3]).toArray()).to.deep.equal([1, 2, 3]);
    expect(await from(agen()).toArray()).to.deep.equal(['a', 'b']);
    expect(await from([]).toArray()).to.deep.equal([]);
  });

  it('sends arrays of up to batchSize items in batch mode', async () => {
    const source = from([1, 2, 3, 4, 5], { batchSize: 2 });
    (source as unknown as { [kEnableBatches](): void })[kEnableBatches]();
    expect(await source.toArray()).to.deep.equal([[1, 2], [3, 4], [5]]);
  });

  it("runs the generator's finally block when the pipe stops early", async () => {
    let closed = false;
    function* numbers(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    expect(
      await pipe(
        from(numbers()),
        map((x: number) => x + 1),
        first(),
      ),
    ).to.equal(1);
    expect(closed).to.equal(true);
  });

  it('names itself and the item when the iterable throws', async () => {
    function* broken(): Generator<number> {
      yield 1;
      throw new Error('disk gone');
    }
    const err = await rejection(
      pipe(
        from(broken()),
        map((x: number) => x),
        collect(),
      ),
    );
    expectStageError(err, 'from(Generator)', 1, 'disk gone');
    expect(err.position).to.equal(1);
  });

  it('throws at once on bad options and does not modify them', () => {
    expect(thrown(() => from([1], { batchSize: 0 })).message).to.equal('The "batchSize" option must be a positive integer. Received 0');
    const options = Object.freeze({ highWaterMark: 2 });
    from([1], options);
    expect(options).to.deep.equal({ highWaterMark: 2 });
  });
});
