import { expect } from 'chai';
import { Readable } from 'node:stream';
import { mergeSorted } from '../../sources/merge-sorted.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { mergeCases } from '../helpers/toolz-more-fixtures.js';

/** A Readable of `items` that counts how many were read from it. */
function counted<T>(items: readonly T[]): Readable & { pulled: number } {
  let i = 0;
  const r = new Readable({
    objectMode: true,
    highWaterMark: 2,
    read() {
      this.push(i < items.length ? items[i++] : null);
    },
  }) as Readable & { pulled: number };
  Object.defineProperty(r, 'pulled', { get: () => i });
  return r;
}

describe('mergeSorted', () => {
  it('matches toolz merge_sorted on the fixtures: plain, with a key, and stable on ties', async () => {
    for (const c of mergeCases) {
      expect(await pipe(mergeSorted(...c.inputs), collect()), c.name).to.deep.equal(c.merge_sorted);
      expect(await pipe(mergeSorted(...c.inputs.map((xs) => Readable.from(xs))), collect()), c.name).to.deep.equal(c.merge_sorted);
      if (c.desc_inputs) expect(await pipe(mergeSorted(...c.desc_inputs, { key: (x: number) => -x }), collect()), c.name).to.deep.equal(c.merge_sorted_desc);
      expect(await pipe(mergeSorted(...c.tagged_inputs, { key: (t: unknown[]) => t[0] }), collect()), c.name).to.deep.equal(c.merge_sorted_tagged);
    }
  });

  it('is lazy: reads each input only as far as the output needs, a few items buffered per input', async () => {
    const a = counted(Array.from({ length: 10_000 }, (_, i) => 2 * i));
    const b = counted(Array.from({ length: 10_000 }, (_, i) => 2 * i + 1));
    expect(await pipe(mergeSorted(a, b, { highWaterMark: 1 }), take<number>(6), collect())).to.deep.equal([0, 1, 2, 3, 4, 5]);
    // 3 items each taken, plus each input's own highWaterMark (2), the item in the heap and
    // the output's buffer.
    expect(a.pulled).to.be.below(10);
    expect(b.pulled).to.be.below(10);
    expect(a.destroyed && b.destroyed).to.equal(true);
  });

  it('merges async generators and mixed inputs', async () => {
    async function* odd(): AsyncGenerator<number> {
      for (let i = 1; i < 10; i += 2) yield i;
    }
    expect(await pipe(mergeSorted(odd(), [0, 2, 4], Readable.from([6, 8])), collect())).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('names the input and the item of a failing input or key, and closes the others', async () => {
    async function* bad(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      throw new Error('boom');
    }
    const other = Readable.from([0, 5, 6, 7]);
    expectStageError(await rejection(pipe(mergeSorted(other, bad()), collect())), 'mergeSorted(sources[1])', 2, 'boom');
    expect(other.destroyed).to.equal(true);
    function keyOf(x: number): number {
      if (x === 3) throw new Error('three');
      return x;
    }
    expectStageError(await rejection(pipe(mergeSorted([1, 2], [0, 3], { key: keyOf }), collect())), 'mergeSorted(sources[1])', 1, 'three');
  });

  it('is aborted by { signal }, destroying every input', async () => {
    const controller = new AbortController();
    let n = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(n++);
      },
    });
    const other = new Readable({
      objectMode: true,
      read() {
        this.push(n++);
      },
    });
    const merged = mergeSorted(endless, other, { signal: controller.signal });
    const run = pipe(merged, async (src: AsyncIterable<number>) => {
      let i = 0;
      for await (const _ of src) if (++i === 100) controller.abort();
    });
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(endless.destroyed && other.destroyed && merged.destroyed).to.equal(true);
  });

  it('throws at once for a bad input, key or signal', () => {
    const err = thrown(() => mergeSorted([1], 5 as never));
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "sources[1]" argument of mergeSorted() must be a Readable or an (async) iterable. Received type number (5)');
    expect(thrown(() => mergeSorted([1], 'path.txt' as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mergeSorted([1], { key: 'x' as never })).message).to.equal('The "key" argument must be a function. Received type string (\'x\')');
    expect(thrown(() => mergeSorted([1], { signal: {} as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
