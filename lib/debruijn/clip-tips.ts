/**
 * Tip clipping: removes short dead-end branches. A sequencing error that a few reads share
 * survives `--min-count` as a short path hanging off the genome's path (a "tip"): the
 * genome's path branches there, and contigs stop at every branch. Velvet and most De Bruijn
 * assemblers clip such tips; so do we, on the same rule: a dead-end non-branching path of
 * at most `maxLength` edges, whose k-mer at the junction was seen less often than a sibling
 * there, is an error.
 */
import { buildGraph } from './build-graph.js';
import { contigs } from './contigs.js';
import type { DeBruijnGraph } from './graph.js';

/** Options of {@link clipTips}. */
export interface ClipTipsOptions {
  /** Longest tip clipped, in edges. Default 2k (Velvet's rule). */
  maxLength?: number | undefined;
  /** Rounds of clipping (a clip can expose a new tip). Default 3. */
  rounds?: number | undefined;
}

/** What {@link clipTips} did. */
export interface ClipResult {
  graph: DeBruijnGraph;
  /** Tips and edges removed. */
  tips: number;
  edges: number;
}

/**
 * The graph without its error tips. Returns the same graph when there is nothing to clip.
 *
 * @example
 * ```ts
 * const { graph, tips } = clipTips(await pipe(reads, sinks.deBruijn(31, { minCount: 3 })));
 * ```
 */
export function clipTips(graph: DeBruijnGraph, options?: ClipTipsOptions): ClipResult {
  const maxLength = options?.maxLength ?? 2 * graph.k;
  const rounds = options?.rounds ?? 3;
  let g = graph;
  let tips = 0;
  let edges = 0;
  for (let r = 0; r < rounds; r++) {
    const removed = new Uint8Array(g.edgeCount);
    let clipped = 0;
    for (const c of contigs(g)) {
      if (c.edges.length > maxLength) continue;
      const first = c.edges[0]!;
      const last = c.edges[c.edges.length - 1]!;
      const end = g.edgeTo[last]!;
      const deadEnd = g.outDegree(end) === 0 && g.inDegree[end] === 1;
      const deadStart = g.inDegree[c.start] === 0 && g.outDegree(c.start) === 1;
      if (deadEnd === deadStart) continue; // not a tip: an island, or joined at both ends
      // The junction's other edges: out-edges of the start, or in-edges of the end.
      const junctionEdge = deadEnd ? first : last;
      const siblings = deadEnd ? range(g.outStart[c.start]!, g.outStart[c.start + 1]!) : g.inEdges(end);
      let strongest = 0;
      for (const e of siblings) if (e !== junctionEdge) strongest = Math.max(strongest, g.multiplicity[e]!);
      if (strongest <= g.multiplicity[junctionEdge]!) continue;
      for (const e of c.edges) removed[e] = 1;
      clipped++;
      edges += c.edges.length;
    }
    if (clipped === 0) break;
    tips += clipped;
    g = without(g, removed);
  }
  return { graph: g, tips, edges };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** A new graph of the edges not marked removed (their k-mers rebuilt from the nodes). */
function without(g: DeBruijnGraph, removed: Uint8Array): DeBruijnGraph {
  let n = 0;
  for (let e = 0; e < removed.length; e++) if (!removed[e]) n++;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const count = new Uint32Array(n);
  let i = 0;
  for (let u = 0; u < g.nodeCount; u++) {
    const uh = g.nodeHi[u]!;
    const ul = g.nodeLo[u]!;
    for (let e = g.outStart[u]!, stop = g.outStart[u + 1]!; e < stop; e++) {
      if (removed[e]) continue;
      // k-mer = source (k-1)-mer shifted left one base, plus the target's last base.
      hi[i] = ((uh << 2) | (ul >>> 30)) >>> 0;
      lo[i] = ((ul << 2) | (g.nodeLo[g.edgeTo[e]!]! & 3)) >>> 0;
      count[i++] = g.multiplicity[e]!;
    }
  }
  return buildGraph(g.k, { hi, lo, count });
}
