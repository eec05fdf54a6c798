import { expect } from 'chai';
import { Readable } from 'node:stream';
import { peek } from '../../sources/peek.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { StageError } from '../../lib/core/errors.js';
import { rejection, thrown } from '../helpers/support.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('peek', () => {
  it('gives the first item and a stream with every item, as toolz peek does, for each kind of source', async () => {
    for (const c of moreCases.filter((c) => c.input.length > 0)) {
      async function* gen(): AsyncGenerator<number | string> {
        yield* c.input;
      }
      for (const source of [c.input, Readable.from(c.input), gen()]) {
        const { first, stream } = await peek(source);
        expect(first, c.name).to.equal(c.input[0]);
        expect(await pipe(stream, collect()), c.name).to.deep.equal(c.input);
      }
    }
  });

  it('reads only the first item before the stream is read (it buffers nothing else)', async () => {
    let pulled = 0;
    function* counting(): Generator<number> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    const { first, stream } = await peek(counting());
    expect(first).to.equal(0);
    expect(pulled).to.equal(1);
    expect(
      await pipe(
        stream,
        map((x: number) => x * 2),
        take<number>(3),
        collect(),
      ),
    ).to.deep.equal([0, 2, 4]);
  });

  it('closes the source when the stream stops early', async () => {
    const src = new Readable({
      objectMode: true,
      read() {
        this.push(1);
      },
    });
    const { stream } = await peek(src);
    expect(await pipe(stream, take<number>(5), collect())).to.have.length(5);
    expect(src.destroyed).to.equal(true);
  });

  it('rejects with ERR_STREAMTOOLZ_NO_RESULT for an empty source, and names itself for a failing one', async () => {
    const empty = await rejection(peek([]));
    expect(empty).to.be.instanceOf(StageError);
    expect((empty as StageError).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
    expect((empty as StageError).message).to.equal('peek failed: the input is empty');
    // biome-ignore lint/correctness/useYield: a generator that fails before its first item
    async function* failing(): AsyncGenerator<number> {
      throw new Error('disk on fire');
    }
    const err = await rejection(peek(failing()));
    expect((err as StageError).message).to.equal('peek failed at item 0: disk on fire');
    const broken = new Readable({
      read() {
        this.destroy(new Error('gone'));
      },
    });
    expect(((await rejection(peek(broken))) as Error).message).to.include('gone');
  });

  it('is aborted by { signal } while it waits for the first item', async () => {
    const controller = new AbortController();
    const never = new Readable({ objectMode: true, read() {} });
    const waiting = peek(never, { signal: controller.signal });
    controller.abort();
    const err = await rejection(waiting);
    expect((err as Error).name).to.equal('AbortError');
    expect(never.destroyed).to.equal(true);
  });

  it('throws at once for a source that is not iterable, and a bad signal', () => {
    const err = thrown(() => peek(42 as never));
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('The "source" argument must be a Readable or an (async) iterable. Received type number (42)');
    expect(thrown(() => peek([1], { signal: 'x' as never })).message).to.equal('The "signal" option must be an AbortSignal. Received type string (\'x\')');
  });
});
