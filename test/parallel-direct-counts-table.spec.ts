import { expect } from 'chai';
import { DirectCountsTable } from '../lib/parallel/direct-counts-table.js';

describe('DirectCountsTable', () => {
  it('adopts the first counts array and adds the others into it; reads in order', () => {
    const first = Float64Array.of(0, 2, 0, 1);
    const t = new DirectCountsTable(first);
    t.absorb(Float64Array.of(5, 1, 0, 0));
    expect(t.counts).to.equal(first);
    expect([...first]).to.deep.equal([5, 3, 0, 1]);
    expect(t.size).to.equal(3);
    expect(t.get(0, 1)).to.equal(3);
    const seen: number[][] = [];
    t.forEach((h, l, c) => seen.push([h, l, c]));
    expect(seen).to.deep.equal([[0, 0, 5], [0, 1, 3], [0, 3, 1]]);
    const batches: number[][] = [];
    for (const b of t.batches(2)) batches.push([...b.lo.subarray(0, b.n)]); // arrays are reused
    expect(batches).to.deep.equal([[0, 1], [3]]);
  });

  it('refuses counts of another k and writes', () => {
    const t = new DirectCountsTable(new Float64Array(16));
    expect(() => t.absorb(new Float64Array(4))).to.throw(/4 slots, expected 16/);
    expect(() => t.add()).to.throw(/read-only/);
  });
});
