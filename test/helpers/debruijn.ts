/**
 * Helpers for the De Bruijn tests: a seeded generator of genomes and reads, the networkx
 * fixtures, a k-mer counter independent of `lib/kmer` (so that the graph kernels are tested
 * on their own), and a checker of Euler paths.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { buildGraph } from '../../lib/debruijn/build-graph.js';
import type { DeBruijnGraph } from '../../lib/debruijn/graph.js';
import { encode } from '../../lib/kmer/encode.js';

// The tests' seeded generator (mulberry32); re-exported for the De Bruijn specs.
export { rng } from './rng.js';

/** A random sequence of A/C/G/T. */
export function randomGenome(length: number, random: () => number): string {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) out[i] = 'ACGT'.charCodeAt(Math.floor(random() * 4));
  return out.toString('latin1');
}

/** Reads at random positions (the seed's `generate_reads`), each base substituted with probability `errorRate`. */
export function randomReads(genome: string, count: number, length: number, random: () => number, errorRate = 0): string[] {
  const reads: string[] = [];
  for (let r = 0; r < count; r++) {
    const start = Math.floor(random() * (genome.length - length + 1));
    let read = genome.slice(start, start + length);
    if (errorRate > 0) {
      const bytes = Buffer.from(read, 'latin1');
      for (let i = 0; i < bytes.length; i++) {
        if (random() < errorRate) bytes[i] = 'ACGT'.replace(String.fromCharCode(bytes[i]!), '').charCodeAt(Math.floor(random() * 3));
      }
      read = bytes.toString('latin1');
    }
    reads.push(read);
  }
  return reads;
}

/** The k-mers of the reads and their counts, with a Map (no `lib/kmer` table involved). */
export function countOf(k: number, reads: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const read of reads) {
    for (let i = 0; i + k <= read.length; i++) {
      const kmer = read.slice(i, i + k);
      counts.set(kmer, (counts.get(kmer) ?? 0) + 1);
    }
  }
  return counts;
}

/** The graph of counted k-mers. */
export function graphFromCounts(k: number, counts: ReadonlyMap<string, number>, minCount = 1): DeBruijnGraph {
  const n = counts.size;
  const cols = { hi: new Uint32Array(n), lo: new Uint32Array(n), count: new Uint32Array(n) };
  let i = 0;
  for (const [kmer, c] of counts) {
    const p = encode(kmer)!;
    cols.hi[i] = p.hi;
    cols.lo[i] = p.lo;
    cols.count[i++] = c;
  }
  return buildGraph(k, cols, { minCount });
}

/** The graph of the reads' k-mers, counted with a Map. */
export function graphOf(k: number, reads: readonly string[], minCount = 1): DeBruijnGraph {
  return graphFromCounts(k, countOf(k, reads), minCount);
}

/** A case made by `test/fixtures/debruijn/make-fixtures.py` with networkx. */
export interface NxCase {
  k: number;
  reads: string[];
  genome?: string;
  nodes: number;
  edges: number;
  has_eulerian_path: boolean;
  is_eulerian?: boolean;
  start?: string;
  sequence?: string;
  path_edges?: number;
  weakly_connected?: boolean;
}

export function nxCase(name: string): NxCase {
  return JSON.parse(readFileSync(new URL(`../fixtures/debruijn/${name}.json`, import.meta.url), 'utf8')) as NxCase;
}

/** The distinct k-mers of a sequence, sorted. */
export function kmerSet(seq: string, k: number): string[] {
  const set = new Set<string>();
  for (let i = 0; i + k <= seq.length; i++) set.add(seq.slice(i, i + k));
  return [...set].sort();
}

/** Asserts that `edges` (edge ids) is an Euler path of `g` from node `start`: consecutive, every edge exactly once. */
export function expectEulerPath(g: DeBruijnGraph, start: number, edges: readonly number[]): void {
  expect(edges.length).to.equal(g.edgeCount);
  const seen = new Uint8Array(g.edgeCount);
  let at = start;
  for (const e of edges) {
    expect(g.edgeSource(e), `edge ${e} leaves from where the path is`).to.equal(at);
    expect(seen[e], `edge ${e} walked twice`).to.equal(0);
    seen[e] = 1;
    at = g.edgeTo[e]!;
  }
}
