import { expect } from 'chai';
import { DirectKmerTable } from '../../lib/kmer/direct-table.js';
import { canonicalString } from '../../lib/kmer/canonical.js';
import { decode, encode } from '../../lib/kmer/encode.js';
import { RollingKmer } from '../../lib/kmer/rolling.js';

const enc = new TextEncoder();

/** Emits through a tiny batch (size 3) so that the full-batch hand-over happens mid-loop. */
function emitted(k: number, canonical: boolean, pieces: string[], resetBefore = -1): string[] {
  const out: string[] = [];
  const roll: RollingKmer = new RollingKmer(k, canonical, 3, () => {
    for (let i = 0; i < roll.n; i++) out.push(decode(roll.hi[i]!, roll.lo[i]!, k));
    roll.n = 0;
  });
  pieces.forEach((p, i) => {
    if (i === resetBefore) roll.run = 0;
    roll.emit(enc.encode(p), 0, p.length);
  });
  for (let i = 0; i < roll.n; i++) out.push(decode(roll.hi[i]!, roll.lo[i]!, k));
  return out;
}

describe('RollingKmer', () => {
  it('rolls forward and reverse-complement k-mers across calls, one word and two', () => {
    for (const k of [2, 16, 17, 31]) {
      const seq = 'ACGTTGCAAGGCTTACGATCGATCGGATCCATGCAGT'.repeat(2);
      for (const canonical of [false, true]) {
        const want: string[] = [];
        for (let i = 0; i + k <= seq.length; i++) want.push(canonical ? canonicalString(seq.slice(i, i + k)) : seq.slice(i, i + k));
        expect(emitted(k, canonical, [seq.slice(0, 11), seq.slice(11, 12), seq.slice(12)]), `k=${k}`).to.deep.equal(want);
      }
    }
  });

  it('breaks the run at N, ignores \\r, and restarts when run is reset', () => {
    expect(emitted(3, false, ['ACGNTTA\rC'])).to.deep.equal(['ACG', 'TTA', 'TAC']);
    expect(emitted(3, false, ['AC', 'GT'], 1)).to.deep.equal([]);
  });

  it('counts into a direct table exactly what it would emit (canonical: forward counts, folded)', () => {
    for (const canonical of [false, true]) {
      const seq = 'ACGTTGCAAGGNCTTACGATCGATCggatccATGCAGTACGT';
      for (const k of [4, 5]) {
        const table = new DirectKmerTable(k, { bytes: false });
        const roll = new RollingKmer(k, canonical, 4, () => {});
        roll.count(enc.encode(seq), 0, seq.length, table.counts);
        if (canonical) table.foldCanonical();
        const want = new Float64Array(4 ** k);
        for (const kmer of emitted(k, canonical, [seq])) want[encode(kmer)!.lo]!++;
        expect(Array.from(table.counts)).to.deep.equal(Array.from(want));
        expect(roll.counted).to.equal(emitted(k, canonical, [seq]).length);
      }
    }
  });
});
