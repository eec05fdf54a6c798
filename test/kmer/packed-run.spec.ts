import { expect } from 'chai';
import { PackedRunBuilder } from '../../lib/kmer/packed-run.js';

describe('PackedRun', () => {
  for (const k of [11, 21, 24, 25, 31]) {
    it(`stores sorted entries and finds them, big counts included (k=${k})`, () => {
      const hiMax = k > 16 ? 2 ** (2 * k - 32) : 1;
      const entries: [number, number, number][] = [];
      for (let i = 0; i < 300; i++) entries.push([(i * 7) % hiMax, i * 1000 + 5, i % 3 === 0 ? 254 + i : 1 + (i % 250)]);
      entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const b = new PackedRunBuilder(k, entries.length + 100);
      for (const [h, l, c] of entries) b.push(h, l, c);
      const run = b.finish();
      expect(run.n).to.equal(entries.length);
      expect(run.hi === null).to.equal(k <= 24);
      entries.forEach(([h, l, c], i) => {
        expect(run.get(h, l)).to.equal(c);
        expect(run.countAt(i)).to.equal(c);
      });
      expect(run.get(0, 6)).to.equal(0);
      expect(run.get(hiMax - 1, 0xffffffff)).to.equal(0);
    });
  }

  it('keeps counts up to 2^32 - 1 and refuses more', () => {
    const b = new PackedRunBuilder(21, 2);
    b.push(0, 1, 0xffffffff);
    expect(() => b.push(0, 2, 2 ** 32)).to.throw(RangeError, /2\^32/);
    expect(new PackedRunBuilder(21, 0).finish().get(0, 0)).to.equal(0);
  });
});
