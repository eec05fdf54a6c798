import { expect } from 'chai';
import { assemble } from '../../lib/debruijn/assemble.js';
import { eulerianPath } from '../../lib/debruijn/eulerian-path.js';
import { DeBruijnGraph } from '../../lib/debruijn/graph.js';
import { StreamtoolzError } from '../../lib/core/errors.js';
import { expectEulerPath, graphOf, kmerSet, nxCase, randomGenome, randomReads, rng } from '../helpers/debruijn.js';
import { thrown } from '../helpers/support.js';

describe('eulerianPath', () => {
  it('reassembles the seed toy from random reads (k=4)', () => {
    const reads = randomReads('ATGGCGTGCA', 60, 5, rng(1));
    const path = eulerianPath(graphOf(4, reads));
    expect(assemble(path)).to.equal('ATGGCGTGCA');
    expect([...path][0]).to.deep.equal(['ATG', 'TGG']);
  });

  for (const name of ['toy-k4', 'unique']) {
    it(`equals networkx's eulerian_path when (k-1)-mers are unique (${name})`, () => {
      const c = nxCase(name);
      const g = graphOf(c.k, c.reads);
      expect([g.nodeCount, g.edgeCount]).to.deep.equal([c.nodes, c.edges]);
      const path = eulerianPath(g);
      expect(g.label(path.start)).to.equal(c.start);
      expect(assemble(path)).to.equal(c.sequence).and.to.equal(c.genome);
    });
  }

  for (const name of ['toy-k3', 'repeats']) {
    it(`walks the same edges as networkx from the same start when paths are not unique (${name})`, () => {
      const c = nxCase(name);
      const g = graphOf(c.k, c.reads);
      const path = eulerianPath(g);
      expect(g.label(path.start)).to.equal(c.start);
      expectEulerPath(g, path.start, [...path.edges()]);
      const seq = assemble(path);
      expect(seq.length).to.equal(c.sequence!.length);
      expect(kmerSet(seq, c.k)).to.deep.equal(kmerSet(c.sequence!, c.k));
    });
  }

  it('walks a circuit from the node asked for (networkx starts at its first node)', () => {
    const c = nxCase('circuit');
    const g = graphOf(c.k, c.reads);
    const path = eulerianPath(g, { start: c.start });
    expect(path.start).to.equal(path.end);
    expect(assemble(path)).to.equal(c.sequence);
    expectEulerPath(g, path.start, [...path.edges()]);
    // Without a start, any node will do; ours is the smallest.
    expect(eulerianPath(g).start).to.equal(0);
  });

  it('yields [from, to] pairs lazily and can be iterated again', () => {
    const c = nxCase('unique');
    const path = eulerianPath(graphOf(c.k, c.reads));
    const it = path[Symbol.iterator]();
    const first = it.next().value as [string, string];
    expect(first[0]).to.equal(c.start);
    expect(first[1]).to.equal(c.genome!.slice(1, c.k));
    expect(assemble(path)).to.equal(c.genome);
    expect(assemble([...path])).to.equal(c.genome); // the seed's assemble over pairs
  });

  it('names the reason when there is no path: a disconnected graph', () => {
    const c = nxCase('disconnected');
    expect(c.has_eulerian_path).to.equal(false);
    const err = thrown(() => eulerianPath(graphOf(c.k, c.reads)));
    expect(err).to.be.instanceOf(StreamtoolzError);
    expect(err.code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
    expect(err.message).to.match(/^no Eulerian path: .*unbalanced|^no Eulerian path: the graph is not connected/);
  });

  it('names the reason when there is no path: unbalanced nodes', () => {
    const c = nxCase('unbalanced');
    expect(c.has_eulerian_path).to.equal(false);
    const err = thrown(() => eulerianPath(graphOf(c.k, c.reads)));
    expect(err.code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
    expect(err.message).to.match(/^no Eulerian path: \d+ nodes are unbalanced/);
  });

  it('says the graph is not connected when two balanced pieces are apart', () => {
    // Two circular sequences: every node balanced, two components.
    const a = 'ACGTTGCAAG';
    const b = 'TTTGGGCCCA';
    const g = graphOf(5, [a + a.slice(0, 4), b + b.slice(0, 4)]);
    const err = thrown(() => eulerianPath(g));
    expect(err.message).to.match(/^no Eulerian path: the graph is not connected \(2 components/);
  });

  it('refuses an empty graph and a start the path cannot have', () => {
    expect(thrown(() => eulerianPath(graphOf(5, ['ACG']))).message).to.include('no edges');
    const g = graphOf(4, ['ATGGCGTGCA']);
    expect(thrown(() => eulerianPath(g, { start: 'GGC' })).message).to.equal(
      'no Eulerian path starts at GGC: every path starts at ATG, the node with one more out-edge than in-edges',
    );
    expect(thrown(() => eulerianPath(g, { start: 'AAA' })).message).to.include('not a node of the graph');
  });

  it('walks a path of a million edges without recursion', function () {
    this.timeout(20000);
    // A million-edge cycle in long, interleaved sub-cycles: node i -> i+1 (mod n), built
    // directly so that the test times the walk, not the k-mer counting.
    const n = 1_000_000;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = (i * 7919) % n; // a permutation: gcd(7919, n) = 1
    const outStart = new Uint32Array(n + 1).map((_, i) => i);
    const edgeTo = new Uint32Array(n);
    for (let i = 0; i < n; i++) edgeTo[order[i]!] = order[(i + 1) % n]!;
    const g = new DeBruijnGraph(21, {
      nodeHi: new Uint32Array(n),
      nodeLo: new Uint32Array(n).map((_, i) => i),
      outStart,
      edgeTo,
      multiplicity: new Uint32Array(n).fill(1),
      inDegree: new Uint32Array(n).fill(1),
    });
    const path = eulerianPath(g);
    let count = 0;
    let at = path.start;
    path.forEachEdge((e) => {
      if (e !== at) throw new Error(`edge ${e} does not leave from node ${at}`); // edge id = source node here
      at = edgeTo[e]!;
      count++;
    });
    expect(count).to.equal(n);
    expect(at).to.equal(path.start);
  });

  it('reassembles a 20 kb random genome exactly from error-free reads at 30x', () => {
    const genome = randomGenome(20_000, rng(7));
    const reads = randomReads(genome, 6000, 100, rng(8));
    reads.push(genome.slice(0, 100), genome.slice(-100)); // the ends, which random reads may miss
    const g = graphOf(31, reads);
    expect(g.edgeCount).to.equal(genome.length - 30);
    expect(assemble(eulerianPath(g))).to.equal(genome);
  });
});
