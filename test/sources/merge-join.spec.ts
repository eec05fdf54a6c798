import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as stream from 'node:stream';
import { Readable } from 'node:stream';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { mergeJoin } from '../../sources/merge-join.js';
import { take } from '../../transforms/take.js';
import { sort } from '../../transforms/sort.js';
import { rng } from '../helpers/rng.js';
import { expectEmptyAndRemove, freshTmpdir } from '../helpers/spill.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';

interface L {
  k: number;
  li: number;
}
interface R {
  k: number;
  ri: number;
}

/** Node's `stream.compose` (since 16.9; not in @types/node 20): a source and a stage as one Readable. */
const compose = (stream as unknown as { compose: (...s: unknown[]) => Readable }).compose;

/** The join as SQLite computes it (Python's sqlite3), ordered as a merge join gives it: by key, then left, then right. */
function sqliteJoin(left: L[], right: R[], type: 'inner' | 'left' | 'outer'): [L | undefined, R | undefined][] {
  const join = { inner: 'JOIN', left: 'LEFT JOIN', outer: 'FULL OUTER JOIN' }[type];
  const script = `
import json, sqlite3, sys
data = json.load(sys.stdin)
db = sqlite3.connect(':memory:')
db.execute('CREATE TABLE l (k, li)'); db.execute('CREATE TABLE r (k, ri)')
db.executemany('INSERT INTO l VALUES (?, ?)', [(x['k'], x['li']) for x in data['left']])
db.executemany('INSERT INTO r VALUES (?, ?)', [(x['k'], x['ri']) for x in data['right']])
rows = db.execute('SELECT l.k, l.li, r.k, r.ri FROM l ${join} r ON l.k = r.k ORDER BY coalesce(l.k, r.k), l.li, r.ri').fetchall()
print(json.dumps(rows))`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ left, right }) }).toString();
  const rows = JSON.parse(out) as [number, number | null, number, number | null][];
  return rows.map(([lk, li, rk, ri]): [L | undefined, R | undefined] => [li === null ? undefined : { k: lk, li }, ri === null ? undefined : { k: rk, ri }]);
}

/** Sorted inputs with repeated keys on both sides and keys found on one side only. */
function sides(seed: number, n: number): { left: L[]; right: R[] } {
  const r = rng(seed);
  const keys = (m: number): number[] => Array.from({ length: m }, () => Math.floor(r() * n)).sort((a, b) => a - b);
  return { left: keys(n).map((k, li) => ({ k, li })), right: keys(n).map((k, ri) => ({ k, ri })) };
}

describe('mergeJoin', () => {
  for (const type of ['inner', 'left', 'outer'] as const) {
    it(`gives the ${type} join that SQLite gives, in key order`, async () => {
      const { left, right } = sides(81, 400);
      const out = await pipe(mergeJoin<L, R>(left, right, { key: 'k', type: type as 'outer' }), collect());
      expect(out).to.deep.equal(sqliteJoin(left, right, type));
    });
  }

  it('joins unsorted sources through transforms.sort in bounded memory', async () => {
    const dir = freshTmpdir();
    try {
      const { left, right } = sides(82, 3000);
      const shuffle = <T>(xs: T[]): T[] => {
        const r = rng(83);
        const ys = xs.slice();
        for (let i = ys.length - 1; i > 0; i--) {
          const j = Math.floor(r() * (i + 1));
          [ys[i], ys[j]] = [ys[j]!, ys[i]!];
        }
        return ys;
      };
      // Shuffled, then sorted back by (key, index): sort is stable, so by key alone would also do.
      const sortedBy = <T>(xs: T[], idx: keyof T) =>
        compose(Readable.from(shuffle(xs)), sort<T>({ key: (x) => [x['k' as keyof T], x[idx]], memory: '64KB', tmpdir: dir }));
      const out = await pipe(mergeJoin<L, R>(sortedBy(left, 'li' as keyof L), sortedBy(right, 'ri' as keyof R), { key: 'k', type: 'outer' }), collect());
      expect(out).to.deep.equal(sqliteJoin(left, right, 'outer'));
    } finally {
      expectEmptyAndRemove(dir);
    }
  });

  it('takes a key per side, and a compare function for the order', async () => {
    const users = [
      { id: 'c', name: 'cy' },
      { id: 'b', name: 'bob' },
      { id: 'a', name: 'ann' },
    ];
    const orders = [
      { user: 'c', total: 1 },
      { user: 'a', total: 2 },
      { user: 'a', total: 3 },
    ];
    const desc = (x: string, y: string): number => (x < y ? 1 : x > y ? -1 : 0);
    const out = await pipe(mergeJoin(users, orders, { leftKey: 'id', rightKey: 'user', compare: desc, type: 'left' }), collect());
    expect(out.map(([u, o]) => [u!.name, o?.total])).to.deep.equal([
      ['cy', 1],
      ['bob', undefined],
      ['ann', 2],
      ['ann', 3],
    ]);
  });

  it('is lazy: reads only as far as its output is read', async () => {
    let pulledLeft = 0;
    let pulledRight = 0;
    function* numbers(count: () => void): Generator<number> {
      for (let i = 0; i < 1_000_000; i++) {
        count();
        yield i;
      }
    }
    const out = await pipe(
      mergeJoin(
        numbers(() => pulledLeft++),
        numbers(() => pulledRight++),
        { highWaterMark: 1 },
      ),
      take(5),
      collect(),
    );
    expect(out).to.deep.equal([0, 1, 2, 3, 4].map((i) => [i, i]));
    expect(pulledLeft).to.be.below(20);
    expect(pulledRight).to.be.below(20);
  });

  it('fails on an input out of order, naming the side and the item', async () => {
    const err = await rejection(pipe(mergeJoin([1, 2, 3], [1, 5, 4, 6], { type: 'outer' }), collect()));
    expectStageError(err, 'mergeJoin(right)', 2);
    expect((err as Error).message).to.include('right input is not sorted by the join key: 4 comes after 5');
    const left = await rejection(pipe(mergeJoin(['a', 'c', 'b'], ['a', 'b', 'c'], { type: 'left' }), collect()));
    expectStageError(left, 'mergeJoin(left)', 2);
  });

  it('names the side and item whose key fails', async () => {
    const key = (x: { k?: number }): number => {
      if (x.k === undefined) throw new Error('no k');
      return x.k;
    };
    expectStageError(await rejection(pipe(mergeJoin([{ k: 1 }], [{ k: 1 }, {}], { key }), collect())), 'mergeJoin(right)', 1, 'no k');
  });

  it('checks its options at once', () => {
    expect(thrown(() => mergeJoin([], [], { type: 'cross' as never })).code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => mergeJoin([], [], { compare: 1 as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mergeJoin([], 'x' as never)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
