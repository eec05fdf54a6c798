import { expect } from 'chai';
import { SortedKmerTable } from '../../lib/kmer/sorted-table.js';

/** Deterministic keys from a small pool, so that k-mers repeat within and across blocks. */
function keys(n: number, pool: number, k: number, seed: number): { hi: Uint32Array; lo: Uint32Array } {
  const hiMask = k > 16 ? 2 ** (2 * k - 32) - 1 : 0;
  const loMask = k >= 16 ? 0xffffffff : 2 ** (2 * k) - 1;
  const poolHi = new Uint32Array(pool);
  const poolLo = new Uint32Array(pool);
  let x = seed;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < pool; i++) {
    poolHi[i] = (next() & hiMask) >>> 0;
    poolLo[i] = (next() & loMask) >>> 0;
  }
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const p = next() % pool;
    hi[i] = poolHi[p]!;
    lo[i] = poolLo[p]!;
  }
  return { hi, lo };
}

function reference(hi: Uint32Array, lo: Uint32Array): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < hi.length; i++) {
    const key = `${hi[i]}:${lo[i]}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

describe('SortedKmerTable', () => {
  for (const k of [5, 16, 17, 21, 31]) {
    it(`counts like a Map across many sort-and-merge blocks (k=${k})`, () => {
      const t = new SortedKmerTable(k, { blockSize: 100 });
      const { hi, lo } = keys(5000, 700, k, k * 101);
      t.addBatch(hi, lo, 2000); // batches larger than a block
      for (let i = 2000; i < 2500; i++) t.add(hi[i]!, lo[i]!);
      t.addBatch(hi.subarray(2500), lo.subarray(2500), 2500);
      const want = reference(hi, lo);
      expect(t.size).to.equal(want.size);
      const got = new Map<string, number>();
      let prev: [number, number] = [-1, -1];
      t.forEach((h, l, c) => {
        expect(h > prev[0] || (h === prev[0] && l > prev[1]), 'sorted').to.equal(true);
        prev = [h, l];
        got.set(`${h}:${l}`, c);
      });
      expect(got).to.deep.equal(want);
      for (let i = 0; i < 5000; i += 250) expect(t.get(hi[i]!, lo[i]!)).to.equal(want.get(`${hi[i]}:${lo[i]}`));
    });
  }

  it('grows its block from small to blockSize before sorting', () => {
    const t = new SortedKmerTable(21, { blockSize: 140_000 });
    const { hi, lo } = keys(200_000, 20_000, 21, 9);
    t.addBatch(hi, lo, hi.length);
    const want = reference(hi, lo);
    expect(t.size).to.equal(want.size);
    for (let i = 0; i < hi.length; i += 9973) expect(t.get(hi[i]!, lo[i]!)).to.equal(want.get(`${hi[i]}:${lo[i]}`));
  });

  it('keeps the distinct count a walk found, and forgets it when k-mers are added', () => {
    const t = new SortedKmerTable(21, { blockSize: 64 });
    const { hi, lo } = keys(1000, 300, 21, 5);
    t.addBatch(hi, lo, 1000);
    let walked = 0;
    for (const b of t.batches(50)) walked += b.n;
    expect(t.size).to.equal(walked);
    expect(walked).to.equal(reference(hi, lo).size);
    t.add(0x3ff, 0xffffffff);
    const added = reference(hi, lo).has(`${0x3ff}:${0xffffffff}`) ? 0 : 1;
    expect(t.size).to.equal(walked + added);
  });

  it('answers absent k-mers with 0, adds weights, and walks in batches', () => {
    const t = new SortedKmerTable(21, { blockSize: 4 });
    expect(t.size).to.equal(0);
    expect(t.get(1, 2)).to.equal(0);
    t.add(3, 9);
    t.add(1, 2, 5);
    t.add(1, 2);
    t.add(0, 7);
    t.add(3, 9, 2);
    expect(t.get(1, 2)).to.equal(6);
    expect(t.get(3, 9)).to.equal(3);
    expect(t.get(1, 3)).to.equal(0);
    const walked: number[] = [];
    for (const b of t.batches(2)) for (let i = 0; i < b.n; i++) walked.push(b.hi[i]!, b.lo[i]!, b.count[i]!);
    expect(walked).to.deep.equal([0, 7, 1, 1, 2, 6, 3, 9, 3]);
  });

  it('rejects bad options at once', () => {
    expect(() => new SortedKmerTable(32)).to.throw(RangeError, /"k"/);
    expect(() => new SortedKmerTable(21, { blockSize: 0 })).to.throw(RangeError, /"blockSize"/);
  });
});
