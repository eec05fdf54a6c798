import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { pipe } from '../../lib/core/pipe.js';
import { kSpill } from '../../lib/core/symbols.js';
import type { SpillStats } from '../../lib/spill/spill-stats.js';
import { SpilledMap } from '../../lib/spill/spilled-map.js';
import { collect } from '../../sinks/basic.js';
import { countBy } from '../../sinks/count-by.js';
import { frequencies } from '../../sinks/frequencies.js';
import { groupBy } from '../../sinks/group-by.js';
import { reduceBy } from '../../sinks/reduce-by.js';
import { map } from '../../transforms/map.js';
import { rng } from '../helpers/rng.js';
import { expectEmptyAndRemove, freshTmpdir, openFds } from '../helpers/spill.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'spill');
const words = readFileSync(join(fixtures, 'words.txt'), 'utf8').split('\n').slice(0, -1);
/** collections.Counter(words).items(), in its order (first occurrence), by make-counts.py. */
const counter = readFileSync(join(fixtures, 'counts.tsv'), 'utf8')
  .split('\n')
  .slice(0, -1)
  .map((line) => {
    const [w, n] = line.split('\t');
    return [w!, Number(n)] as [string, number];
  });

const spillOf = (x: unknown): SpillStats => (x as { [kSpill]: SpillStats })[kSpill];

interface Row {
  id: number;
  user: string | number | boolean | null | undefined;
  score: number;
}

function rows(n: number, seed: number): Row[] {
  const r = rng(seed);
  const users: Row['user'][] = ['ann', 'bob', 1, '1', true, false, null, undefined, 2.5, 'été'];
  return Array.from({ length: n }, (_, id) => ({
    id,
    user: r() < 0.5 ? users[Math.floor(r() * users.length)] : `u${Math.floor(r() * 3000)}`,
    score: Math.floor(r() * 100),
  }));
}

