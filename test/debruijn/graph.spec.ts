import { expect } from 'chai';
import { buildGraph } from '../../lib/debruijn/build-graph.js';
import { columnsOf, graphFromTable } from '../../lib/debruijn/from-table.js';
import type { DeBruijnGraph } from '../../lib/debruijn/graph.js';
import { radixSortKeys } from '../../lib/debruijn/radix-sort.js';
import { encode } from '../../lib/kmer/encode.js';
import { KmerHashTable } from '../../lib/kmer/hash-table.js';
import { graphOf, nxCase, randomGenome, randomReads, rng } from '../helpers/debruijn.js';
import { thrown } from '../helpers/support.js';

/** The graph as sorted edge strings 'FROM->TO xCOUNT', read back through the public accessors. */
function edgeList(g: DeBruijnGraph): string[] {
  const out: string[] = [];
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.outStart[u]!; e < g.outStart[u + 1]!; e++) out.push(`${g.label(u)}->${g.label(g.edgeTo[e]!)} x${g.multiplicity[e]}`);
  }
  return out.sort();
}

/** The same from a Map count of the reads' k-mers: what the graph must hold. */
function expectedEdges(k: number, reads: readonly string[], minCount = 1): string[] {
  const m = new Map<string, number>();
  for (const r of reads) for (let i = 0; i + k <= r.length; i++) m.set(r.slice(i, i + k), (m.get(r.slice(i, i + k)) ?? 0) + 1);
  return [...m]
    .filter(([, c]) => c >= minCount)
    .map(([s, c]) => `${s.slice(0, -1)}->${s.slice(1)} x${c}`)
    .sort();
}

function expectInvariants(g: DeBruijnGraph): void {
  for (let v = 1; v < g.nodeCount; v++) {
    const a = [g.nodeHi[v - 1]!, g.nodeLo[v - 1]!];
    const b = [g.nodeHi[v]!, g.nodeLo[v]!];
    expect(a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!), 'nodes sorted and distinct').to.equal(true);
  }
  const inDeg = new Uint32Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) inDeg[g.edgeTo[e]!]!++;
  expect([...inDeg]).to.deep.equal([...g.inDegree]);
  for (let v = 0; v < g.nodeCount; v++) expect(g.outDegree(v) + g.inDegree[v]!, 'no isolated node').to.be.above(0);
  expect(g.outStart[g.nodeCount]).to.equal(g.edgeCount);
}

describe('buildGraph', () => {
  for (const k of [2, 5, 16, 17, 21, 31]) {
    it(`holds every k-mer as an edge prefix -> suffix with its count (k=${k})`, () => {
      const reads = randomReads(randomGenome(400, rng(k)), 60, 40, rng(k + 100), 0.01);
      const g = graphOf(k, reads);
      expect(edgeList(g)).to.deep.equal(expectedEdges(k, reads));
      expectInvariants(g);
      for (let e = 0; e < g.edgeCount; e++) expect(g.edgeSource(e)).to.equal(g.findNode(g.edgeLabel(e).slice(0, -1)));
    });
  }

  it('has the node and edge counts networkx has on the fixtures', () => {
    for (const name of ['toy-k3', 'unique', 'repeats', 'circuit', 'disconnected', 'unbalanced']) {
      const c = nxCase(name);
      const g = graphOf(c.k, c.reads);
      expect([g.nodeCount, g.edgeCount], name).to.deep.equal([c.nodes, c.edges]);
    }
  });

  it('drops k-mers seen fewer than minCount times, and the nodes only they touched', () => {
    const reads = ['ACGTAC', 'ACGTAC', 'ACGTTT'];
    const g = graphOf(4, reads, 2);
    expect(edgeList(g)).to.deep.equal(expectedEdges(4, reads, 2));
    expect(g.findNode('GTT')).to.equal(-1);
    expectInvariants(g);
  });

  it('adds up the counts of a k-mer listed twice', () => {
    const a = encode('ACGT')!;
    const g = buildGraph(4, { hi: Uint32Array.of(a.hi, a.hi), lo: Uint32Array.of(a.lo, a.lo), count: Uint32Array.of(2, 3) });
    expect(edgeList(g)).to.deep.equal(['ACG->CGT x5']);
  });

  it('finds in-edges from the (k-1)-mer alone', () => {
    for (const k of [3, 17, 18, 31]) {
      const reads = randomReads(randomGenome(300, rng(k)), 80, 40, rng(k + 1), 0.02);
      const g = graphOf(k, reads);
      for (let v = 0; v < g.nodeCount; v++) {
        const expected: number[] = [];
        for (let e = 0; e < g.edgeCount; e++) if (g.edgeTo[e] === v) expected.push(e);
        expect(
          g.inEdges(v).sort((x, y) => x - y),
          `k=${k}`,
        ).to.deep.equal(expected);
      }
    }
  });

  it('builds an empty graph from no k-mers', () => {
    const g = buildGraph(5, { hi: new Uint32Array(0), lo: new Uint32Array(0), count: new Uint32Array(0) });
    expect([g.nodeCount, g.edgeCount]).to.deep.equal([0, 0]);
  });

  it('throws at once for a bad k or minCount', () => {
    const cols = { hi: new Uint32Array(0), lo: new Uint32Array(0), count: new Uint32Array(0) };
    expect(thrown(() => buildGraph(1, cols)).message).to.equal('The "k" option must be an integer from 2 to 31. Received 1');
    expect(thrown(() => buildGraph(32, cols)).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => buildGraph(5, cols, { minCount: 0 })).message).to.equal('The "minCount" option must be a positive integer. Received 0');
  });

  it('builds from a k-mer hash table, filtering while copying', () => {
    const reads = ['ACGTACGTTA', 'ACGTACGTTA', 'CGTACC'];
    const table = new KmerHashTable();
    for (const r of reads)
      for (let i = 0; i + 5 <= r.length; i++) {
        const p = encode(r.slice(i, i + 5))!;
        table.add(p.hi, p.lo);
      }
    expect(edgeList(graphFromTable(5, table))).to.deep.equal(expectedEdges(5, reads));
    expect(edgeList(graphFromTable(5, table, { minCount: 2 }))).to.deep.equal(expectedEdges(5, reads, 2));
    expect(columnsOf(table, 3).lo).to.have.length(1); // CGTAC, in all three reads
    expect(columnsOf(table, 4).lo).to.have.length(0);
  });
});

describe('radixSortKeys', () => {
  it('sorts 62-bit keys stably with their payload, like a comparison sort', () => {
    const random = rng(5);
    const n = 5000;
    const cols = { hi: new Uint32Array(n), lo: new Uint32Array(n), payload: new Uint32Array(n) };
    for (let i = 0; i < n; i++) {
      cols.hi[i] = Math.floor(random() * 4) * 0x1000000 + (i % 7); // repeats, and every digit in use
      cols.lo[i] = Math.floor(random() * 2 ** 32);
      cols.payload[i] = i;
    }
    const ref = [...cols.payload].map((i) => [cols.hi[i]!, cols.lo[i]!, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const s = radixSortKeys(cols, 62);
    expect([...s.payload]).to.deep.equal(ref.map((r) => r[2]));
  });
});
