import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { collect, count, first, last, sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { batch } from '../../transforms/batch.js';
import { filter } from '../../transforms/filter.js';
import { pipe } from '../../lib/core/pipe.js';
import { StageError } from '../../lib/core/errors.js';
import type { Sink } from '../../lib/core/types.js';
import { expectStageError, rejection, expectStopped } from '../helpers/support.js';

/** An endless object-mode source counting from 0; `read()` says how many it made. */
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

const empties = (): AsyncIterable<never> => (async function* () {})();

describe('basic sinks', () => {
  describe('sum', () => {
    it('adds numbers, through pipe(), Node pipeline and called directly', async () => {
      const items = [1.5, 2, -3, 10];
      expect(await pipe(items, sum())).to.equal(10.5);
      expect(await pipeline(Readable.from(items), sum())).to.equal(10.5);
      expect(await sum()(Readable.from(items))).to.equal(10.5);
    });

    it('adds bigints from a bigint start', async () => {
      expect(await pipe([1n, 2n, 2n ** 64n], sum(0n))).to.equal(2n ** 64n + 3n);
    });

    it('is 0 (or the start) for an empty input', async () => {
      expect(await pipe([], sum())).to.equal(0);
      expect(await pipeline(Readable.from([]), sum(5n))).to.equal(5n);
    });

    it('runs in the same loop as a map and a filter before it, with a long input', async () => {
      const items = Array.from({ length: 20_000 }, (_, i) => i);
      const expected = items.filter((x) => x % 3 === 0).reduce((a, x) => a + 2 * x, 0);
      expect(
        await pipe(
          items,
          filter((x: number) => x % 3 === 0),
          map((x: number) => 2 * x),
          sum(),
        ),
      ).to.equal(expected);
    });
  });

  describe('count', () => {
    it('counts items of any kind, 0 for an empty input', async () => {
      expect(await pipe(['a', null, { x: 1 }, 0], count())).to.equal(4);
      expect(await pipeline(Readable.from(['a', 'b']), count())).to.equal(2);
      expect(await pipe([], count())).to.equal(0);
      expect(await count()(empties())).to.equal(0);
    });

    it('counts what a batch stage flushes at the end', async () => {
      expect(await pipe([1, 2, 3, 4, 5], batch<number>(2), count())).to.equal(3);
    });
  });

  describe('first', () => {
    it('gives the first item', async () => {
      expect(await pipe(['x', 'y'], first())).to.equal('x');
      expect(await pipeline(Readable.from(['x', 'y']), first())).to.equal('x');
      expect(
        await pipe(
          [3, 4, 5, 6],
          filter((x: number) => x > 4),
          first(),
        ),
      ).to.equal(5);
    });

    it('returns on an endless source and closes it, through pipe() and Node pipeline', async () => {
      const a = endless();
      expect(
        await pipe(
          a,
          map((x: number) => x + 100),
          first(),
        ),
      ).to.equal(100);
      expectStopped(a);
      expect(a.made()).to.be.below(1000);
      const b = endless();
      expect(await pipeline(b, first())).to.equal(0);
      expect(b.destroyed).to.equal(true);
    });

    it('stops a batch stage before it on an endless source', async () => {
      const a = endless();
      expect(await pipe(a, batch<number>(4), first())).to.deep.equal([0, 1, 2, 3]);
      expectStopped(a);
    });

    it('gives the default for an empty input, even an undefined default', async () => {
      expect(await pipe([], first(Object.freeze({ default: -1 })))).to.equal(-1);
      expect(await pipe([], first({ default: undefined }))).to.equal(undefined);
      expect(await pipe([1, 2], first({ default: -1 }))).to.equal(1);
    });

    it('fails with ERR_STREAMTOOLZ_NO_RESULT on an empty input without a default', async () => {
      for (const run of [() => pipe([], first()), () => pipeline(Readable.from([]), first()), () => first()(empties())]) {
        const err = await rejection(run());
        expect(err).to.be.instanceOf(StageError);
        expect((err as StageError).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
        expect((err as StageError).message).to.match(/^first( \(stage 2\))? failed: the input is empty$/);
      }
    });
  });

  describe('last', () => {
    it('gives the last item after the whole input', async () => {
      expect(await pipe(['x', 'y', 'z'], last())).to.equal('z');
      expect(await pipeline(Readable.from(['x', 'y', 'z']), last())).to.equal('z');
      expect(await pipe([1, 2, 3, 4, 5], batch<number>(2), last())).to.deep.equal([5]);
    });

    it('gives the default for an empty input, or fails with ERR_STREAMTOOLZ_NO_RESULT', async () => {
      expect(await pipe([], last(Object.freeze({ default: 'none' })))).to.equal('none');
      const err = await rejection(pipe([], last()));
      expect((err as StageError).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
      expect((err as StageError).message).to.equal('last (stage 2) failed: the input is empty');
      expect(((await rejection(pipeline(Readable.from([]), last()))) as StageError).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
    });
  });

  describe('collect', () => {
    it('collects the items in order, the same objects', async () => {
      const o = { a: 1 };
      const out = await pipe([o, 2, 'three'], collect());
      expect(out).to.deep.equal([o, 2, 'three']);
      expect(out[0]).to.equal(o);
      expect(await pipeline(Readable.from([1, 2]), collect())).to.deep.equal([1, 2]);
      expect(await pipe([], collect())).to.deep.equal([]);
    });

    it('gives a new array on every run of the same sink', async () => {
      const sink = collect<number>();
      const a = await pipe([1], sink);
      const b = await pipe([2], sink);
      expect(a).to.deep.equal([1]);
      expect(b).to.deep.equal([2]);
    });
  });

  describe('errors and cancellation', () => {
    it('an error in a stage before the sink names that stage and item', async () => {
      const boom = (x: number): number => {
        if (x === 3) throw new Error('three');
        return x;
      };
      for (const sink of [sum(), count(), last<number>(), collect<number>()] as Sink<number, unknown>[]) {
        const err = await rejection(pipe([1, 2, 3, 4], map(boom), sink));
        expectStageError(err, 'map(boom)', 2, 'three');
        expect(err.position).to.equal(2);
      }
    });

    // The sources abort from inside read(): a source that always pushes synchronously never
    // lets a timer run, in plain Node as well (checked), so a setTimeout abort would hang.
    const abortingSource = (controller: AbortController, after: number): Readable & { made: () => number } => {
      let n = 0;
      const src = new Readable({
        objectMode: true,
        read() {
          this.push(n++);
          if (n === after) controller.abort();
        },
      });
      return Object.assign(src, { made: () => n });
    };

    it('an abort through pipe({ signal }) rejects with AbortError and closes the source', async () => {
      for (const sink of [sum(), count(), last<number>(), collect<number>(), first<number>()] as Sink<number, unknown>[]) {
        const controller = new AbortController();
        const src = abortingSource(controller, 50);
        // Nothing passes the filter, so even first() waits for the abort.
        const err = await rejection(
          pipe(
            src,
            filter((x: number) => x < 0),
            sink,
            { signal: controller.signal },
          ),
        );
        expect((err as Error).name).to.equal('AbortError');
        expectStopped(src);
        expect(src.made()).to.be.below(1000);
      }
    });

    it('an abort by a timer stops a source that yields to the event loop', async () => {
      let n = 0;
      const src = new Readable({
        objectMode: true,
        read() {
          setImmediate(() => this.push(n++));
        },
      });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 5);
      const err = await rejection(
        pipe(
          src,
          map((x: number) => x),
          count(),
          { signal: controller.signal },
        ),
      );
      expect((err as Error).name).to.equal('AbortError');
      expectStopped(src);
    });

    it('an abort of Node pipeline rejects with AbortError', async () => {
      const controller = new AbortController();
      const src = abortingSource(controller, 50);
      const err = await rejection(pipeline(src, count(), { signal: controller.signal }));
      expect((err as Error).name).to.equal('AbortError');
      expect(src.destroyed).to.equal(true);
    });

    it('a sink called directly with an aborted signal stops at the next item', async () => {
      const controller = new AbortController();
      controller.abort();
      const err = await rejection(sum()(Readable.from([1, 2, 3]), { signal: controller.signal }));
      expect((err as Error).name).to.equal('AbortError');
    });
  });
});
