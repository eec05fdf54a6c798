import { expect } from 'chai';
import { Chain } from '../../lib/core/chain.js';
import { ASYNC, type Op, SKIP } from '../../lib/core/op.js';
import { expectStageError, thrown } from '../helpers/support.js';

type AnyOp = Op<unknown, unknown>;

const mapOp = (name: string, fn: (x: number) => unknown): AnyOp => ({ name, expands: false, done: false, step: (x) => fn(x as number) });
const expandOp = (name: string, fn: (x: number) => Iterator<unknown> | AsyncIterator<unknown>): AnyOp => ({
  name,
  expands: true,
  done: false,
  step: (x) => fn(x as number),
});
/** An op whose result comes from a promise the test settles. */
function laterOp(name: string): AnyOp & { settle: (v: unknown) => void; fail: (e: unknown) => void } {
  let settle!: (v: unknown) => void;
  let fail!: (e: unknown) => void;
  const op = {
    name,
    expands: false,
    done: false,
    pending: undefined as Promise<unknown> | undefined,
    step(): typeof ASYNC {
      op.pending = new Promise((resolve, reject) => ((settle = resolve), (fail = reject)));
      return ASYNC;
    },
    settle: (v: unknown) => settle(v),
    fail: (e: unknown) => fail(e),
  };
  return op as AnyOp & { settle: (v: unknown) => void; fail: (e: unknown) => void };
}

describe('Chain', () => {
  it('pauses mid-expansion when the output is full and resumes where it stopped', () => {
    const out: unknown[] = [];
    let room = 2;
    const chain = new Chain([expandOp('five', (x) => [x, x + 1, x + 2, x + 3, x + 4][Symbol.iterator]()), mapOp('neg', (x) => -x)], (x) => {
      out.push(x);
      return --room > 0;
    });
    expect(chain.feed(10)).to.equal(false);
    expect(chain.pending, 'a full output is not a promise').to.equal(undefined);
    expect(out).to.deep.equal([-10, -11]);
    room = 2;
    expect(chain.resume()).to.equal(false);
    expect(out).to.deep.equal([-10, -11, -12, -13]);
    room = 10;
    expect(chain.resume()).to.equal(true);
    expect(out).to.deep.equal([-10, -11, -12, -13, -14]);
  });

  it('skips, and stops feeding an iterator once a later op is done', () => {
    const out: unknown[] = [];
    let left = 2;
    const take2: AnyOp = {
      name: 'take(2)',
      expands: false,
      done: false,
      step(x) {
        if (--left === 0) take2.done = true;
        return x;
      },
    };
    let pulled = 0;
    function* many(): Generator<number> {
      for (;;) yield ++pulled;
    }
    const chain = new Chain([mapOp('odd', (x) => (x % 2 ? x : SKIP)), expandOp('many', () => many()), take2], (x) => (out.push(x), true));
    expect(chain.feed(2)).to.equal(true);
    expect(chain.feed(1)).to.equal(true);
    expect(out).to.deep.equal([1, 2]);
    expect(chain.done).to.equal(true);
    expect(pulled).to.equal(2);
  });

  it('suspends on an op that answers ASYNC and goes on with the settled value', async () => {
    const later = laterOp('later');
    const out: unknown[] = [];
    const chain = new Chain([later, mapOp('inc', (x) => x + 1)], (x) => (out.push(x), true));
    expect(chain.feed(1)).to.equal(false);
    expect(chain.pending).to.be.instanceOf(Promise);
    expect(chain.resume(), 'not settled yet').to.equal(false);
    later.settle(41);
    await chain.pending;
    expect(chain.resume()).to.equal(true);
    expect(chain.pending).to.equal(undefined);
    expect(out).to.deep.equal([42]);
  });

  it('drives an async iterator, waiting for each element', async () => {
    async function* slow(x: number): AsyncGenerator<number> {
      yield x;
      yield x * 10;
    }
    const out: unknown[] = [];
    const chain = new Chain([expandOp('slow', (x) => slow(x))], (x) => (out.push(x), true));
    let more = chain.feed(3);
    while (!more) {
      await chain.pending;
      more = chain.resume();
    }
    expect(out).to.deep.equal([3, 30]);
  });

  it('waits for an output function that returns a promise, and stops when it resolves to false', async () => {
    const out: unknown[] = [];
    const chain = new Chain([expandOp('three', (x) => [x, x, x][Symbol.iterator]())], (x) => {
      out.push(x);
      return Promise.resolve(out.length < 2);
    });
    expect(chain.feed(7)).to.equal(false);
    await chain.pending;
    expect(chain.resume()).to.equal(false);
    await chain.pending;
    expect(chain.resume(), 'the output said stop').to.equal(false);
    expect(out).to.deep.equal([7, 7]);
  });

  it('names the op and the item index when a step throws or its promise rejects', async () => {
    const chain = new Chain(
      [
        mapOp('boom', (x) =>
          x === 2
            ? (() => {
                throw new Error('two');
              })()
            : x,
        ),
      ],
      () => true,
    );
    chain.feed(0);
    chain.feed(1);
    expectStageError(
      thrown(() => chain.feed(2)),
      'boom',
      2,
      'two',
    );
    const later = laterOp('later');
    const c2 = new Chain([mapOp('id', (x) => x), later], () => true);
    expect(c2.feed(5)).to.equal(false);
    later.fail(new Error('rejected'));
    await c2.pending;
    expectStageError(
      thrown(() => c2.resume()),
      'later',
      0,
      'rejected',
    );
  });

  it('flushes op by op, the outputs of one going through the ops after it', () => {
    const out: unknown[] = [];
    const tail: AnyOp = { name: 'tail', expands: false, done: false, step: (x) => x, flush: () => ['end'][Symbol.iterator]() };
    const chain = new Chain([tail, mapOp('upper', (x) => String(x).toUpperCase())], (x) => (out.push(x), true));
    chain.feed('a' as never);
    expect(chain.flush()).to.equal(true);
    expect(out).to.deep.equal(['A', 'END']);
  });
});
