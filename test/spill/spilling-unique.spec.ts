import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipe } from '../../lib/core/pipe.js';
import { kSpill } from '../../lib/core/symbols.js';
import type { SpillStats } from '../../lib/spill/spill-stats.js';
import { collect } from '../../sinks/basic.js';
import { unique } from '../../transforms/unique.js';
import { rng } from '../helpers/rng.js';
import { expectEmptyAndRemove, freshTmpdir, openFds, randomStrings } from '../helpers/spill.js';
import { expectStageError, rejection, stageContract, thrown } from '../helpers/support.js';

const spillOf = (x: unknown): SpillStats => (x as { [kSpill]: SpillStats })[kSpill];

describe('unique with a memory budget', () => {
  let dir: string;
  beforeEach(() => {
    dir = freshTmpdir();
  });
  afterEach(() => expectEmptyAndRemove(dir));

  describe('as a stage', () => {
    stageContract(() => unique({ memory: '64KB', tmpdir: dir }), [3, 1, 3, 2, 1], [3, 1, 2]);
  });

  it('gives the first occurrences in order, as without a budget, having spilled', async () => {
    const r = rng(71);
    const items = Array.from({ length: 40_000 }, () => `id-${Math.floor(r() * 20_000)}`);
    const stage = unique<string>({ memory: '64KB', tmpdir: dir });
    expect(await pipe(items, stage, collect())).to.deep.equal(await pipe(items, unique<string>(), collect()));
    expect(spillOf(stage).runsWritten).to.be.above(0);
  });

  it('takes a key, and keeps the first item of each key', async () => {
    const words = randomStrings(20_000, 72);
    const byLength = (w: string): number => w.length % 7;
    const many = words.map((w, i) => ({ w, i, k: `${byLength(w)}-${i % 3000}` }));
    const out = await pipe(
      many,
      unique((x: { k: string }) => x.k, { memory: '64KB', tmpdir: dir }),
      collect(),
    );
    expect(out).to.deep.equal(
      await pipe(
        many,
        unique((x: { k: string }) => x.k),
        collect(),
      ),
    );
  });

  it('lets first occurrences through at once while the keys fit', async () => {
    const seen: number[] = [];
    let sent = 0;
    const source = new Readable({
      objectMode: true,
      read() {
        // Stops after 100 items until the first ones have come out.
        if (sent === 100 && seen.length === 0) return void setTimeout(() => this.push(sent++), 50);
        this.push(sent < 200 ? sent++ : null);
      },
    });
    let firstSeenAt = -1;
    await pipeline(source, unique({ memory: '64KB', tmpdir: dir }), async (out: AsyncIterable<number>) => {
      for await (const x of out) {
        if (firstSeenAt < 0) firstSeenAt = sent;
        seen.push(x);
      }
    });
    expect(firstSeenAt).to.be.at.most(100);
    expect(seen).to.deep.equal(Array.from({ length: 200 }, (_, i) => i));
  });

  it('fails on a key kept by identity, naming the item', async () => {
    const err = await rejection(pipe([1, { a: 1 }], unique({ memory: '64KB', tmpdir: dir }), collect()));
    expectStageError(err, 'unique(memory=65536)', 1);
  });

  it('removes its files when the pipe is aborted while it holds items', async () => {
    const fds = openFds();
    const controller = new AbortController();
    async function* ids(): AsyncGenerator<string> {
      for (let i = 0; i < 50_000; i++) {
        if (i === 40_000) controller.abort();
        if (i % 5000 === 0) await new Promise((r) => setImmediate(r));
        yield `id-${i}`;
      }
    }
    const err = await rejection(pipe(ids(), unique({ memory: '64KB', tmpdir: dir }), collect(), { signal: controller.signal }));
    expect((err as Error).name).to.equal('AbortError');
    expect(openFds()).to.equal(fds);
  });

  it('checks its options', () => {
    expect(thrown(() => unique({ memory: 'big' })).code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => unique(3 as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
