import { expect } from 'chai';
import { Readable } from 'node:stream';
import { interleave } from '../../sources/interleave.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { mergeCases } from '../helpers/toolz-more-fixtures.js';

describe('interleave', () => {
  it('matches toolz interleave on the fixtures, from arrays and from Readables', async () => {
    for (const c of mergeCases) {
      expect(await pipe(interleave(...c.inputs), collect()), c.name).to.deep.equal(c.interleave);
      expect(await pipe(interleave(...c.inputs.map((xs) => Readable.from(xs))), collect()), c.name).to.deep.equal(c.interleave);
    }
  });

  it('reads an input only when its turn comes', async () => {
    let pulled = 0;
    function* counting(): Generator<string> {
      for (;;) {
        pulled++;
        yield 'x';
      }
    }
    expect(await pipe(interleave<number | string>([1, 2, 3], counting(), { highWaterMark: 1 }), take<unknown>(4), collect())).to.deep.equal([1, 'x', 2, 'x']);
    expect(pulled).to.be.below(6);
  });

  it('names the failing input and item', async () => {
    async function* bad(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('bad');
    }
    expectStageError(await rejection(pipe(interleave<number | string>([1, 2, 3], bad()), collect())), 'interleave(sources[1])', 1, 'bad');
  });

  it('is aborted by { signal }', async () => {
    const controller = new AbortController();
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push(1);
      },
    });
    const run = pipe(interleave(endless, [2, 3], { signal: controller.signal }), async (src: AsyncIterable<number>) => {
      let i = 0;
      for await (const _ of src) if (++i === 50) controller.abort();
    });
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(endless.destroyed).to.equal(true);
  });

  it('throws at once for a bad input or highWaterMark', () => {
    expect(thrown(() => interleave([1], null as never)).message).to.equal(
      'The "sources[1]" argument of interleave() must be a Readable or an (async) iterable. Received null',
    );
    expect(thrown(() => interleave([1], { highWaterMark: 0 })).code).to.equal('ERR_OUT_OF_RANGE');
  });
});
