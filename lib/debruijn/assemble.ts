/**
 * Spelling a walk through the graph as a sequence: the first node's (k-1)-mer, then the last
 * base of each edge's target (the seed's `assemble`).
 */
import { BASE_CHAR, decodeInto } from '../kmer/encode.js';
import { EulerPath } from './eulerian-path.js';
import type { DeBruijnGraph } from './graph.js';

/**
 * The sequence spelled by a walk: `edges` (edge ids, consecutive) starting at node `start`.
 * Written into one Buffer, no string per base.
 *
 * @example
 * ```ts
 * spell(graph, path.start, [...path.edges()]); // same as assemble(path)
 * ```
 */
export function spell(g: DeBruijnGraph, start: number, edges: ArrayLike<number>): string {
  const out = Buffer.allocUnsafe(g.k - 1 + edges.length);
  let pos = decodeInto(g.nodeHi[start]!, g.nodeLo[start]!, g.k - 1, out, 0);
  const { edgeTo, nodeLo } = g;
  for (let i = 0; i < edges.length; i++) out[pos++] = BASE_CHAR[nodeLo[edgeTo[edges[i]!]!]! & 3]!;
  return out.toString('latin1');
}

/**
 * The sequence an Eulerian path spells. Takes the result of `eulerianPath()` (fast: bytes
 * straight from the packed nodes) or, like the seed's `assemble`, any iterable of
 * `[from, to]` (k-1)-mer pairs. An empty path gives `''`.
 *
 * @example
 * ```ts
 * assemble(eulerianPath(graph)); // 'ATGGCGTGCA'
 * assemble([['ATG', 'TGG'], ['TGG', 'GGC']]); // 'ATGGC'
 * ```
 */
export function assemble(path: EulerPath | Iterable<readonly [string, string]>): string {
  if (path instanceof EulerPath) {
    const g = path.graph;
    const out = Buffer.allocUnsafe(g.k - 1 + path.length);
    let pos = decodeInto(g.nodeHi[path.start]!, g.nodeLo[path.start]!, g.k - 1, out, 0);
    path.forEachBase((b) => {
      out[pos++] = BASE_CHAR[b]!;
    });
    return out.toString('latin1', 0, pos);
  }
  let first: string | undefined;
  const rest: string[] = [];
  for (const [u, v] of path) {
    first ??= u;
    rest.push(v.slice(-1));
  }
  return first === undefined ? '' : first + rest.join('');
}
