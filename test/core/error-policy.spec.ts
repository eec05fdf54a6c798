import { expect } from 'chai';
import { Writable } from 'node:stream';
import { type DeadLetter, ErrorPolicy } from '../../lib/core/error-policy.js';

const letter = (index: number): DeadLetter<number> => ({ error: new Error(`bad ${index}`), item: index, index, stage: 'map(f)' });

describe('ErrorPolicy', () => {
  it("rethrows under 'fail', the default, and counts nothing", () => {
    const policy = new ErrorPolicy<number>(undefined, 'map(f)');
    expect(policy.fails).to.equal(true);
    expect(() => policy.handle(letter(0))).to.throw('bad 0');
    expect(policy.skipped).to.equal(0);
  });

  it("counts what it drops under 'skip'", () => {
    const policy = new ErrorPolicy<number>('skip', 'map(f)');
    policy.handle(letter(0));
    policy.handle(letter(1));
    expect(policy.skipped).to.equal(2);
  });

  it('hands each failure to a dead letter function and awaits it', async () => {
    const got: number[] = [];
    const policy = new ErrorPolicy<number>(async (l) => {
      await new Promise((r) => setTimeout(r, 1));
      got.push(l.index);
    }, 'map(f)');
    await policy.handle(letter(3));
    expect(got).to.deep.equal([3]);
    expect(policy.skipped).to.equal(1);
  });

  it("waits for a dead letter Writable's drain", async () => {
    const got: DeadLetter[] = [];
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(l: DeadLetter, _e, cb) {
        got.push(l);
        setTimeout(cb, 5);
      },
    });
    const policy = new ErrorPolicy<number>(sink, 'map(f)');
    await policy.handle(letter(0));
    await policy.handle(letter(1));
    expect(got.map((l) => l.index)).to.deep.equal([0, 1]);
  });

  it('throws at once for an onError that is none of the kinds', () => {
    expect(() => new ErrorPolicy('ignore' as never, 'map(f)'))
      .to.throw(TypeError, /"onError" option must be/)
      .with.property('code', 'ERR_INVALID_ARG_VALUE');
  });
});
