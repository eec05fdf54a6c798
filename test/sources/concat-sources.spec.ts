import { expect } from 'chai';
import { Readable } from 'node:stream';
import { concatSources } from '../../sources/concat-sources.js';
import { map } from '../../transforms/map.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, count } from '../../sinks/basic.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { mergeCases } from '../helpers/toolz-more-fixtures.js';

describe('concatSources', () => {
  it('matches toolz concat on the fixtures, from arrays and from Readables', async () => {
    for (const c of mergeCases) {
      expect(await pipe(concatSources(...c.inputs), collect()), c.name).to.deep.equal(c.concat);
      expect(
        await pipe(
          concatSources(...c.inputs.map((xs) => Readable.from(xs))),
          map((x: unknown) => x),
          collect(),
        ),
        c.name,
      ).to.deep.equal(c.concat);
    }
  });

  it('does not read an input before its turn', async () => {
    let started = false;
    async function* second(): AsyncGenerator<number> {
      started = true;
      yield 9;
    }
    const out = concatSources([1, 2], second(), { highWaterMark: 1 });
    const it = out[Symbol.asyncIterator]();
    expect((await it.next()).value).to.equal(1);
    expect(started).to.equal(false);
    expect(await pipe(out, collect())).to.deep.equal([2, 9]);
    expect(started).to.equal(true);
  });

  it('stops at an error in an input not yet reached, naming it, and destroys every input', async () => {
    const first = new Readable({
      objectMode: true,
      read() {
        this.push(1);
      },
    });
    const later = new Readable({ objectMode: true, read() {} });
    setTimeout(() => later.destroy(new Error('later failed')), 5);
    // The first input never ends and always has an item ready: the error still gets through.
    expectStageError(await rejection(pipe(concatSources(first, later), count())), 'concatSources(sources[1])', 0, 'later failed');
    expect(first.destroyed).to.equal(true);
  });

  it('names a null item: it would end the stream', async () => {
    expectStageError(await rejection(pipe(concatSources([1], [null]), collect())), 'concatSources(sources[1])', 0);
  });

  it('is aborted by { signal }', async () => {
    const controller = new AbortController();
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(1);
      },
    });
    const run = pipe(concatSources(endless, { signal: controller.signal }), async (src: AsyncIterable<number>) => {
      let i = 0;
      for await (const _ of src) if (++i === 20) controller.abort();
    });
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(endless.destroyed).to.equal(true);
  });

  it('throws at once for a bad input', () => {
    expect(thrown(() => concatSources((() => 1) as never)).message).to.equal(
      'The "sources[0]" argument of concatSources() must be a Readable or an (async) iterable. Received function <anonymous>',
    );
  });
});
