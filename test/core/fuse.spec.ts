import { expect } from 'chai';
import { Runner } from '../../lib/core/compiled-chain.js';
import { canGenerateCode, compilable, compile, MORE, STOPPED, SUSPENDED, type Tail } from '../../lib/core/fuse.js';
import { ASYNC, type Op, SKIP } from '../../lib/core/op.js';
import { STOP } from '../../lib/core/sink.js';
import { expectStageError, thrown } from '../helpers/support.js';

type AnyOp = Op<unknown, unknown>;
const mapOp = (name: string, fn: (x: number) => unknown): AnyOp => ({ name, expands: false, done: false, position: 2, step: (x) => fn(x as number) });
const collector = (): Tail & { items: unknown[] } => {
  const items: unknown[] = [];
  return { items, step: (x) => void items.push(x) };
};
const batches = (n: number, size: number): number[][] =>
  Array.from({ length: Math.ceil(n / size) }, (_, b) => Array.from({ length: Math.min(size, n - b * size) }, (_, i) => b * size + i));

describe('compiled loops (fuse)', () => {
  it('generates code here, and compiles only one-to-one ops with nothing to flush', () => {
    expect(canGenerateCode()).to.equal(true);
    expect(compilable([mapOp('a', (x) => x)])).to.equal(true);
    expect(compilable([{ name: 'flat', expands: true, done: false, step: () => undefined }])).to.equal(false);
  });

  it('runs a batch through every op into the tail, skipping what an op drops', () => {
    const tail = collector();
    const c = compile([mapOp('double', (x) => x * 2), mapOp('odd3', (x) => (x % 3 ? x : SKIP))], tail, { name: 'collect' });
    expect(c.loop([0, 1, 2, 3, 4], 0)).to.equal(MORE);
    expect(tail.items).to.deep.equal([2, 4, 8]);
  });

  it('reports the index of the item that an op failed on, counted by that op, across batches', () => {
    const boom = mapOp('boom', (x) => {
      if (x === 1042) throw new Error('bad value');
      return x;
    });
    // The op after a filter sees fewer items: its own count is the index reported.
    const c = compile([mapOp('evens', (x) => (x % 2 === 0 ? x : SKIP)), boom], collector(), { name: 'collect' });
    let err: unknown;
    for (const batch of batches(5000, 300)) {
      try {
        c.loop(batch, 0);
      } catch (e) {
        err = e;
        break;
      }
    }
    expectStageError(err, 'boom', 521, 'bad value');
    expect((err as { position: number }).position).to.equal(2);
  });

  it('reports the index of the item a reducer tail failed on', () => {
    const tail: Tail = {
      step(x) {
        if (x === 7) throw new Error('seven');
      },
    };
    const c = compile([mapOp('id', (x) => x)], tail, { name: 'sink', position: 3 });
    expectStageError(
      thrown(() => c.loop([5, 6, 7, 8], 0)),
      'sink',
      2,
      'seven',
    );
  });

  it('stops on STOP from the tail', () => {
    let n = 0;
    const c = compile([], { step: () => (++n === 2 ? STOP : undefined) }, { name: 'first2' });
    expect(c.loop([1, 2, 3], 0)).to.equal(STOPPED);
    expect(n).to.equal(2);
  });

  it('suspends on ASYNC, then finishes that item and the rest of its batch', async () => {
    const later: AnyOp = {
      name: 'later',
      expands: false,
      done: false,
      step(x) {
        if (x !== 2) return x;
        later.pending = Promise.resolve(20);
        return ASYNC;
      },
    };
    const tail = collector();
    const runner = new Runner([later, mapOp('inc', (x) => x + 1)], tail, { name: 'collect' });
    let r = runner.run([1, 2, 3], 0);
    expect(r).to.equal(SUSPENDED);
    expect(tail.items).to.deep.equal([2]);
    while (r === SUSPENDED) {
      await runner.pending;
      r = runner.resume();
    }
    expect(r).to.equal(MORE);
    expect(tail.items).to.deep.equal([2, 21, 4]);
  });

  it('names the item when a promise an op waited for rejects, and counts on after a resume', async () => {
    let calls = 0;
    const later: AnyOp = {
      name: 'later',
      expands: false,
      done: false,
      step(x) {
        calls++;
        later.pending = x === 4 ? Promise.reject(new Error('four')) : Promise.resolve(x);
        return ASYNC;
      },
    };
    const runner = new Runner([later], collector(), { name: 'collect' });
    let err: unknown;
    try {
      let r = runner.run([0, 1, 2, 3, 4, 5], 0);
      while (r === SUSPENDED) {
        await runner.pending;
        r = runner.resume();
      }
    } catch (e) {
      err = e;
    }
    expectStageError(err, 'later', 4, 'four');
    expect(calls).to.equal(5);
  });
});