describe('sinks with a memory budget', () => {
  let dir: string;
  beforeEach(() => {
    dir = freshTmpdir();
  });
  afterEach(() => expectEmptyAndRemove(dir));

  it('countBy counts as collections.Counter does, in its order, having spilled', async () => {
    const counts = await pipe(
      words,
      countBy((w: string) => w, { memory: '64KB', tmpdir: dir }),
    );
    expect(counts).to.be.instanceOf(SpilledMap);
    expect(counts.size).to.equal(counter.length);
    expect(spillOf(counts).runsWritten).to.be.above(10);
    expect([...counts]).to.deep.equal(counter);
  });

  it('countBy with a budget equals countBy without, as Maps and in order', async () => {
    const data = rows(20_000, 61);
    const inMemory = await pipe(data, countBy('user'));
    const spilled = await pipe(data, countBy('user', { memory: '64KB', tmpdir: dir }));
    expect(spillOf(spilled).bytesSpilled).to.be.above(0);
    expect([...spilled.toMap()]).to.deep.equal([...inMemory]);
  });

  it('frequencies, with or without a key, equal the in-memory ones', async () => {
    const spilled = await pipe(words, frequencies({ memory: '64KB', tmpdir: dir }));
    expect([...spilled]).to.deep.equal(counter);
    const byLength = await pipe(
      words,
      frequencies((w: string) => w.length, { memory: '64KB', tmpdir: dir }),
    );
    expect([...byLength]).to.deep.equal([
      ...(await pipe(
        words,
        frequencies((w: string) => w.length),
      )),
    ]);
  });

  it('groupBy keeps every item of every key in input order', async () => {
    // JSON drops properties whose value is undefined: these rows have none (their key may be undefined).
    const data = rows(10_000, 62).map((r) => (r.user === undefined ? { id: r.id, score: r.score } : r));
    const spilled = await pipe(data, groupBy('user', { memory: '32KB', tmpdir: dir }));
    expect(spillOf(spilled).runsWritten).to.be.above(3);
    expect([...spilled]).to.deep.equal([...(await pipe(data, groupBy('user')))]);
  });

  it('reduceBy without combine folds each key in input order, whatever the binop', async () => {
    const data = rows(10_000, 63);
    // Not associative: the order of the fold shows.
    const fold = (acc: number, r: Row): number => (acc * 31 + r.score) % 1_000_003;
    const expected = [...(await pipe(data, reduceBy('user', fold, 7)))];
    const spilled = await pipe(data, reduceBy('user', fold, 7, { memory: '64KB', tmpdir: dir }));
    expect([...spilled]).to.deep.equal(expected);
    const noInit = (a: Row, b: Row): Row => ({ id: a.id, user: a.user, score: a.score * 2 + b.score });
    const spilledNoInit = await pipe(data, reduceBy('user', noInit, undefined, { memory: '64KB', tmpdir: dir }));
    expect([...spilledNoInit]).to.deep.equal([...(await pipe(data, reduceBy('user', noInit)))]);
  });

  it('reduceBy with combine spills the accumulators and combines them, earlier first', async () => {
    const data = rows(10_000, 64);
    const add = (acc: { n: number; sum: number }, r: Row) => ({ n: acc.n + 1, sum: acc.sum + r.score });
    const combine = (a: { n: number; sum: number }, b: { n: number; sum: number }) => ({ n: a.n + b.n, sum: a.sum + b.sum });
    const init = () => ({ n: 0, sum: 0 });
    const spilled = await pipe(data, reduceBy('user', add, init, { memory: '64KB', tmpdir: dir, combine }));
    expect(spillOf(spilled).runsWritten).to.be.above(5);
    expect([...spilled]).to.deep.equal([...(await pipe(data, reduceBy('user', add, init)))]);
  });

  it('splits a partition again when it does not fit the budget', async () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `key-${(i * 7919) % 40_000}`);
    const spilled = await pipe(
      keys,
      countBy((k: string) => k, { memory: '64KB', tmpdir: dir }),
    );
    // 40 000 keys in 64 KB: each of the 4 partitions holds some 10 000, too many to merge in the budget.
    expect([...spilled]).to.deep.equal([
      ...(await pipe(
        keys,
        countBy((k: string) => k),
      )),
    ]);
    expect(spillOf(spilled).runsWritten).to.be.above(64);
  });

  it('never touches the disk when the keys fit the budget', async () => {
    const counts = await pipe(
      words,
      countBy((w: string) => w.length, { memory: '1MB', tmpdir: dir }),
    );
    expect(spillOf(counts)).to.deep.equal({ bytesSpilled: 0, runsWritten: 0, runsMerged: 0 });
    expect(counts.toMap()).to.deep.equal(
      await pipe(
        words,
        countBy((w: string) => w.length),
      ),
    );
  });

  it('is read once; a second read is an error with a code', async () => {
    const counts = await pipe(
      words,
      countBy((w: string) => w, { memory: '64KB', tmpdir: dir }),
    );
    expect((await pipe(counts, collect())).length).to.equal(counter.length);
    expect(thrown(() => counts.toMap()).code).to.equal('ERR_STREAMTOOLZ_NOT_REOPENABLE');
  });

  it('removes its files when a reader stops early or closes it unread', async () => {
    const fds = openFds();
    const a = await pipe(
      words,
      countBy((w: string) => w, { memory: '64KB', tmpdir: dir }),
    );
    for (const _ of a) break;
    const b = await pipe(
      words,
      countBy((w: string) => w, { memory: '64KB', tmpdir: dir }),
    );
    b.close();
    expect(openFds()).to.equal(fds);
  });

  it('fails on a key kept by identity, naming the item, and leaves no file', async () => {
    const data: unknown[] = words.slice(0, 5_000);
    data[4_000] = { not: 'a value' };
    const err = await rejection(
      pipe(
        data,
        countBy((x: unknown) => x, { memory: '64KB', tmpdir: dir }),
      ),
    );
    expectStageError(err, 'countBy(<anonymous>, memory=65536)', 4_000);
    expect((err as Error).message).to.include('compares such keys by identity');
  });

  it('fails on an item JSON cannot carry, naming it, and leaves no file', async () => {
    const data: unknown[] = rows(5_000, 65);
    data[3_000] = { user: 'ann', when: new Date(0) };
    const err = await rejection(pipe(data, groupBy('user', { memory: '64KB', tmpdir: dir })));
    expectStageError(err, 'groupBy("user", memory=65536)', 3_000);
  });

  it('removes its files when a stage before it fails or the pipe is aborted', async () => {
    const failing = map((w: string) => {
      if (w === words[15_000]) throw new Error('upstream boom');
      return w;
    });
    expect(
      (
        (await rejection(
          pipe(
            words,
            failing,
            countBy((w: string) => w, { memory: '64KB', tmpdir: dir }),
          ),
        )) as Error
      ).message,
    ).to.include('upstream boom');
    const controller = new AbortController();
    async function* slow(): AsyncGenerator<string> {
      for (const [i, w] of words.entries()) {
        if (i === 12_000) controller.abort();
        if (i % 1000 === 0) await tick();
        yield w;
      }
    }
    const err = await rejection(
      pipe(
        slow(),
        countBy((w: string) => w, { memory: '64KB', tmpdir: dir }),
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
  });

  it('checks its options at once', () => {
    expect(thrown(() => countBy('a', { memory: 'x' })).code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => groupBy('a', { memory: 10 })).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => reduceBy('a', (x: number) => x, 0, { combine: 1 as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
    const options = { memory: '1MB' };
    frequencies(options);
    expect(options).to.deep.equal({ memory: '1MB' });
  });
});
