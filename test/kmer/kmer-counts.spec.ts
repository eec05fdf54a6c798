import { expect } from 'chai';
import { encode } from '../../lib/kmer/encode.js';
import { KmerCounts } from '../../lib/kmer/kmer-counts.js';
import { KmerScanner } from '../../lib/kmer/scanner.js';
import { createKmerTable } from '../../lib/kmer/table.js';

function count(text: string, k: number, canonical = false, kind: 'hash' | 'sorted' = 'hash'): KmerCounts {
  const table = createKmerTable(k, { kind });
  const scanner = new KmerScanner(k, table, { canonical });
  scanner.scanSequence(new TextEncoder().encode(text));
  scanner.end();
  return new KmerCounts(k, canonical, table, scanner.total);
}

describe('KmerCounts', () => {
  it('looks k-mers up by string, canonicalising when counts are canonical', () => {
    const c = count('AAAAT', 3, true);
    expect(c.get('AAA')).to.equal(2);
    expect(c.get('TTT')).to.equal(2); // same canonical k-mer
    expect(c.get('ATT')).to.equal(1); // AAT's reverse complement
    expect(c.get('CCC')).to.equal(0);
    expect(c.get('NNN')).to.equal(0);
    expect(c.get('AA')).to.equal(0);
    expect(c.total).to.equal(3);
  });

  it('iterates [kmer, count], gives values, a Map, and counts of counts', () => {
    for (const kind of ['hash', 'sorted'] as const) {
      const c = count('ACGTACGTACGTTTTTTTTTTTTTTTTTTTT', 17, false, kind);
      const entries = [...c];
      expect(entries.length).to.equal(c.size);
      expect(new Map(entries)).to.deep.equal(c.toMap());
      expect([...c.values()].reduce((a, b) => a + b, 0)).to.equal(c.total);
      const hist = c.histogram();
      expect([...hist.keys()]).to.deep.equal([...hist.keys()].sort((a, b) => a - b));
      expect([...hist].reduce((a, [cnt, n]) => a + cnt * n, 0)).to.equal(c.total);
    }
  });

  it('gives the top n by decreasing count, ties by k-mer', () => {
    const c = count('AAAAACCCGGT', 2);
    expect(c.top(3)).to.deep.equal([
      ['AA', 4],
      ['CC', 2],
      ['AC', 1],
    ]);
    expect(c.top(0)).to.deep.equal([]);
    expect(c.top(100)).to.have.length(c.size);
  });

  it('writes KMER<TAB>COUNT lines in chunks, straight from the table', () => {
    const c = count('ACGTTGCA'.repeat(50), 5);
    const dec = new TextDecoder();
    const chunks = [...c.lines(64)].map((b) => dec.decode(b));
    expect(chunks.length).to.be.greaterThan(1);
    for (const chunk of chunks) expect(chunk.length).to.be.at.most(64);
    const text = chunks.join('');
    expect(text).to.equal([...c].map(([kmer, n]) => `${kmer}\t${n}\n`).join(''));
    expect(text).to.include('ACGTT\t50\n');
  });

  it('includes k-mers without a 2-bit form (per-line mode) everywhere', () => {
    const table = createKmerTable(3);
    const p = encode('ACG')!;
    table.add(p.hi, p.lo, 2);
    const c = new KmerCounts(3, false, table, 3, new Map([['NNN', 1]]));
    expect(c.size).to.equal(2);
    expect(c.get('NNN')).to.equal(1);
    expect(c.get('ACG')).to.equal(2);
    expect([...c]).to.deep.equal([
      ['ACG', 2],
      ['NNN', 1],
    ]);
    expect(c.top(2)).to.deep.equal([
      ['ACG', 2],
      ['NNN', 1],
    ]);
    expect(c.top(1)).to.deep.equal([['ACG', 2]]);
    expect(new TextDecoder().decode([...c.lines()][0])).to.equal('ACG\t2\nNNN\t1\n');
  });
});
