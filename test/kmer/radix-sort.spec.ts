import { expect } from 'chai';
import { radixSortPairs } from '../../lib/kmer/radix-sort.js';

describe('radixSortPairs', () => {
  for (const k of [3, 11, 16, 17, 21, 27, 31]) {
    it(`sorts (hi, lo) keys of 2k bits like a comparison sort (k=${k})`, () => {
      const n = 3000;
      const bits = 2 * k;
      let x = k * 7919;
      const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
      const hi = new Uint32Array(n);
      const lo = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        hi[i] = bits > 32 ? next() % 2 ** (bits - 32) : 0;
        lo[i] = bits >= 32 ? next() : next() % 2 ** bits;
      }
      const want = Array.from(hi, (h, i) => [h, lo[i]!] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const buf = { hi, lo, tmpHi: new Uint32Array(n), tmpLo: new Uint32Array(n) };
      radixSortPairs(buf, n, bits, new Int32Array(6 * 2048));
      expect(Array.from(buf.hi)).to.deep.equal(want.map((p) => p[0]));
      expect(Array.from(buf.lo)).to.deep.equal(want.map((p) => p[1]));
    });
  }

  it('sorts only the first n entries and checks its scratch size', () => {
    const buf = { hi: new Uint32Array(4), lo: Uint32Array.of(9, 3, 1, 0), tmpHi: new Uint32Array(4), tmpLo: new Uint32Array(4) };
    radixSortPairs(buf, 2, 10, new Int32Array(2048));
    expect(Array.from(buf.lo.subarray(0, 2))).to.deep.equal([3, 9]);
    expect(() => radixSortPairs(buf, 2, 62, new Int32Array(2048))).to.throw(RangeError);
  });
});
