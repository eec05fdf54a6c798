import { expect } from 'chai';
import { dotLines, toDot } from '../../lib/debruijn/dot.js';
import { graphSvg } from '../../lib/plot/graph-svg.js';
import { graphOf, randomGenome, rng } from '../helpers/debruijn.js';
import { thrown } from '../helpers/support.js';

describe('toDot', () => {
  it('writes each k-mer as an edge between its (k-1)-mers, labelled with its count', () => {
    const dot = toDot(graphOf(4, ['ATGGCGTGCA', 'ATGGC']));
    expect(dot).to.equal(
      [
        'digraph debruijn {',
        '  // k=4: 8 nodes ((k-1)-mers), 7 edges (k-mers), labelled with how often each k-mer was seen',
        '  node [shape=box, fontname="monospace"];',
        '  "ATG" -> "TGG" [label="2"];',
        '  "CGT" -> "GTG" [label="1"];',
        '  "GCG" -> "CGT" [label="1"];',
        '  "GGC" -> "GCG" [label="1"];',
        '  "GTG" -> "TGC" [label="1"];',
        '  "TGC" -> "GCA" [label="1"];',
        '  "TGG" -> "GGC" [label="2"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('streams a large graph line by line', () => {
    const g = graphOf(21, [randomGenome(5000, rng(1))]);
    let lines = 0;
    for (const line of dotLines(g)) {
      expect(line.endsWith('\n')).to.equal(true);
      lines++;
    }
    expect(lines).to.equal(g.edgeCount + 4);
  });
});

describe('graphSvg', () => {
  it("draws the seed's toy: nodes on a circle, labels, arrows, multiplicities", () => {
    const g = graphOf(3, ['ATGGCGTGCA', 'ATGGCGTGCA', 'ATG']);
    const svg = graphSvg(g);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.match(/<circle /g)).to.have.length(g.nodeCount);
    expect(svg.match(/<path d="M[\d.]+,[\d.]+ [QC]/g)).to.have.length(g.edgeCount);
    expect(svg).to.include('marker-end="url(#arrow)"');
    for (let v = 0; v < g.nodeCount; v++) expect(svg).to.include(`>${g.label(v)}</text>`);
    expect(svg).to.include('<title>ATG ×3</title>');
    expect(svg).to.include('De Bruijn graph, k=3: 7 nodes, 8 edges');
    // Nodes sit on one circle.
    const centres = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const cx = centres.reduce((s, p) => s + p[0], 0) / centres.length;
    const cy = centres.reduce((s, p) => s + p[1], 0) / centres.length;
    const radii = centres.map(([x, y]) => Math.hypot(x - cx, y - cy));
    expect(Math.max(...radii) - Math.min(...radii)).to.be.below(40); // 7 points: the mean is near the centre
  });

  it('draws a self-loop (AAA -> AAA) as a curve', () => {
    const svg = graphSvg(graphOf(4, ['AAAAAC']));
    expect(svg).to.match(/<path d="M[\d.,]+ C/);
  });

  it('refuses a graph too large to read, with a message pointing to DOT', () => {
    const g = graphOf(11, [randomGenome(200, rng(2))]);
    const err = thrown(() => graphSvg(g));
    expect(err.code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
    expect(err.message).to.equal(
      `the graph is too large to draw legibly: ${g.nodeCount} nodes, ${g.edgeCount} edges (at most 80 nodes are drawn); export it as DOT and lay it out with Graphviz sfdp instead`,
    );
    expect(graphSvg(g, { maxNodes: 200 })).to.include('<svg');
  });
});
