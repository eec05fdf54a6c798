/**
 * Contigs: the maximal non-branching paths of a De Bruijn graph (Compeau & Pevzner's
 * `MaximalNonBranchingPaths`). Where no single Eulerian path exists (sequencing errors,
 * uncovered stretches, repeats), these are the stretches the reads determine unambiguously.
 * Every edge lies on exactly one contig.
 */
import { spell } from './assemble.js';
import type { DeBruijnGraph } from './graph.js';

/**
 * A contig: its sequence and how well its k-mers were covered.
 *
 * @example
 * ```ts
 * const longest: Contig | undefined = [...contigs(graph)].sort((a, b) => b.sequence.length - a.sequence.length)[0];
 * ```
 */
export interface Contig {
  sequence: string;
  /** The walk: first node and edge ids. */
  start: number;
  edges: Uint32Array;
  /** Mean multiplicity of its k-mers (k-mer coverage). */
  coverage: number;
}

/**
 * The contigs of a graph, lazily, in order of their first node; isolated cycles (every node
 * one-in one-out) come last, each spelled from its smallest node.
 *
 * @example
 * ```ts
 * for (const c of contigs(graph)) console.log(c.sequence.length, c.coverage);
 * ```
 */
export function* contigs(g: DeBruijnGraph): Generator<Contig, void, undefined> {
  const n = g.nodeCount;
  const { outStart, edgeTo, inDegree } = g;
  const oneInOneOut = (v: number): boolean => inDegree[v] === 1 && outStart[v + 1]! - outStart[v]! === 1;
  const used = new Uint8Array(g.edgeCount);
  let buf = new Uint32Array(64);
  let len = 0;
  const push = (e: number): void => {
    if (len === buf.length) {
      const bigger = new Uint32Array(2 * buf.length);
      bigger.set(buf);
      buf = bigger;
    }
    buf[len++] = e;
    used[e] = 1;
  };
  const contig = (start: number): Contig => {
    const edges = buf.slice(0, len);
    let sum = 0;
    for (let i = 0; i < len; i++) sum += g.multiplicity[edges[i]!]!;
    return { sequence: spell(g, start, edges), start, edges, coverage: len === 0 ? 0 : sum / len };
  };

  for (let v = 0; v < n; v++) {
    if (oneInOneOut(v)) continue;
    for (let e = outStart[v]!, stop = outStart[v + 1]!; e < stop; e++) {
      len = 0;
      push(e);
      let w = edgeTo[e]!;
      while (oneInOneOut(w)) {
        const next = outStart[w]!;
        push(next);
        w = edgeTo[next]!;
      }
      yield contig(v);
    }
  }
  // What is left is made of cycles whose nodes are all one-in one-out.
  for (let v = 0; v < n; v++) {
    const e0 = outStart[v]!;
    if (!oneInOneOut(v) || used[e0]) continue;
    len = 0;
    for (let e = e0; !used[e]; e = outStart[edgeTo[e]!]!) push(e);
    yield contig(v);
  }
}
