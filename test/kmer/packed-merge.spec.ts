import { expect } from 'chai';
import { capRuns, mergedPackedBatches, mergePacked } from '../../lib/kmer/packed-merge.js';
import { PackedRunBuilder, type PackedRun } from '../../lib/kmer/packed-run.js';

const run = (k: number, entries: [number, number, number][]): PackedRun => {
  const b = new PackedRunBuilder(k, entries.length);
  for (const [h, l, c] of entries) b.push(h, l, c);
  return b.finish();
};

function collect(runs: PackedRun[], size?: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const b of mergedPackedBatches(runs, size)) for (let i = 0; i < b.n; i++) out.push([b.hi[i]!, b.lo[i]!, b.count[i]!]);
  return out;
}

describe('mergedPackedBatches', () => {
  for (const k of [21, 31]) {
    it(`walks several runs in order, adding the counts of shared k-mers (k=${k})`, () => {
      const a = run(k, [
        [0, 5, 1],
        [0, 9, 300],
        [2, 1, 2],
        [3, 0, 1],
      ]);
      const b = run(k, [
        [0, 9, 4],
        [1, 0, 255],
        [3, 0, 7],
      ]);
      const c = run(k, [[2, 1, 1]]);
      const want: [number, number, number][] = [
        [0, 5, 1],
        [0, 9, 304],
        [1, 0, 255],
        [2, 1, 3],
        [3, 0, 8],
      ];
      expect(collect([a, b, c], 2)).to.deep.equal(want);
      expect(collect([run(k, []), a])).to.deep.equal(collect([a]));
      const ab = mergePacked(k, a, b);
      expect(collect([ab])).to.deep.equal(collect([a, b]));
      expect(ab.get(0, 9)).to.equal(304);
      expect(ab.get(1, 0)).to.equal(255);
    });
  }

  it('capRuns merges the smallest runs until at most max are left, counts intact', () => {
    const runs = [
      run(21, [[0, 1, 1]]),
      run(21, [
        [0, 1, 2],
        [0, 2, 1],
      ]),
      run(21, [
        [0, 3, 5],
        [0, 4, 1],
        [0, 5, 1],
      ]),
      run(21, [[0, 2, 7]]),
    ];
    const want = collect(runs);
    capRuns(runs, 2, 21);
    expect(runs).to.have.length(2);
    expect(collect(runs)).to.deep.equal(want);
    // 1+1 -> 2 (keys 1, 2), then 2+2 -> 2 (the same keys): the 3-entry run is never touched.
    expect(runs.map((r) => r.n).sort()).to.deep.equal([2, 3]);
    capRuns(runs, 2, 21);
    expect(runs).to.have.length(2);
  });
});
