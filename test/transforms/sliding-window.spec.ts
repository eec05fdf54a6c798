import { expect } from 'chai';
import { Readable } from 'node:stream';
import { slidingWindow } from '../../transforms/sliding-window.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, count } from '../../sinks/basic.js';
import { expectStageError, rejection, runStage, stageContract, thrown, expectStopped } from '../helpers/support.js';
import { bySize, toolzCases } from '../helpers/toolz-fixtures.js';

describe('slidingWindow', () => {
  stageContract(
    () => slidingWindow(2),
    ['a', 'b', 'c', 'd'],
    [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
    ],
  );

  it('matches toolz sliding_window on the fixtures, as a stage and fused in pipe()', async () => {
    for (const c of toolzCases) {
      for (const [n, expected] of bySize(c.sliding_window)) {
        expect(await runStage(slidingWindow(n), c.input), `${c.name} sliding_window(${n})`).to.deep.equal(expected);
        expect(await pipe(c.input, slidingWindow(n), collect()), `${c.name} pipe sliding_window(${n})`).to.deep.equal(expected);
      }
    }
  });

  it('gives each window as a copy: changing one changes no other', async () => {
    const out = await runStage<number, number[]>(slidingWindow(3), [1, 2, 3, 4, 5]);
    out[0]![2] = 99;
    out[1]!.push(7);
    expect(out).to.deep.equal([
      [1, 2, 99],
      [2, 3, 4, 7],
      [3, 4, 5],
    ]);
  });

  it('gives n - 1 fewer windows than items on a long input, each the right slice', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => i);
    expect(await pipe(items, slidingWindow<number>(31), count())).to.equal(5000 - 30);
    const sums = await pipe(
      items,
      slidingWindow<number>(3),
      map((w: number[]) => w[0]! + w[1]! + w[2]!),
      collect(),
    );
    expect(sums.every((s, i) => s === 3 * i + 3)).to.equal(true);
  });

  it('counts windows, not items, for the next stage', async () => {
    function spans(w: string[]): string {
      if (w.includes('N')) throw new Error('N in window');
      return w.join('');
    }
    // ACGTN: windows ACG, CGT, GTN; the first with N is window 2.
    const err = await rejection(pipe([...'ACGTNA'], slidingWindow<string>(3), map(spans), collect()));
    expectStageError(err, 'map(spans)', 2, 'N in window');
    expect(err.position).to.equal(3);
  });

  it('stops reading an endless source once take is satisfied after it', async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    expect(await pipe(endless, slidingWindow<number>(2), take<number[]>(2), collect())).to.deep.equal([
      [0, 1],
      [1, 2],
    ]);
    expectStopped(endless);
    expect(read).to.be.below(200);
  });

  it('throws at once for a bad n, with the Node-style message', () => {
    const zero = thrown(() => slidingWindow(0));
    expect(zero).to.be.instanceOf(RangeError);
    expect(zero.code).to.equal('ERR_OUT_OF_RANGE');
    expect(zero.message).to.equal('The "n" option must be a positive integer. Received 0');
    expect(thrown(() => slidingWindow(-3)).message).to.equal('The "n" option must be a positive integer. Received -3');
    expect(thrown(() => slidingWindow(Infinity)).message).to.equal('The "n" option must be a positive integer. Received Infinity');
    expect(thrown(() => slidingWindow(undefined as never)).message).to.equal('The "n" option must be a positive integer. Received undefined');
  });
});
