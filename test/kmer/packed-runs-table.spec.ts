import { expect } from 'chai';
import { PackedRunBuilder, type PackedRun } from '../../lib/kmer/packed-run.js';
import { PackedRunsTable } from '../../lib/kmer/packed-runs-table.js';

const run = (k: number, entries: [number, number, number][]): PackedRun => {
  const b = new PackedRunBuilder(k, entries.length);
  for (const [h, l, c] of entries) b.push(h, l, c);
  return b.finish();
};

function all(t: PackedRunsTable): [number, number, number][] {
  const out: [number, number, number][] = [];
  t.forEach((h, l, c) => out.push([h, l, c]));
  return out;
}

describe('PackedRunsTable', () => {
  it('reads runs from several threads as one table in order, counts of shared k-mers added', () => {
    const t = new PackedRunsTable(21);
    t.addRuns([
      run(21, [
        [0, 5, 1],
        [0, 9, 300],
        [3, 0, 1],
      ]),
      run(21, []),
    ]);
    t.addRuns([
      run(21, [
        [0, 9, 4],
        [1, 0, 255],
      ]),
    ]);
    expect(all(t)).to.deep.equal([
      [0, 5, 1],
      [0, 9, 304],
      [1, 0, 255],
      [3, 0, 1],
    ]);
    expect(t.size).to.equal(4);
    expect(t.get(0, 9)).to.equal(304);
    expect(t.get(2, 2)).to.equal(0);
    expect(() => t.add()).to.throw(/read-only/);
  });

  it('merges the smallest runs past 64, with the same content', () => {
    const t = new PackedRunsTable(31);
    const want = new Map<number, number>();
    for (let r = 0; r < 100; r++) {
      const entries: [number, number, number][] = [];
      for (let i = 0; i < 5; i++) {
        const lo = (r * 7 + i * 13) % 50;
        if (entries.some((e) => e[1] === lo)) continue;
        entries.push([1, lo, r + 1]);
        want.set(lo, (want.get(lo) ?? 0) + r + 1);
      }
      entries.sort((a, b) => a[1] - b[1]);
      t.addRuns([run(31, entries)]);
    }
    expect(all(t)).to.deep.equal([...want].sort((a, b) => a[0] - b[0]).map(([lo, c]) => [1, lo, c]));
    expect(t.size).to.equal(want.size);
  });

  it('is empty with no runs', () => {
    const t = new PackedRunsTable(21);
    expect(t.size).to.equal(0);
    expect(all(t)).to.deep.equal([]);
  });
});
