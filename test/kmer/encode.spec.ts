import { expect } from 'chai';
import { BASE_CODE, NOT_BASE, baseAt, decode, decodeInto, encode, masks } from '../../lib/kmer/encode.js';

describe('kmer encode', () => {
  it('packs the first base most significant, A<C<G<T', () => {
    expect(encode('ACGT')).to.deep.equal({ hi: 0, lo: 0b00011011 });
    expect(encode('T')).to.deep.equal({ hi: 0, lo: 3 });
  });

  it('folds case and rejects non-ACGT characters', () => {
    expect(encode('acgt')).to.deep.equal(encode('ACGT'));
    expect(encode('ACNT')).to.equal(undefined);
    expect(BASE_CODE['N'.charCodeAt(0)]).to.equal(NOT_BASE);
  });

  it('uses the hi word past 16 bases and round-trips k = 1..31', () => {
    const bases = 'ACGTTGCAAGCTTCGAGGATCCTAGCTAGCA';
    for (let k = 1; k <= 31; k++) {
      const kmer = bases.slice(0, k);
      const p = encode(kmer)!;
      const m = masks(k);
      expect(p.hi & ~m.hi, `k=${k} hi`).to.equal(0);
      expect(decode(p.hi, p.lo, k), `k=${k}`).to.equal(kmer);
      expect(baseAt(p.hi, p.lo, 0)).to.equal(BASE_CODE[kmer.charCodeAt(k - 1)]);
    }
    expect(encode('A'.repeat(15) + 'TT')).to.deep.equal({ hi: 0, lo: 0xf });
    expect(encode('T' + 'A'.repeat(16))).to.deep.equal({ hi: 3, lo: 0 });
  });

  it('decodes into a byte buffer', () => {
    const p = encode('GATTACAGATTACAGATTACA')!;
    const out = new Uint8Array(23);
    const end = decodeInto(p.hi, p.lo, 21, out, 1);
    expect(end).to.equal(22);
    expect(new TextDecoder().decode(out.subarray(1, 22))).to.equal('GATTACAGATTACAGATTACA');
    const bases = 'TGCATTGACCAGTACGGATCCTAGGCATGCA';
    for (let k = 1; k <= 31; k++) {
      const p2 = encode(bases.slice(0, k))!;
      const buf = new Uint8Array(k);
      expect(decodeInto(p2.hi, p2.lo, k, buf, 0), `k=${k}`).to.equal(k);
      expect(new TextDecoder().decode(buf), `k=${k}`).to.equal(bases.slice(0, k));
    }
  });

  it('masks cover exactly 2k bits', () => {
    expect(masks(6)).to.deep.equal({ hi: 0, lo: 0xfff });
    expect(masks(16)).to.deep.equal({ hi: 0, lo: 0xffffffff });
    expect(masks(31)).to.deep.equal({ hi: 0x3fffffff, lo: 0xffffffff });
  });
});
