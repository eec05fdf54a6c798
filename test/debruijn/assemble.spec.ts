import { expect } from 'chai';
import { assemble, spell } from '../../lib/debruijn/assemble.js';
import { assembleGraph } from '../../lib/debruijn/assemble-graph.js';
import { eulerianPath } from '../../lib/debruijn/eulerian-path.js';
import { fastaChunks } from '../../lib/debruijn/fasta-lines.js';
import { graphOf, nxCase, randomGenome, randomReads, rng } from '../helpers/debruijn.js';

describe('assemble', () => {
  it("spells a path like the seed's assemble: first (k-1)-mer, then each next node's last base", () => {
    expect(
      assemble([
        ['ATG', 'TGG'],
        ['TGG', 'GGC'],
      ]),
    ).to.equal('ATGGC');
    expect(assemble([])).to.equal('');
    const g = graphOf(4, ['ATGGCGTGCA']);
    const path = eulerianPath(g);
    expect(assemble(path)).to.equal('ATGGCGTGCA');
    expect(spell(g, path.start, [...path.edges()])).to.equal('ATGGCGTGCA');
  });
});

describe('assembleGraph', () => {
  it('gives one sequence when there is an Eulerian path', () => {
    const c = nxCase('unique');
    const a = assembleGraph(graphOf(c.k, c.reads));
    expect(a.kind).to.equal('path');
    expect(a.reason).to.equal(undefined);
    expect(a.sequences.map((s) => s.sequence)).to.deep.equal([c.genome]);
    expect(a.sequences[0]!.coverage).to.be.above(1);
  });

  it('clips error tips, then finds the path the genome makes', () => {
    const genome = randomGenome(5000, rng(31));
    const reads = randomReads(genome, 2000, 100, rng(32), 0.005);
    reads.push(genome.slice(0, 100), genome.slice(-100));
    const g = graphOf(21, reads, 3);
    const a = assembleGraph(g);
    // With this seed one error, shared by 3 reads, survives the filter as a tip.
    expect(a.tipsClipped).to.equal(1);
    expect(a.reason).to.match(/^4 nodes are unbalanced/);
    expect(a.kind).to.equal('path');
    expect(genome).to.include(a.sequences[0]!.sequence);
    expect(a.sequences[0]!.sequence.length).to.be.at.least(0.99 * genome.length);
  });

  it('gives the contigs, longest first, with the reason, when no path exists', () => {
    const c = nxCase('disconnected');
    const a = assembleGraph(graphOf(c.k, c.reads));
    expect(a.kind).to.equal('contigs');
    expect(a.reason).to.be.a('string');
    const lengths = a.sequences.map((s) => s.sequence.length);
    expect(lengths).to.deep.equal([...lengths].sort((x, y) => y - x));
    expect(assembleGraph(graphOf(c.k, c.reads), { clipTips: false }).tipsClipped).to.equal(0);
  });
});

describe('fastaChunks', () => {
  it('wraps the sequence at the width, or not at all with 0', () => {
    expect([...fastaChunks('c1', 'ATGGCGTGCA', 4)].join('')).to.equal('>c1\nATGG\nCGTG\nCA\n');
    expect([...fastaChunks('c1', 'ATGGCGTGCA', 0)].join('')).to.equal('>c1\nATGGCGTGCA\n');
    expect([...fastaChunks('c1', 'ATGG', 4)].join('')).to.equal('>c1\nATGG\n');
  });

  it('cuts a long sequence into chunks of about a megabyte', () => {
    const seq = 'ACGT'.repeat(1 << 19); // 2 MB
    const chunks = [...fastaChunks('big', seq, 80)];
    expect(chunks.length).to.be.at.least(3);
    expect(chunks.join('').split('\n').slice(1, -1).join('')).to.equal(seq);
    for (const chunk of chunks.slice(1)) expect(chunk.length).to.be.at.most((1 << 20) + 81);
  });
});
