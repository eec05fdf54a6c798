import { expect } from 'chai';
import { DirectKmerTable } from '../lib/kmer/direct-table.js';
import { createKmerTable } from '../lib/kmer/table.js';
import { KmerHashTable } from '../lib/kmer/hash-table.js';
import { SortedKmerTable } from '../lib/kmer/sorted-table.js';

describe('DirectKmerTable', () => {
  it('counts by direct index and iterates in lexicographic order', () => {
    const t = new DirectKmerTable(3);
    t.addBatch(new Uint32Array(3), Uint32Array.from([63, 0, 63]), 3);
    t.add(0, 5, 4);
    expect(t.get(0, 63)).to.equal(2);
    expect(t.get(0, 5)).to.equal(4);
    expect(t.get(0, 1)).to.equal(0);
    expect(t.size).to.equal(3);
    const order: number[] = [];
    t.forEach((hi, lo, c) => {
      expect(hi).to.equal(0);
      order.push(lo, c);
    });
    expect(order).to.deep.equal([0, 1, 5, 4, 63, 2]);
    const batches: number[] = [];
    for (const b of t.batches(2)) batches.push(b.n); // the batch object is reused
    expect(batches).to.deep.equal([2, 1]);
  });

  it('counts past 2^32 exactly', () => {
    const t = new DirectKmerTable(1);
    t.add(0, 2, 2 ** 32);
    t.add(0, 2);
    expect(t.get(0, 2)).to.equal(2 ** 32 + 1);
  });

  it('is chosen for k ≤ 12, the hash table above', () => {
    expect(createKmerTable(12)).to.be.instanceOf(DirectKmerTable);
    expect(createKmerTable(13)).to.be.instanceOf(KmerHashTable);
    expect(createKmerTable(6, { directMaxK: 0 })).to.be.instanceOf(KmerHashTable);
    expect(createKmerTable(21, { kind: 'sorted' })).to.be.instanceOf(SortedKmerTable);
    expect(createKmerTable(12, { kind: 'sorted' })).to.be.instanceOf(DirectKmerTable);
    expect(() => new DirectKmerTable(13)).to.throw(RangeError);
  });
});
