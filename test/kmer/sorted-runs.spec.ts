import { expect } from 'chai';
import { findInRun, mergedBatches, mergeTwo, type SortedRun } from '../../lib/kmer/sorted-runs.js';

const run = (entries: [number, number, number][]): SortedRun => ({
  hi: Uint32Array.from(entries, (e) => e[0]),
  lo: Uint32Array.from(entries, (e) => e[1]),
  count: Uint32Array.from(entries, (e) => e[2]),
  n: entries.length,
});

function collect(runs: SortedRun[], size?: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const b of mergedBatches(runs, size)) for (let i = 0; i < b.n; i++) out.push([b.hi[i]!, b.lo[i]!, b.count[i]!]);
  return out;
}

describe('sorted runs', () => {
  const a = run([
    [0, 1, 2],
    [0, 5, 1],
    [1, 0, 4],
  ]);
  const b = run([
    [0, 5, 3],
    [0, 7, 1],
  ]);
  const c = run([
    [0, 0, 1],
    [1, 0, 1],
    [2, 2, 2],
  ]);
  const merged: [number, number, number][] = [
    [0, 0, 1],
    [0, 1, 2],
    [0, 5, 4],
    [0, 7, 1],
    [1, 0, 5],
    [2, 2, 2],
  ];

  it('merges two runs, adding the counts of shared k-mers', () => {
    const ab = mergeTwo(a, b);
    expect(collect([ab])).to.deep.equal([
      [0, 1, 2],
      [0, 5, 4],
      [0, 7, 1],
      [1, 0, 4],
    ]);
    expect(ab.n).to.equal(4);
  });

  it('reads many runs as one sorted sequence (k-way merge), across batch boundaries', () => {
    expect(collect([a, b, c])).to.deep.equal(merged);
    expect(collect([c, run([]), b, a], 1)).to.deep.equal(merged);
    expect(collect([])).to.deep.equal([]);
  });

  it('finds k-mers by binary search', () => {
    expect(findInRun(a, 0, 5)).to.equal(1);
    expect(findInRun(a, 1, 0)).to.equal(4);
    expect(findInRun(a, 0, 6)).to.equal(0);
    expect(findInRun(run([]), 0, 0)).to.equal(0);
  });
});
