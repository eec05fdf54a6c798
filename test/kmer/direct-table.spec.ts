import { expect } from 'chai';
import { DirectKmerTable } from '../../lib/kmer/direct-table.js';
import { decode, encode } from '../../lib/kmer/encode.js';
import { createKmerTable } from '../../lib/kmer/table.js';
import { KmerHashTable } from '../../lib/kmer/hash-table.js';
import { SortedKmerTable } from '../../lib/kmer/sorted-table.js';

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

  it('keeps k ≥ 10 counts in bytes, carrying past 255 exactly, and widens to float64 on demand', () => {
    const t = new DirectKmerTable(10);
    expect(t.bytes).to.be.instanceOf(Uint8Array);
    const los = new Uint32Array(600).fill(7);
    los[599] = 9;
    t.addBatch(new Uint32Array(600), los, 600); // 599 of k-mer 7: carries twice
    t.add(0, 9, 300); // 301 of k-mer 9
    t.add(0, 11, 2 ** 40);
    t.add(0, 12, 5);
    expect([t.get(0, 7), t.get(0, 9), t.get(0, 11), t.get(0, 12), t.get(0, 8)]).to.deep.equal([599, 301, 2 ** 40, 5, 0]);
    expect(t.size).to.equal(4);
    const seen: number[] = [];
    t.forEach((_hi, lo, c) => seen.push(lo, c));
    expect(seen).to.deep.equal([7, 599, 9, 301, 11, 2 ** 40, 12, 5]);
    const atLeast: number[] = [];
    t.forEach((_hi, lo) => atLeast.push(lo), 301);
    expect(atLeast).to.deep.equal([7, 9, 11]);
    const batched: number[] = [];
    for (const b of t.batches(3)) for (let i = 0; i < b.n; i++) batched.push(b.lo[i]!, b.count[i]!);
    expect(batched).to.deep.equal(seen);
    const wide = t.counts; // converts once, for good
    expect(t.bytes).to.equal(undefined);
    expect([wide[7], wide[9], wide[11], wide[12]]).to.deep.equal([599, 301, 2 ** 40, 5]);
    t.add(0, 7);
    expect(t.get(0, 7)).to.equal(600);
    expect(t.counts).to.equal(wide);
  });

  it('finds the n-th largest byte count, so that a top-n scan can skip the rest', () => {
    const t = new DirectKmerTable(10);
    for (const [lo, c] of [
      [1, 5],
      [2, 9],
      [3, 9],
      [4, 2],
      [5, 7],
    ] as const)
      t.add(0, lo, c);
    expect([1, 2, 3, 4, 5, 6].map((n) => t.nthLargestCount(n))).to.deep.equal([9, 9, 7, 5, 2, 1]);
    t.add(0, 6, 300); // a carry: no quick answer
    expect(t.nthLargestCount(1)).to.equal(1);
    expect(new DirectKmerTable(6).nthLargestCount(1)).to.equal(1); // float64 layout
  });

  it('folds forward counts onto canonical k-mers, in both layouts, palindromes kept, idempotent', () => {
    const rc = (s: string): string =>
      [...s]
        .reverse()
        .map((c) => ({ A: 'T', C: 'G', G: 'C', T: 'A' })[c]!)
        .join('');
    for (const [k, bytes] of [
      [4, false],
      [4, true],
      [5, false],
      [11, true],
    ] as const) {
      const t = new DirectKmerTable(k, { bytes });
      const kmers = k === 4 ? ['ACGT', 'AAAA', 'TTTT', 'TTTT', 'GATC', 'CCCA', 'TGGG'] : k === 5 ? ['ACGTA', 'TACGT', 'CCCCC'] : ['ACGTACGTACG', 'CGTACGTACGT'];
      const want = new Map<string, number>();
      for (const s of kmers) {
        t.add(0, encode(s)!.lo, 300); // 300: carries in the byte layout
        const r = rc(s);
        const c = s < r ? s : r;
        want.set(c, (want.get(c) ?? 0) + 300);
      }
      t.foldCanonical();
      t.foldCanonical();
      const got = new Map<string, number>();
      t.forEach((_hi, lo, c) => got.set(decode(0, lo, k), c));
      expect(got).to.deep.equal(new Map([...want].sort()));
    }
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
