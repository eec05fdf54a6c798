import { setImmediate as tick } from 'node:timers/promises';
import type { DeadLetter } from '../../lib/core/error-policy.js';
import type { StageError } from '../../lib/core/errors.js';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { groupBy } from '../../sinks/group-by.js';
import { pipe } from '../../lib/core/pipe.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';
import { fixtureKey } from '../helpers/toolz-fixtures.js';
import { moreCases } from '../helpers/toolz-more-fixtures.js';

describe('groupBy', () => {
  it('matches toolz groupby on the fixtures, in pipe() and Node pipeline', async () => {
    for (const c of moreCases) {
      expect([...(await pipe(c.input, groupBy(fixtureKey)))], c.name).to.deep.equal(c.groupby);
      expect([...(await pipeline(Readable.from(c.input), groupBy(fixtureKey)))], c.name).to.deep.equal(c.groupby);
    }
  });

  it('groups by a property name, and gives new groups on every run', async () => {
    const sink = groupBy<{ id: number; k: string }, string>('k');
    const rows = [
      { id: 1, k: 'a' },
      { id: 2, k: 'b' },
      { id: 3, k: 'a' },
    ];
    const a = await pipe(rows, sink);
    expect(a.get('a')!.map((r) => r.id)).to.deep.equal([1, 3]);
    expect(await pipe(rows, sink)).to.not.equal(a);
  });

  it('names the key and the item in an error', async () => {
    function first(s: string): string {
      if (typeof s !== 'string') throw new TypeError('not a string');
      return s.charAt(0);
    }
    const err = await rejection(pipe(['ab', 'c', 5 as never], groupBy(first)));
    expectStageError(err, 'groupBy(first)', 2, 'not a string');
    expect(err.position).to.equal(2);
  });

  it('is aborted by pipe({ signal })', async () => {
    const controller = new AbortController();
    let n = 0;
    const src = new Readable({
      objectMode: true,
      read() {
        this.push(n++);
        if (n === 100) controller.abort();
      },
    });
    expect(
      (
        (await rejection(
          pipe(
            src,
            groupBy((x: number) => x % 3),
            { signal: controller.signal },
          ),
        )) as Error
      ).name,
    ).to.equal('AbortError');
  });

  it('throws at once for a bad key', () => {
    expect(thrown(() => groupBy(true as never)).message).to.equal('The "key" argument must be a function or a property name. Received type boolean (true)');
  });

  it('awaits an async key function, and skips the items it fails on under onError: skip', async () => {
    const words = ['apple', 'fig', 'kiwi', 'pear'];
    const len = async (w: string): Promise<number> => (await tick(), w.length);
    expect(await pipe(words, groupBy(len))).to.deep.equal(
      new Map([
        [5, ['apple']],
        [3, ['fig']],
        [4, ['kiwi', 'pear']],
      ]),
    );
    const letters: DeadLetter[] = [];
    const bad = async (w: string): Promise<number> => {
      if (w.startsWith('p')) throw new Error('no p');
      return w.length;
    };
    const groups = await pipe(words, groupBy(bad, { onError: (letter) => void letters.push(letter) }));
    expect(groups).to.deep.equal(
      new Map([
        [5, ['apple']],
        [3, ['fig']],
        [4, ['kiwi']],
      ]),
    );
    expect(letters.map((l) => [l.item, l.index, l.stage, (l.error as StageError).index])).to.deep.equal([['pear', 3, 'groupBy(bad)', 3]]);
  });
});
