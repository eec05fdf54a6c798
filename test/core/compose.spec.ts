import { expect } from 'chai';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { compose } from '../../lib/core/compose.js';
import { OpStage } from '../../lib/core/op-stage.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, sum } from '../../sinks/basic.js';
import { filter } from '../../transforms/filter.js';
import { flatMap } from '../../transforms/flat-map.js';
import { map } from '../../transforms/map.js';
import { expectStageError, rejection, runStage } from '../helpers/support.js';

describe('compose', () => {
  it('fuses our stages into one op stage that pipe() fuses again', async () => {
    const evensDoubled = compose(
      filter((x: number) => x % 2 === 0),
      map((x: number) => x * 2),
    );
    expect(evensDoubled).to.be.instanceOf(OpStage);
    expect(await pipe([1, 2, 3, 4], evensDoubled, sum())).to.equal(12);
  });

  it("is a real Transform on its own, also in Node's pipeline", async () => {
    expect(
      await runStage(
        compose(
          map((x: number) => x + 1),
          flatMap((x: number) => [x, x]),
        ),
        [1, 2],
      ),
    ).to.deep.equal([2, 2, 3, 3]);
    expect(await pipeline(Readable.from([1, 2, 3]), compose(map((x: number) => x * 3)), sum())).to.equal(18);
  });

  it("joins foreign streams and generator functions through Node's compose", async () => {
    async function* negate(source: AsyncIterable<number>): AsyncGenerator<number> {
      for await (const x of source) yield -x;
    }
    const foreign = new Transform({ objectMode: true, transform: (x: number, _e, cb) => cb(null, x + 100) });
    const stage = compose(
      map((x: number) => x * 2),
      foreign,
      negate,
      filter((x: number) => x < -101),
    );
    expect(await pipe([0, 1, 2], stage, collect())).to.deep.equal([-102, -104]);
  });

  it('names the failing inner stage', async () => {
    const boom = (x: number): number => {
      if (x === 2) throw new Error('two');
      return x;
    };
    const err = await rejection(
      pipe(
        [1, 2, 3],
        compose(
          map((x: number) => x),
          map(boom),
        ),
        sum(),
      ),
    );
    expectStageError(err, 'map(boom)', 1, 'two');
    expect(err.position).to.equal(2);
  });

  it('throws at once without stages or with a non-stage', () => {
    expect(() => (compose as (...s: unknown[]) => unknown)()).to.throw(TypeError, 'compose() needs at least one stage');
    expect(() =>
      compose(
        map((x: number) => x),
        42 as never,
      ),
    ).to.throw(TypeError, 'Stage 2 of compose() must be a stream or a function. Received type number (42)');
  });
});
