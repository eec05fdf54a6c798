import { expect } from 'chai';
import { KmerHashTable, hashKmer } from '../../lib/kmer/hash-table.js';

/** Deterministic pseudo-random 62-bit keys. */
function keys(n: number, seed: number): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    hi[i] = x >>> 2; // up to 30 bits, like k = 31
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    lo[i] = x;
  }
  return { hi, lo };
}

describe('KmerHashTable', () => {
  it('counts, grows past a small initial capacity, and keeps every count', () => {
    const t = new KmerHashTable({ initialCapacity: 16, segmentBits: 2 });
    const initial = t.capacity;
    const { hi, lo } = keys(5000, 42);
    // Every key three times, in two batches and one by one, so growth happens mid-stream.
    t.addBatch(hi, lo, hi.length);
    for (let i = 0; i < hi.length; i++) t.add(hi[i]!, lo[i]!);
    t.addBatch(hi, lo, hi.length);
    expect(t.capacity).to.be.greaterThan(initial);
    expect(t.size).to.equal(new Set(Array.from(hi, (h, i) => `${h}:${lo[i]}`)).size);
    for (let i = 0; i < hi.length; i += 97) expect(t.get(hi[i]!, lo[i]!)).to.equal(3);
    expect(t.get(0x3fffffff, 12345)).to.equal(0);
  });

  it('works with a single segment and adds by more than one', () => {
    const t = new KmerHashTable({ initialCapacity: 1, segmentBits: 0 });
    for (let i = 0; i < 1000; i++) t.add(i >>> 3, i, 2);
    t.add(0, 0, 5);
    expect(t.size).to.equal(1000);
    expect(t.get(0, 0)).to.equal(7);
    expect(t.get(1, 8)).to.equal(2);
  });

  it('iterates (hi, lo, count) by forEach, batches and columns, without strings', () => {
    const t = new KmerHashTable({ initialCapacity: 8 });
    const { hi, lo } = keys(3000, 7);
    t.addBatch(hi, lo, 3000);
    t.add(hi[0]!, lo[0]!);
    const seen = new Map<string, number>();
    t.forEach((h, l, c) => seen.set(`${h}:${l}`, c));
    expect(seen.size).to.equal(t.size);
    expect(seen.get(`${hi[0]}:${lo[0]}`)).to.equal(2);
    let n = 0;
    let sum = 0;
    for (const b of t.batches(1000)) {
      expect(b.n).to.be.at.most(1000);
      n += b.n;
      for (let i = 0; i < b.n; i++) sum += b.count[i]!;
    }
    expect(n).to.equal(t.size);
    expect(sum).to.equal(3001);
    const cols = t.toColumns();
    expect(cols.hi.length).to.equal(t.size);
    expect(t.get(cols.hi[5]!, cols.lo[5]!)).to.equal(cols.count[5]);
  });

  it('hashes both words', () => {
    expect(hashKmer(1, 0)).to.not.equal(hashKmer(0, 1));
    expect(hashKmer(0, 1)).to.not.equal(hashKmer(0, 2));
  });

  it('rejects bad segment bits at once', () => {
    expect(() => new KmerHashTable({ segmentBits: 9 })).to.throw(RangeError, /segmentBits/);
  });
});
