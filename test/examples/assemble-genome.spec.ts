import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { assembleGenome, assembleToy, generateReads, seededRandom } from '../../examples/assemble-genome.js';
import { contigMapSvg } from '../../examples/contig-map-svg.js';
import { dataPath } from '../../examples/paths.js';

function fastaSequence(file: string): string {
  return readFileSync(dataPath(file), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('>'))
    .join('');
}

describe('examples/assemble-genome', () => {
  it("reassembles the seed's toy exactly from 60 random 5-base reads, for several seeds", async () => {
    for (const seed of [1, 2, 3]) {
      const r = await assembleToy(undefined, 4, seed);
      expect(r.sequence).to.equal('ATGGCGTGCA');
      expect(r.assembled).to.equal(r.sequence);
      expect([r.graph.nodeCount, r.graph.edgeCount]).to.deep.equal([8, 7]);
    }
  });

  it('draws the toy graph: every 3-mer labelled', async () => {
    const { svg } = await assembleToy();
    for (const node of ['ATG', 'TGG', 'GGC', 'GCG', 'CGT', 'GTG', 'TGC', 'GCA']) expect(svg).to.include(`>${node}<`);
  });

  it('generates reads as the seed does: the right length, all from the sequence', () => {
    const reads = [...generateReads('ATGGCGTGCA', 60, 5, seededRandom(9))];
    expect(reads).to.have.length(60);
    for (const r of reads) {
      expect(r).to.have.length(5);
      expect('ATGGCGTGCA').to.include(r);
    }
  });

  it('assembles the generated genome: every sequence is found in it, and they cover what the reads cover', async () => {
    const genome = fastaSequence('genome.fa');
    const reads = readFileSync(dataPath('genome-reads.fa'), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('>'));
    const r = await assembleGenome();
    expect(r.genomeLength).to.equal(genome.length);
    expect(r.reads).to.equal(reads.length);
    expect(r.contigs.every((c) => c.start >= 0)).to.equal(true);
    // The bases the reads cover, from the reads' own positions: an assembly cannot do better.
    const hit = new Uint8Array(genome.length);
    for (const read of reads) {
      const at = genome.indexOf(read);
      expect(at).to.be.at.least(0);
      hit.fill(1, at, at + read.length);
    }
    const coverable = hit.reduce((n, b) => n + b, 0);
    expect(r.covered).to.be.at.most(coverable);
    expect(r.covered).to.be.at.least(coverable - 2 * r.k * r.contigs.length);
    expect(r.covered / r.genomeLength).to.be.above(0.99);
  });

  it('draws placed contigs as bars and counts the ones it cannot place', () => {
    const svg = contigMapSvg(
      1000,
      [
        { length: 600, start: 0, coverage: 9 },
        { length: 300, start: 650, coverage: 8 },
        { length: 50, start: -1, coverage: 1 },
      ],
      { title: 'T' },
    );
    expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="14" fill="#4e79a7">/g)).to.have.length(2);
    expect(svg).to.include('600 bp').and.include('300 bp').and.include('1 not found in the genome');
  });
});
