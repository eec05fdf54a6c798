import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { compareNumbers } from '../../lib/spill/compare.js';
import { END, ExternalSort } from '../../lib/spill/external-sort.js';
import { expectEmptyAndRemove, freshTmpdir, randomNumbers } from '../helpers/spill.js';

function drain<T>(sorter: ExternalSort<T>): T[] {
  const merge = sorter.finish();
  const out: T[] = [];
  for (let x = merge.read(); x !== END; x = merge.read()) out.push(x);
  return out;
}

describe('ExternalSort', () => {
  let dir: string;
  beforeEach(() => {
    dir = freshTmpdir();
  });
  afterEach(() => expectEmptyAndRemove(dir));

  it('never touches the disk when the input fits the budget', () => {
    const sorter = new ExternalSort<number>({ memory: 1 << 20, tmpdir: dir }, {});
    for (const x of [3, 1, 2]) sorter.add(x);
    expect(drain(sorter)).to.deep.equal([1, 2, 3]);
    expect(sorter.stats).to.deep.equal({ bytesSpilled: 0, runsWritten: 0, runsMerged: 0 });
    expect(readdirSync(dir)).to.deep.equal([]);
    sorter.close();
  });

  it('writes runs of the budget and merges them all, counting bytes and runs', () => {
    const numbers = randomNumbers(10_000, 31);
    const sorter = new ExternalSort<number>({ memory: 16_384, tmpdir: dir }, {});
    for (const x of numbers) sorter.add(x);
    expect(drain(sorter)).to.deep.equal(numbers.slice().sort(compareNumbers));
    // 16 KB = 1024 doubles and their radix scratch: 10 runs, 80 KB of numbers and headers.
    expect(sorter.stats.runsWritten).to.equal(10);
    expect(sorter.stats.runsMerged).to.equal(10);
    expect(sorter.stats.bytesSpilled).to.be.within(80_000, 81_000);
    sorter.close();
  });

  it('removes its folder when closed mid-merge', () => {
    const sorter = new ExternalSort<string>({ memory: 16_384, tmpdir: dir }, {});
    for (let i = 0; i < 5_000; i++) sorter.add(`s${(i * 7919) % 5000}`);
    const merge = sorter.finish();
    merge.read();
    expect(readdirSync(dir)).to.have.length(1);
    sorter.close();
  });
});
