import { expect } from 'chai';
import { tap } from '../../transforms/tap.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, count } from '../../sinks/basic.js';
import { asyncContract, expectStageError, rejection, runStage, stageContract, thrown } from '../helpers/support.js';

describe('tap', () => {
  stageContract(() => tap(() => {}), [1, 2, 3], [1, 2, 3]);
  asyncContract(
    (fn) => tap(fn),
    [1, 2, 3],
    [1, 2, 3],
    () => 0,
  );

  it('sees every item with its index and passes the same objects on unchanged', async () => {
    const seen: [unknown, number][] = [];
    const items = [{ a: 1 }, { a: 2 }, { a: 3 }];
    const out = await runStage<object, object>(
      tap((x: object, { index }) => {
        seen.push([x, index]);
      }),
      items,
    );
    expect(out).to.have.length(3);
    out.forEach((x, i) => expect(x).to.equal(items[i]));
    expect(seen).to.deep.equal([
      [items[0], 0],
      [items[1], 1],
      [items[2], 2],
    ]);
  });

  it('ignores what the function returns (a falsy or replacement value changes nothing)', async () => {
    expect(
      await pipe(
        [1, 2, 3],
        tap(() => 0),
        map((x: number) => x + 1),
        collect(),
      ),
    ).to.deep.equal([2, 3, 4]);
    expect(
      await pipe(
        ['a'],
        tap(() => 'b'),
        collect(),
      ),
    ).to.deep.equal(['a']);
  });

  it('runs in stream order when fused, and only for items that reach it', async () => {
    const log: string[] = [];
    const n = await pipe(
      [1, 2, 3, 4, 5],
      tap((x: number) => log.push(`a${x}`)),
      take<number>(2),
      tap((x: number) => log.push(`b${x}`)),
      count(),
    );
    expect(n).to.equal(2);
    expect(log).to.deep.equal(['a1', 'b1', 'a2', 'b2']);
  });

  it('names the function and the item in an error, as a stage and fused in pipe()', async () => {
    function check(x: number): void {
      if (x > 2) throw new Error(`too big: ${x}`);
    }
    expectStageError(await rejection(runStage(tap(check), [1, 2, 3, 4])), 'tap(check)', 2, 'too big: 3');
    const err = await rejection(
      pipe(
        [1, 2, 3, 4],
        map((x: number) => x),
        tap(check),
        collect(),
      ),
    );
    expectStageError(err, 'tap(check)', 2, 'too big: 3');
    expect(err.message).to.equal('tap(check) (stage 3) failed at item 2: too big: 3');
  });

  it('names an anonymous function <anonymous>', async () => {
    const err = await rejection(
      runStage(
        tap(() => {
          throw new Error('x');
        }),
        [1],
      ),
    );
    expectStageError(err, 'tap(<anonymous>)', 0, 'x');
  });

  it('throws at once for a non-function', () => {
    const err = thrown(() => tap({} as never));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "fn" argument must be a function. Received an instance of Object');
  });
});
