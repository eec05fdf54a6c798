import { expect } from 'chai';
import { pipe } from '../../lib/core/pipe.js';
import { Retry, sleep } from '../../lib/core/retry.js';
import { collect, sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';

describe('retry', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock().install();
  });
  afterEach(() => clock.uninstall());

  /** Runs the pipe, firing each backoff timer as it is set; returns its outcome. */
  async function drive<T>(run: Promise<T>): Promise<{ value?: T; error?: unknown }> {
    let settled: { value?: T; error?: unknown } | undefined;
    run.then(
      (value) => (settled = { value }),
      (error: unknown) => (settled = { error }),
    );
    while (settled === undefined && (await clock.untilTimer())) await clock.fireNext();
    await run.catch(() => {});
    return settled!;
  }

  it('calls again after failures, with growing delays between minDelay and maxDelay', async () => {
    let calls = 0;
    const flaky = async (x: number): Promise<number> => {
      if (x === 2 && ++calls < 4) throw new Error(`flaky ${calls}`);
      return x;
    };
    const { value } = await drive(pipe([1, 2, 3], map(flaky, { retry: { attempts: 5, minDelay: 100, maxDelay: 300, factor: 2 } }), collect()));
    expect(value).to.deep.equal([1, 2, 3]);
    expect(calls).to.equal(4);
    // Attempt n waits minDelay × factor^(n−1) × [1, 2), capped at maxDelay.
    const [d1, d2, d3] = clock.delays;
    expect(clock.delays).to.have.length(3);
    expect(d1).to.be.within(100, 200);
    expect(d2).to.be.within(200, 300);
    expect(d3).to.equal(300);
    expect(clock.pending).to.equal(0);
  });

  it('fails after the last attempt with a StageError saying how many were made', async () => {
    const always = (): number => {
      throw new Error('down');
    };
    const { error } = await drive(pipe([1, 2], map(always, { retry: { attempts: 3, minDelay: 10 } }), sum()));
    expectStageError(error, 'map(always)', 0, 'down');
    expect(error.attempts).to.equal(3);
    expect(error.message).to.equal('map(always) (stage 2) failed at item 0 after 3 attempts: down');
    expect(clock.delays).to.have.length(2);
  });

  it('stops at once when retryIf says no', async () => {
    let calls = 0;
    const fn = async (): Promise<number> => {
      calls++;
      throw Object.assign(new Error('bad request'), { status: 400 });
    };
    const retryIf = (err: unknown): boolean => (err as { status: number }).status >= 500;
    const { error } = await drive(pipe([1], map(fn, { retry: { retryIf } }), sum()));
    expectStageError(error, 'map(fn)', 0, 'bad request');
    expect(error.attempts).to.equal(1);
    expect(calls).to.equal(1);
    expect(clock.delays).to.deep.equal([]);
  });

  it('gives each attempt the pipe signal, and clears the backoff timer on abort', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const fn = async (_x: number, { signal }: { signal: AbortSignal }): Promise<number> => {
      signals.push(signal);
      throw new Error('busy');
    };
    const run = pipe([1], map(fn, { retry: { attempts: 10, minDelay: 1000 } }), sum(), { signal: controller.signal });
    const done = run.catch((err: unknown) => err);
    expect(await clock.untilTimer()).to.equal(true);
    await clock.fireNext();
    expect(await clock.untilTimer()).to.equal(true);
    controller.abort();
    const err = (await done) as Error;
    expect(err.name).to.equal('AbortError');
    expect(clock.pending, 'no timer left behind').to.equal(0);
    expect(signals).to.have.length(2);
    expect(signals.every((s) => s.aborted)).to.equal(true);
  });

  it('sleep() rejects with the reason of an already aborted signal without a timer', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    expect(((await rejection(sleep(10, controller.signal))) as Error).message).to.equal('gone');
    expect(clock.pending).to.equal(0);
  });

  it('throws at once for bad retry options, naming them', () => {
    expect(thrown(() => new Retry({ attempts: 0 })).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => new Retry({ minDelay: 10, maxDelay: 5 })).message).to.include('"retry.maxDelay"');
    expect(thrown(() => new Retry({ atempts: 3 } as never)).message).to.equal(
      'Unknown option "atempts" in "retry"; known options are attempts, minDelay, maxDelay, factor, retryIf',
    );
    expect(thrown(() => map((x) => x, { retry: 3 as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
