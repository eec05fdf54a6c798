import { expect } from 'chai';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { all, fork } from '../../sinks/all.js';
import { collect, count, first, sum } from '../../sinks/basic.js';
import { frequencies } from '../../sinks/frequencies.js';
import { reduce } from '../../sinks/reduce.js';
import { reducerSink } from '../../lib/core/sink.js';
import { kReducer } from '../../lib/core/symbols.js';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { StageError } from '../../lib/core/errors.js';
import { expectStageError, rejection, thrown, expectStopped } from '../helpers/support.js';

/** An endless object-mode source counting from 0; `made()` says how many it made. */
function endless(): Readable & { made: () => number } {
  let n = 0;
  const src = new Readable({
    objectMode: true,
    read() {
      this.push(n++);
    },
  });
  return Object.assign(src, { made: () => n });
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** The same sink without its reducer: `all` must iterate it as an async branch. */
const asAsync =
  <T, R>(sink: (s: AsyncIterable<T>) => Promise<R>) =>
  (s: AsyncIterable<T>): Promise<R> =>
    sink(s);

/** An async branch that records what it saw: items, the error its loop got, its signal. */
function recorder() {
  const seen = { items: [] as unknown[], error: undefined as unknown, signal: undefined as AbortSignal | undefined };
  const sink = async (source: AsyncIterable<unknown>, options?: { signal?: AbortSignal | undefined }): Promise<number> => {
    seen.signal = options?.signal;
    try {
      for await (const x of source) {
        seen.items.push(x);
        if (seen.items.length % 10 === 0) await tick();
      }
    } catch (err) {
      seen.error = err;
      throw err;
    }
    return seen.items.length;
  };
  return { seen, sink };
}

describe('all', () => {
  it('feeds every sink from one pass and resolves to their results, typed by name', async () => {
    const words = ['a', 'b', 'a', 'c', 'a'];
    const r: { counts: Map<string, number>; n: number; items: string[] } = await pipe(
      words,
      all({ counts: frequencies<string>(), n: count(), items: collect<string>() }),
    );
    expect(r).to.deep.equal({
      counts: new Map([
        ['a', 3],
        ['b', 1],
        ['c', 1],
      ]),
      n: 5,
      items: words,
    });
    expect(Object.keys(r)).to.deep.equal(['counts', 'n', 'items']);
  });

  it('runs reducer and async branches together, through pipe(), Node pipeline and called directly', async () => {
    const items = [...range(1000)];
    const want = { s: 499500, n: 1000, c: 1000, f: 0 };
    const make = () => all({ s: sum(), n: asAsync(count()), c: recorder().sink, f: first<number>() });
    expect(await pipe(items, make())).to.deep.equal(want);
    expect(await pipeline(Readable.from(items), make())).to.deep.equal(want);
    expect(await make()(Readable.from(items))).to.deep.equal(want);
    expect(
      await pipeline(
        Readable.from(items),
        map((x: number) => x * 2),
        all({ s: sum(), n: asAsync(count()) }),
      ),
    ).to.deep.equal({ s: 999000, n: 1000 });
  });

  it('reads any async iterable, not only streams: to the end, stopping early, and its errors', async () => {
    async function* gen(n: number, failAt = -1): AsyncGenerator<number> {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('generator failed');
        yield i;
      }
    }
    expect(await all({ s: sum(), c: recorder().sink })(gen(100))).to.deep.equal({ s: 4950, c: 100 });
    const it = gen(1e9);
    expect(await all({ f: first<number>(), g: asAsync(first<number>()) })(it)).to.deep.equal({ f: 0, g: 0 });
    expect(await it.next()).to.deep.equal({ value: undefined, done: true });
    const rec = recorder();
    const err = await rejection(all({ rec: rec.sink, s: sum() })(gen(100, 50)));
    expect(err).to.have.property('message', 'generator failed');
    expect(rec.seen.error).to.equal(err);
  });

  it('is a reducer sink (fused by pipe()) when every branch is one, and not otherwise', () => {
    expect(all({ s: sum(), n: count() })).to.have.property(kReducer);
    expect(all({ s: sum(), n: asAsync(count()) })).to.not.have.property(kReducer);
    expect(fork).to.equal(all);
  });

  it('takes input split over many writes, and an empty input', async () => {
    const src = new PassThrough({ objectMode: true });
    const done = pipeline(src, all({ s: sum(), c: recorder().sink }));
    for (const x of [1, 2, 3, 4]) {
      src.write(x);
      await tick();
    }
    src.end();
    expect(await done).to.deep.equal({ s: 10, c: 4 });
    expect(await pipe([], all({ s: sum(), c: recorder().sink, f: first({ default: 'none' }) }))).to.deep.equal({ s: 0, c: 0, f: 'none' });
    const err = await rejection(pipe([], all({ s: sum(), f: first() })));
    expect(err).to.be.instanceOf(StageError).with.property('code', 'ERR_STREAMTOOLZ_NO_RESULT');
  });

  describe('branches that finish early', () => {
    it('detaches a branch that is done and lets the others go on', async () => {
      const three = async (s: AsyncIterable<number>): Promise<number[]> => {
        const out: number[] = [];
        for await (const x of s) if (out.push(x) === 3) break;
        return out;
      };
      const idle = async (): Promise<string> => 'never read';
      for (const hwm of [1, 16]) {
        const r = await pipe(range(5000), all({ head: first<number>(), three, idle, n: asAsync(count()), s: sum() }, { highWaterMark: hwm }));
        expect(r).to.deep.equal({ head: 0, three: [0, 1, 2], idle: 'never read', n: 5000, s: 12497500 });
      }
    });

    it('stops reading an endless source once every branch is done, through pipe() and Node pipeline', async () => {
      const take2 = async (s: AsyncIterable<number>): Promise<number> => {
        let n = 0;
        for await (const _ of s) if (++n === 2) break;
        return n;
      };
      const a = endless();
      expect(await pipe(a, all({ head: first<number>(), two: take2 }))).to.deep.equal({ head: 0, two: 2 });
      expectStopped(a);
      expect(a.made()).to.be.below(1000);
      const b = endless();
      expect(await pipeline(b, all({ head: first<number>(), two: take2 }))).to.deep.equal({ head: 0, two: 2 });
      expect(b.destroyed).to.equal(true);
      const c = endless();
      expect(await pipe(c, all({ x: first<number>(), y: first<number>() }))).to.deep.equal({ x: 0, y: 0 });
      expectStopped(c);
    });
  });

  describe('errors', () => {
    it('a throwing reducer branch tears down every branch and the source, naming all(<branch>)', async () => {
      const src = endless();
      const rec = recorder();
      const bad = reducerSink('bad', () => ({
        step: (x: number) => {
          if (x === 25) throw new Error('boom');
        },
        result: () => 0,
      }));
      const err = await rejection(pipe(src, all({ rec: rec.sink, bad })));
      expectStageError(err, 'all(bad)', 25, 'boom');
      expectStopped(src);
      expect(rec.seen.signal?.aborted).to.equal(true);
      expect(rec.seen.error).to.equal(err);
    });

    it('a rejecting async branch tears down the others and the source, even while the source stalls', async () => {
      let pushed = 0;
      // Gives 30 items, then never pushes again: only the teardown can end the read.
      const src = new Readable({
        objectMode: true,
        read() {
          if (pushed < 30) this.push(pushed++);
        },
      });
      const rec = recorder();
      const failing = async (s: AsyncIterable<number>): Promise<void> => {
        for await (const x of s) if (x === 29) throw new Error('branch broke');
      };
      const err = await rejection(pipeline(src, all({ rec: rec.sink, failing, s: sum() })));
      expectStageError(err, 'all(failing)', undefined, 'branch broke');
      expect(src.destroyed).to.equal(true);
      expect(rec.seen.error).to.equal(err);
    });

    it('keeps an inner stage error as it is (code and stage)', async () => {
      const err = await rejection(pipe([], all({ n: count(), f: asAsync(first()) })));
      expect(err).to.be.instanceOf(StageError).with.property('stage', 'first');
      expect(err).to.have.property('code', 'ERR_STREAMTOOLZ_NO_RESULT');
    });

    it('a source error reaches every branch and rejects all()', async () => {
      let n = 0;
      const src = new Readable({
        objectMode: true,
        read() {
          if (n === 40) this.destroy(new Error('disk gone'));
          else this.push(n++);
        },
      });
      const rec = recorder();
      const err = await rejection(all({ rec: rec.sink, s: sum() })(src));
      expect(err).to.be.instanceOf(Error).with.property('message', 'disk gone');
      expect(rec.seen.error).to.equal(err);
    });
  });

  describe('abort', () => {
    it("rejects with an AbortError and aborts every branch, from pipe()'s signal or its own", async () => {
      for (const own of [false, true]) {
        const controller = new AbortController();
        const rec = recorder();
        const src = endless();
        const sink = all({ rec: rec.sink, s: sum() }, own ? { signal: controller.signal } : {});
        setTimeout(() => controller.abort(), 20);
        const err = await rejection(own ? pipe(src, sink) : pipe(src, sink, { signal: controller.signal }));
        expect(err).to.have.property('name', 'AbortError');
        expectStopped(src);
        expect(rec.seen.signal?.aborted).to.equal(true);
      }
    });

    it('rejects at once for an already-aborted signal', async () => {
      const err = await rejection(pipe(range(10), all({ s: sum() }, { signal: AbortSignal.abort() })));
      expect(err).to.have.property('name', 'AbortError');
    });
  });

  describe('options', () => {
    it('throws at once on bad arguments and never mutates them', () => {
      expect(thrown(() => all(null as never))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(thrown(() => all({}))).to.have.property('code', 'ERR_INVALID_ARG_VALUE');
      expect(thrown(() => all({ a: 3 as never })).message).to.include('"sinks.a"');
      expect(thrown(() => all({ s: sum() }, { highWaterMark: 0 }))).to.have.property('code', 'ERR_OUT_OF_RANGE');
      expect(thrown(() => all({ s: sum() }, { signal: 'x' as never }))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
      const sinks = Object.freeze({ s: sum() });
      const options = Object.freeze({ highWaterMark: 4 });
      expect(() => all(sinks, options)).to.not.throw();
      expect(options).to.deep.equal({ highWaterMark: 4 });
    });
  });

  describe('bounded memory', () => {
    it('one fast and one slow reducer over 10 M items: heap stays flat (fused fast path)', async function () {
      this.timeout(20_000);
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      const probe = reducerSink('probe', () => ({
        step: (_x: number, i: number) => {
          if (i % 500_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        },
        result: () => peak,
      }));
      const r = await pipe(range(10_000_000), all({ fast: count(), slow: frequencies((x: number) => x & 1023), probe }));
      expect(r.fast).to.equal(10_000_000);
      expect(r.slow.size).to.equal(1024);
      expect(r.slow.get(0)).to.equal(9766);
      expect(r.slow.get(1023)).to.equal(9765);
      expect(r.probe).to.be.below(50 * 2 ** 20);
    });

    it('a fast and a slow async branch: the fast one runs at most a buffer ahead, heap stays flat', async function () {
      this.timeout(20_000);
      const n = 200_000;
      const hwm = 16;
      let slowSeen = 0;
      let maxLag = 0;
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      const fast = async (s: AsyncIterable<number>): Promise<number> => {
        let k = 0;
        for await (const _ of s) maxLag = Math.max(maxLag, ++k - slowSeen);
        return k;
      };
      const slow = async (s: AsyncIterable<number>): Promise<number> => {
        for await (const _ of s) {
          if (++slowSeen % 1000 === 0) {
            peak = Math.max(peak, process.memoryUsage().heapUsed - base);
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
        }
        return slowSeen;
      };
      const r = await pipe(range(n), all({ fast, slow, s: sum() }, { highWaterMark: hwm }));
      expect(r).to.deep.equal({ fast: n, slow: n, s: (n * (n - 1)) / 2 });
      // An unbounded buffer (IxJS memoize) would let the fast branch run ~n items ahead.
      expect(maxLag).to.be.at.most(2 * hwm + 1);
      expect(peak).to.be.below(50 * 2 ** 20);
    });
  });

  it('waits for reducer branches whose functions are async, fused and in the general path', async () => {
    const slowAdd = async (a: number, x: number): Promise<number> => (await tick(), a + x);
    expect(await pipe([1, 2, 3], all({ total: reduce(slowAdd, 0), n: count() }))).to.deep.equal({ total: 6, n: 3 });
    const both = all({ total: reduce(slowAdd, 0), items: collect() }, { highWaterMark: 1 });
    expect(await pipeline(Readable.from([1, 2, 3]), both)).to.deep.equal({ total: 6, items: [1, 2, 3] });
  });
});
