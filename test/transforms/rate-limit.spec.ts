import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { codes } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { RateLimit, rateLimit } from '../../transforms/rate-limit.js';
import { SteppedClock } from '../helpers/stepped-clock.js';
import { rejection, stageContract, thrown } from '../helpers/support.js';

/** Lets the streams do what they can without time moving. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await tick();
}

/** Runs `items` through a RateLimit on a fake clock, 1 ms at a time; returns when each passed. */
async function passTimes(limit: number, interval: number, items: number, maxMs = 10_000): Promise<{ times: number[]; clock: SteppedClock }> {
  const clock = new SteppedClock();
  const stage = new RateLimit<number>(limit, interval, clock);
  const times: number[] = [];
  stage.on('data', () => times.push(clock.now()));
  Readable.from(Array.from({ length: items }, (_, i) => i)).pipe(stage);
  for (let ms = 0; ms <= maxMs && times.length < items; ms++) {
    await settle();
    if (times.length < items) clock.tick(1);
  }
  return { times, clock };
}

describe('rateLimit', () => {
  stageContract(() => rateLimit(1000, 60_000), [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]);

  it('lets a burst of limit pass at once, then one more each time the oldest pass is an interval old', async () => {
    const { times, clock } = await passTimes(3, 100, 10);
    expect(times).to.deep.equal([0, 0, 0, 100, 100, 100, 200, 200, 200, 300]);
    expect(clock.pending).to.equal(0);
  });

  it('never lets more than limit pass in any window of the interval', async () => {
    const { times } = await passTimes(4, 30, 40);
    expect(times).to.have.length(40);
    for (let i = 0; i + 4 < times.length; i++) expect(times[i + 4]! - times[i]!, `items ${i} and ${i + 4}`).to.be.at.least(30);
  });

  it('measures the window from each pass (sliding), not from fixed boundaries', async () => {
    const clock = new SteppedClock();
    const stage = new RateLimit<string>(2, 100, clock);
    const times: [string, number][] = [];
    stage.on('data', (x: string) => times.push([x, clock.now()]));
    stage.write('a');
    await settle();
    clock.tick(60);
    stage.write('b');
    stage.write('c');
    await settle();
    expect(times).to.deep.equal([
      ['a', 0],
      ['b', 60],
    ]);
    clock.tick(39);
    await settle();
    expect(times).to.have.length(2);
    clock.tick(1);
    await settle();
    expect(times).to.deep.equal([
      ['a', 0],
      ['b', 60],
      ['c', 100],
    ]);
  });

  it('holds back upstream while it waits: the source is pulled no further than the buffers', async () => {
    const clock = new SteppedClock();
    let pulled = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(pulled++);
      },
    });
    const stage = new RateLimit<number>(5, 1000, clock);
    let passed = 0;
    stage.on('data', () => passed++);
    endless.pipe(stage);
    await settle();
    for (let i = 0; i < 20; i++) await tick();
    expect(passed).to.equal(5);
    // 5 passed, one waiting, the stage's writable buffer and the source's own: about 40.
    expect(pulled).to.be.below(60);
    const held = pulled;
    await settle();
    expect(pulled).to.equal(held);
    endless.destroy();
    stage.destroy();
    expect(clock.pending).to.equal(0);
  });

  it('gives nothing and sets no timer for an empty input', async () => {
    const { times, clock } = await passTimes(2, 100, 0, 5);
    expect(times).to.deep.equal([]);
    expect(clock.delays).to.deep.equal([]);
  });

  it('clears its timer when aborted while an item waits', async () => {
    const clock = new SteppedClock();
    const stage = new RateLimit<number>(1, 1000, clock);
    const controller = new AbortController();
    const run = pipeline(
      Readable.from([1, 2, 3]),
      stage,
      async (src) => {
        for await (const _ of src);
      },
      { signal: controller.signal },
    );
    await settle();
    expect(clock.pending).to.equal(1);
    controller.abort();
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(stage.destroyed).to.equal(true);
    expect(clock.pending).to.equal(0);
  });

  it('clears its timer when a stage after it fails, and the error names that stage', async () => {
    const clock = new SteppedClock();
    const stage = new RateLimit<number>(1, 10, clock);
    const failing = map((x: number) => {
      if (x === 1) throw new Error('boom');
      return x;
    });
    const run = pipeline(Readable.from([1, 2, 3]), stage, failing, async (src) => {
      for await (const _ of src);
    });
    const err = (await rejection(run)) as Error & { stage?: string };
    expect(err.stage).to.equal('map(<anonymous>)');
    expect(stage.destroyed).to.equal(true);
    expect(clock.pending).to.equal(0);
  });

  it('keeps the order of the items through pipe() on the real clock', async () => {
    expect(await pipe([1, 2, 3, 4, 5], rateLimit<number>(2, 5), collect())).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('throws at once for a bad limit or interval', () => {
    expect(thrown(() => rateLimit(0, 100)).code).to.equal(codes.OUT_OF_RANGE);
    expect(thrown(() => rateLimit(1.5, 100)).code).to.equal(codes.OUT_OF_RANGE);
    expect(thrown(() => rateLimit(2 ** 20 + 1, 100)).code).to.equal(codes.OUT_OF_RANGE);
    expect(thrown(() => rateLimit(10, 0)).code).to.equal(codes.OUT_OF_RANGE);
    expect(thrown(() => rateLimit(10, '1s' as never)).code).to.equal(codes.INVALID_ARG_TYPE);
    expect(thrown(() => rateLimit(10, 0)).message).to.include('"intervalMs"');
  });
});
