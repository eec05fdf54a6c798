import { expect } from 'chai';
import { canonical, canonicalString, lessThan, reverseComplement } from '../../lib/kmer/canonical.js';
import { decode, encode } from '../../lib/kmer/encode.js';

/** The reverse complement the slow, obvious way. */
function rcString(s: string): string {
  const comp: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A' };
  return [...s]
    .reverse()
    .map((c) => comp[c])
    .join('');
}

function randomKmer(k: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < k; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += 'ACGT'[x >>> 30];
  }
  return s;
}

describe('kmer canonical', () => {
  it('reverse-complements packed k-mers for every k from 1 to 31', () => {
    for (let k = 1; k <= 31; k++) {
      for (let seed = 1; seed <= 20; seed++) {
        const s = randomKmer(k, seed * 7919 + k);
        const p = encode(s)!;
        const rc = reverseComplement(p.hi, p.lo, k);
        expect(decode(rc.hi, rc.lo, k), `${s}`).to.equal(rcString(s));
      }
    }
  });

  it('picks the smaller of a k-mer and its reverse complement', () => {
    for (let k = 1; k <= 31; k += 3) {
      const s = randomKmer(k, k * 31);
      const p = encode(s)!;
      const c = canonical(p.hi, p.lo, k);
      const r = rcString(s);
      const expected = s < r ? s : r;
      expect(decode(c.hi, c.lo, k)).to.equal(expected);
      expect(canonicalString(s)).to.equal(expected);
    }
    expect(canonicalString('TTG')).to.equal('CAA');
  });

  it('orders by hi word first', () => {
    expect(lessThan(0, 0xffffffff, 1, 0)).to.equal(true);
    expect(lessThan(1, 0, 1, 0)).to.equal(false);
  });
});
