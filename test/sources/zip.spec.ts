import { expect } from 'chai';
import { Readable } from 'node:stream';
import { zip } from '../../sources/zip.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { mergeCases } from '../helpers/toolz-more-fixtures.js';

describe('zip', () => {
  it('matches Python zip on the fixtures: stops at the shortest input', async () => {
    for (const c of mergeCases) {
      expect(await pipe(zip(...c.inputs), collect()), c.name).to.deep.equal(c.zip);
      expect(await pipe(zip(...c.inputs.map((xs) => Readable.from(xs))), collect()), c.name).to.deep.equal(c.zip);
    }
  });

  it('closes the longer inputs once the shortest ends, without reading them to the end', async () => {
    let pulled = 0;
    let closed = false;
    function* endless(): Generator<number> {
      try {
        for (;;) yield pulled++;
      } finally {
        closed = true;
      }
    }
    const long = new Readable({
      objectMode: true,
      highWaterMark: 2,
      read() {
        this.push('r');
      },
    });
    expect(await pipe(zip(['a', 'b'], endless(), long), collect())).to.deep.equal([
      ['a', 0, 'r'],
      ['b', 1, 'r'],
    ]);
    expect(pulled).to.equal(3);
    expect(closed).to.equal(true);
    expect(long.destroyed).to.equal(true);
  });

  it('names the failing input and item, and destroys the others', async () => {
    const other = new Readable({
      objectMode: true,
      read() {
        this.push(1);
      },
    });
    const broken = new Readable({
      objectMode: true,
      read() {
        this.destroy(new Error('cut'));
      },
    });
    expectStageError(await rejection(pipe(zip(other, broken), collect())), 'zip(sources[1])', 0, 'cut');
    expect(other.destroyed).to.equal(true);
  });

  it('is aborted by { signal }', async () => {
    const controller = new AbortController();
    const a = new Readable({
      objectMode: true,
      read() {
        this.push(1);
      },
    });
    const b = new Readable({
      objectMode: true,
      read() {
        this.push(2);
      },
    });
    const run = pipe(zip(a, b, { signal: controller.signal }), async (src: AsyncIterable<unknown>) => {
      let i = 0;
      for await (const _ of src) if (++i === 20) controller.abort();
    });
    expect(((await rejection(run)) as Error).name).to.equal('AbortError');
    expect(a.destroyed && b.destroyed).to.equal(true);
  });

  it('throws at once for a bad input', () => {
    expect(thrown(() => zip([1], 3 as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
