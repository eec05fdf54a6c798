import { expect } from 'chai';
import { clipTips } from '../../lib/debruijn/clip-tips.js';
import { contigs, type Contig } from '../../lib/debruijn/contigs.js';
import type { DeBruijnGraph } from '../../lib/debruijn/graph.js';
import { countOf, graphFromCounts, graphOf, nxCase, randomGenome, randomReads, rng } from '../helpers/debruijn.js';

/** Every edge on exactly one contig, and each contig a walk. */
function expectPartition(g: DeBruijnGraph, list: readonly Contig[]): void {
  const seen = new Uint8Array(g.edgeCount);
  for (const c of list) {
    let at = c.start;
    for (const e of c.edges) {
      expect(g.edgeSource(e)).to.equal(at);
      expect(seen[e]).to.equal(0);
      seen[e] = 1;
      at = g.edgeTo[e]!;
    }
    expect(c.sequence.length).to.equal(c.edges.length + g.k - 1);
  }
  expect(seen.every((x) => x === 1)).to.equal(true);
}

describe('contigs', () => {
  it('splits the seed toy at its branching nodes (k=3)', () => {
    const g = graphOf(3, ['ATGGCGTGCA']);
    const list = [...contigs(g)];
    expect(list.map((c) => c.sequence).sort()).to.deep.equal(['ATG', 'GCA', 'GCGTG', 'TGC', 'TGGC']);
    expectPartition(g, list);
  });

  it('gives the whole sequence when nothing branches', () => {
    const c = nxCase('unique');
    const list = [...contigs(graphOf(c.k, c.reads))];
    expect(list.map((x) => x.sequence)).to.deep.equal([c.genome]);
  });

  it('spells an isolated cycle once round, from its smallest node', () => {
    const c = nxCase('circuit');
    const g = graphOf(c.k, c.reads);
    const [only, ...rest] = [...contigs(g)];
    expect(rest).to.have.length(0);
    const seq = only!.sequence;
    expect(seq.slice(0, c.k - 1)).to.equal(g.label(0));
    expect(seq.slice(-(c.k - 1))).to.equal(seq.slice(0, c.k - 1));
    const circle = c.genome! + c.genome!;
    expect(circle).to.include(seq.slice(0, c.genome!.length));
    expectPartition(g, [only!]);
  });

  it('covers every edge once on a graph with repeats', () => {
    const c = nxCase('repeats');
    const g = graphOf(c.k, c.reads);
    const list = [...contigs(g)];
    expectPartition(g, list);
    for (const x of list) expect(c.genome).to.include(x.sequence);
  });

  it('reports the mean multiplicity of a contig as its coverage', () => {
    const g = graphOf(4, ['ACGTT', 'ACGTT', 'ACGTT', 'CGTTA']);
    const [only] = [...contigs(g)];
    expect(only!.sequence).to.equal('ACGTTA');
    expect(only!.coverage).to.equal((3 + 4 + 1) / 3);
  });

  it('gives nothing for an empty graph', () => {
    expect([...contigs(graphOf(5, ['ACG']))]).to.deep.equal([]);
  });

  it('with min-count 3 and tips clipped, reads with 0.5% errors at 40x give a contig over 90% of a 30 kb genome', () => {
    const genome = randomGenome(30_000, rng(11));
    const counts = countOf(31, randomReads(genome, 12_000, 100, rng(12), 0.005));
    const longest = (g: DeBruijnGraph): string => {
      let best = '';
      for (const c of contigs(g)) if (c.sequence.length > best.length) best = c.sequence;
      return best;
    };
    const filtered = graphFromCounts(31, counts, 3);
    const { graph, tips } = clipTips(filtered);
    const best = longest(graph);
    expect(best.length).to.be.at.least(0.9 * genome.length);
    expect(genome).to.include(best);
    // What each step does: errors shared by 3 reads survive the filter as tips (4 with this
    // seed), which split the genome; without the filter, error k-mers branch it everywhere.
    expect(tips).to.be.above(0);
    expect(longest(filtered).length).to.be.below(0.5 * genome.length);
    expect(longest(graphFromCounts(31, counts)).length).to.be.below(0.2 * genome.length);
  });
});

describe('clipTips', () => {
  it('removes a short dead-end branch weaker than its sibling, and only that', () => {
    // Main path ACGTTGCCATGA seen 3 times; an error read branching off at ACGTTG.
    const main = 'ACGTTGCCATGA';
    const g = graphOf(5, [main, main, main, 'ACGTTGAA']);
    expect([...contigs(g)]).to.have.length(3);
    const { graph, tips, edges } = clipTips(g);
    expect([tips, edges]).to.deep.equal([1, 2]);
    expect([...contigs(graph)].map((c) => c.sequence)).to.deep.equal([main]);
  });

  it('keeps a branch as strong as its sibling, and long branches', () => {
    const g = graphOf(5, ['ACGTTGCCATGA', 'ACGTTGAA']);
    expect(clipTips(g).tips).to.equal(0);
    expect(clipTips(graphOf(5, ['ACGTTGCCATGA', 'ACGTTGCCATGA', 'ACGTTGAA']), { maxLength: 1 }).tips).to.equal(0);
    expect(clipTips(g).graph).to.equal(g);
  });
});
