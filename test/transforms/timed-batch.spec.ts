import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { codes } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { batch } from '../../transforms/batch.js';
import { TimedBatch } from '../../transforms/timed-batch.js';
import { SteppedClock } from '../helpers/stepped-clock.js';
import { rejection, stageContract, thrown } from '../helpers/support.js';

/** A TimedBatch on a fake clock, its output gathered as it comes. */
function timed(size: number, maxWait: number) {
  const clock = new SteppedClock();
  const stage = new TimedBatch<number>(size, maxWait, clock);
  const out: number[][] = [];
  stage.on('data', (b: number[]) => out.push(b));
  const write = async (...items: number[]): Promise<void> => {
    for (const x of items) stage.write(x);
    await tick();
  };
  const advance = async (ms: number): Promise<void> => {
    clock.tick(ms);
    await tick();
  };
  return { clock, stage, out, write, advance };
}

const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('batch with maxWait (TimedBatch)', () => {
  stageContract(() => batch(2, { maxWait: 60_000 }), [1, 2, 3, 4, 5], [[1, 2], [3, 4], [5]]);

  it('emits a full batch at once, and its timer goes with it', async () => {
    const t = timed(3, 100);
    await t.write(1, 2, 3);
    expect(t.out).to.deep.equal([[1, 2, 3]]);
    expect(t.clock.pending).to.equal(0);
    await t.advance(1000);
    expect(t.out).to.deep.equal([[1, 2, 3]]);
  });

  it('emits a partial batch when its oldest item has waited maxWait', async () => {
    const t = timed(3, 100);
    await t.write(1, 2);
    await t.advance(99);
    expect(t.out).to.deep.equal([]);
    await t.advance(1);
    expect(t.out).to.deep.equal([[1, 2]]);
    // The clock starts again with the next item, not with the last emission.
    await t.advance(50);
    await t.write(3);
    await t.advance(50);
    await t.write(4);
    await t.advance(49);
    expect(t.out).to.deep.equal([[1, 2]]);
    await t.advance(1);
    expect(t.out).to.deep.equal([
      [1, 2],
      [3, 4],
    ]);
    expect(t.clock.delays).to.deep.equal([100, 100]);
  });

  it('never emits an empty batch, however long nothing comes', async () => {
    const t = timed(2, 10);
    await t.advance(1000);
    await t.write(1, 2);
    await t.advance(1000);
    expect(t.out).to.deep.equal([[1, 2]]);
    expect(t.clock.delays).to.deep.equal([10]);
  });

  it('keeps the last partial batch at the end, and clears its timer', async () => {
    const t = timed(3, 100);
    await t.write(1, 2, 3, 4);
    t.stage.end();
    await new Promise((resolve) => t.stage.once('end', resolve));
    expect(t.out).to.deep.equal([[1, 2, 3], [4]]);
    expect(t.clock.pending).to.equal(0);
  });

  it('clears its timer on an error', async () => {
    const t = timed(3, 100);
    t.stage.on('error', () => {});
    await t.write(1);
    expect(t.clock.pending).to.equal(1);
    t.stage.destroy(new Error('boom'));
    expect(t.clock.pending).to.equal(0);
    await t.advance(1000);
    expect(t.out).to.deep.equal([]);
  });

  it('clears its timer when a pipe is aborted while items wait, leaving no Timeout behind', async () => {
    await tick(); // mocha's own timeout timer is set once the test is running
    const before = timeouts();
    const controller = new AbortController();
    const stage = batch<number>(100, { maxWait: 60_000 });
    const trickle = new Readable({ objectMode: true, read() {} });
    trickle.push(1);
    const run = pipeline(
      trickle,
      stage,
      async (src) => {
        for await (const _ of src);
      },
      { signal: controller.signal },
    );
    await tick();
    expect(timeouts()).to.equal(before + 1);
    controller.abort();
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(stage.destroyed).to.equal(true);
    expect(timeouts()).to.equal(before);
  });

  it('holds back upstream while its consumer does not read (backpressure)', async () => {
    let pulled = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(pulled++);
      },
    });
    const stage = new TimedBatch<number>(2, 60_000, new SteppedClock());
    endless.pipe(stage);
    for (let i = 0; i < 20; i++) await tick();
    // Its own buffers (16 items in, 16 batches out) and the source's, then nothing more.
    expect(pulled).to.be.below(100);
    const settled = pulled;
    for (let i = 0; i < 20; i++) await tick();
    expect(pulled).to.equal(settled);
    endless.destroy();
    stage.destroy();
  });

  it('runs in pipe() next to fused stages', async () => {
    expect(await pipe([1, 2, 3, 4, 5], batch<number>(2, { maxWait: 60_000 }), collect())).to.deep.equal([[1, 2], [3, 4], [5]]);
  });

  it('throws at once for a bad maxWait, or maxWait with remainder: "drop"', () => {
    const zero = thrown(() => batch(2, { maxWait: 0 }));
    expect(zero).to.be.instanceOf(RangeError);
    expect(zero.code).to.equal(codes.OUT_OF_RANGE);
    expect(thrown(() => batch(2, { maxWait: '5' as never })).code).to.equal(codes.INVALID_ARG_TYPE);
    const drop = thrown(() => batch(2, { maxWait: 5, remainder: 'drop' }));
    expect(drop.code).to.equal(codes.INVALID_ARG_VALUE);
    expect(drop.message).to.include('remainder');
    const typo = thrown(() => batch(2, { maxwait: 5 } as never));
    expect(typo.message).to.include('did you mean "maxWait"?');
  });

  it('leaves frozen options alone', () => {
    const options = Object.freeze({ maxWait: 5 });
    batch(2, options).destroy();
    expect(options).to.deep.equal({ maxWait: 5 });
  });
});
