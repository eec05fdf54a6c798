import { expect } from 'chai';
import { createReadStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { pipe } from '../../lib/core/pipe.js';
import { from } from '../../lib/core/from.js';
import { StageError } from '../../lib/core/errors.js';
import { filter } from '../../transforms/filter.js';
import { flatMap } from '../../transforms/flat-map.js';
import { map } from '../../transforms/map.js';
import { collect, first, sum } from '../../sinks/basic.js';
import { lines } from '../../sources/lines.js';
import { expectStageError, expectStopped, rejection } from '../helpers/support.js';

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
const double = (x: number): number => x * 2;
const coreTransform = (fn: (x: number) => number): Transform => new Transform({ objectMode: true, transform: (chunk: number, _e, cb) => cb(null, fn(chunk)) });
const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('pipe', () => {
  it('resolves with the sink result from arrays, generators, async generators and Readables', async () => {
    async function* agen(): AsyncGenerator<number> {
      yield* range(6);
    }
    expect(await pipe([0, 1, 2, 3, 4, 5], map(double), sum())).to.equal(30);
    expect(await pipe(range(6), map(double), sum())).to.equal(30);
    expect(await pipe(agen(), map(double), sum())).to.equal(30);
    expect(await pipe(Readable.from(range(6)), map(double), sum())).to.equal(30);
    expect(
      await pipe(
        from(range(6)),
        map(double),
        filter((x: number) => x > 4),
        collect(),
      ),
    ).to.deep.equal([6, 8, 10]);
  });

  it('runs foreign Transforms and generator functions between its own stages', async () => {
    async function* addOne(source: AsyncIterable<number>): AsyncGenerator<number> {
      for await (const x of source) yield x + 1;
    }
    const out = await pipe(
      range(5),
      map(double),
      coreTransform((x) => x * 10),
      addOne,
      filter((x: number) => x > 20),
      collect(),
    );
    expect(out).to.deep.equal([21, 41, 61, 81]);
  });

  it('puts its stages between foreign streams in a stock pipeline, and the other way round', async () => {
    const got: number[] = [];
    await pipeline(
      Readable.from(range(100)),
      coreTransform((x) => x + 1),
      map(double),
      flatMap((x: number) => [x, -x]),
      new PassThrough({ objectMode: true }),
      new Writable({ objectMode: true, write: (x: number, _e, cb) => (got.push(x), cb()) }),
    );
    expect(got).to.have.length(200);
    expect(got.slice(0, 4)).to.deep.equal([2, -2, 4, -4]);
    expect(
      await pipeline(
        Readable.from(range(10)),
        coreTransform((x) => x),
        map(double),
        sum(),
      ),
    ).to.equal(90);
  });

  it('writes into a Writable destination and resolves with nothing', async () => {
    const got: number[] = [];
    const dest = new Writable({ objectMode: true, write: (x: number, _e, cb) => (got.push(x), cb()) });
    expect(await pipe(range(3), map(double), dest)).to.equal(undefined);
    expect(got).to.deep.equal([0, 2, 4]);
  });

  it('names stage 3 and item 1042 when a user function throws there, fused or not, and destroys every stream', async () => {
    const boom = (x: number): number => {
      if (x === 1042) throw new Error('bad value');
      return x;
    };
    // Fused: the whole pipe is one loop.
    let err = await rejection(
      pipe(
        range(5000),
        map((x: number) => x),
        map(boom),
        sum(),
      ),
    );
    expectStageError(err, 'map(boom)', 1042, 'bad value');
    expect(err.position).to.equal(3);
    expect(err.message).to.equal('map(boom) (stage 3) failed at item 1042: bad value');
    // Not fused: a foreign stream between stages, the source a real stream.
    const source = from(range(5000));
    const foreign = coreTransform((x) => x);
    err = await rejection(
      pipe(
        source,
        foreign,
        map(boom),
        coreTransform((x) => x),
        sum(),
      ),
    );
    expectStageError(err, 'map(boom)', 1042, 'bad value');
    expect(err.position).to.equal(3);
    expect(source.destroyed).to.equal(true);
    expect(foreign.destroyed).to.equal(true);
  });

  it('names a foreign stage that fails', async () => {
    const failing = new Transform({ objectMode: true, transform: (_c, _e, cb) => cb(new Error('nope')) });
    const err = await rejection(pipe(range(3), map(double), failing, collect()));
    expect(err).to.be.instanceOf(StageError);
    expect((err as StageError).message).to.equal('Transform (stage 3) failed: nope');
  });

  it('names a sink function that fails', async () => {
    async function store(source: AsyncIterable<number>): Promise<void> {
      for await (const x of source) if (x > 2) throw new Error('disk full');
    }
    const err = await rejection(pipe(range(5), map(double), store));
    expect((err as StageError).message).to.equal('store (stage 3) failed: disk full');
  });

  it('rejects with AbortError on abort, and closes the file a source of ours opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-'));
    try {
      const path = join(dir, 'big.txt');
      writeFileSync(path, 'x\n'.repeat(1 << 20));
      await pipe(lines(path), first()); // the first file read starts libuv's thread pool, which keeps its descriptors
      const fds = openFds();
      const controller = new AbortController();
      let n = 0;
      const err = await rejection(
        pipe(
          lines(path),
          map((line: string) => {
            if (++n === 1000) controller.abort();
            return line.length;
          }),
          sum(),
          { signal: controller.signal },
        ),
      );
      expect((err as Error).name).to.equal('AbortError');
      expect(openFds()).to.equal(fds);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves a caller's stream open on abort: it stops reading it, and the caller closes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-'));
    try {
      const path = join(dir, 'big.txt');
      writeFileSync(path, 'x'.repeat(4 << 20));
      const fds = openFds();
      const controller = new AbortController();
      const file = createReadStream(path, { highWaterMark: 1024 });
      let chunks = 0;
      const err = await rejection(
        pipe(
          file,
          map((b: Buffer) => {
            if (++chunks === 10) controller.abort();
            return b.length;
          }),
          sum(),
          { signal: controller.signal },
        ),
      );
      expect((err as Error).name).to.equal('AbortError');
      expect(file.destroyed).to.equal(false);
      expect(file.isPaused()).to.equal(true);
      expect(file.listenerCount('readable')).to.equal(0);
      file.destroy();
      await once(file, 'close');
      expect(openFds()).to.equal(fds);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops reading a caller's stream when the sink has its answer, and leaves it paused", async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    expect(await pipe(endless, map(double), first())).to.equal(0);
    await tick();
    expect(endless.destroyed).to.equal(false);
    expect(endless.isPaused()).to.equal(true);
    const before = read;
    await tick();
    expect(read).to.equal(before);
    // At most a batch in hand and one buffered (StreamSource), and the stream's own buffer.
    expect(read).to.be.at.most(2 * 1024 + 32);
  });

  it('stops the stages before a sink that has its answer, a foreign one too', async () => {
    let read = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(read++);
      },
    });
    const middle = new PassThrough({ objectMode: true });
    expect(await pipe(endless, middle, map(double), first())).to.equal(0);
    expect(middle.destroyed).to.equal(true);
    expectStopped(endless);
  });

  it('stops reading a source of ours when the sink has its answer, and closes it', async () => {
    let closed = false;
    function* endless(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    expect(await pipe(from(endless()), map(double), first())).to.equal(0);
    expect(closed).to.equal(true);
  });

  it('refuses null items where a stream would take them for the end, instead of losing data', async () => {
    async function drain(source: AsyncIterable<unknown>): Promise<number> {
      let n = 0;
      for await (const _ of source) n++;
      return n;
    }
    let err = await rejection(pipe(['a', null, 'b'], drain));
    expectStageError(err, 'from(Array)', 1);
    expect(err.message).to.include('null cannot flow through a Node stream');
    err = await rejection(
      pipe(
        ['a', 'b', 'c'],
        map((x: string) => (x === 'b' ? null : x)),
        drain,
      ),
    );
    expect((err as StageError).stage).to.equal('map(<anonymous>)');
    // A fused pipe has no stream in between: null is an ordinary value there.
    expect(await pipe(['a', null, 'b'], collect())).to.deep.equal(['a', null, 'b']);
  });

  it("waits for a failing pipe's sink to finish its cleanup before rejecting", async () => {
    const log: string[] = [];
    async function slowCleanup(source: AsyncIterable<number>): Promise<void> {
      try {
        for await (const _ of source);
      } finally {
        await new Promise((r) => setTimeout(r, 20));
        log.push('sink cleanup done');
      }
    }
    const boom = (x: number): number => {
      if (x === 3) throw new Error('boom');
      return x;
    };
    await rejection(pipe([1, 2, 3, 4, 5], map(boom), slowCleanup));
    log.push('rejected');
    expect(log).to.deep.equal(['sink cleanup done', 'rejected']);
  });

  it('throws at once on bad arguments', async () => {
    const untyped = pipe as (...args: unknown[]) => Promise<unknown>;
    expect(String(await rejection(untyped([1])))).to.include('needs a source and a sink');
    expect(String(await rejection(pipe('data.csv' as never, sum())))).to.include('sources.lines("data.csv")');
    expect(String(await rejection(pipe(42 as never, sum())))).to.include(
      'must be a Readable, a ReadableStream, an iterable or an async iterable. Received type number (42)',
    );
    expect(String(await rejection(pipe([1], map(double), map(double) as never)))).to.include('whose output nobody reads');
    expect(String(await rejection(pipe([1], sum(), { signal: 'stop' } as never)))).to.include('The "signal" option must be an AbortSignal');
  });

  it('gives every error it throws at once a code', async () => {
    const untyped = pipe as (...args: unknown[]) => Promise<unknown>;
    const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => ((await rejection(p)) as { code?: string }).code;
    expect(await codeOf(untyped([1, 2]))).to.equal('ERR_MISSING_ARGS');
    expect(await codeOf(pipe('data.csv' as never, sum()))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(pipe(42 as never, sum()))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(pipe([1], map(double), map(double) as never))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(pipe([1], 7 as never, sum()))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(pipe([1], sum(), { signal: 'stop' } as never))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(pipe([1], sum(), { sample: -1 }))).to.equal('ERR_OUT_OF_RANGE');
  });
});
