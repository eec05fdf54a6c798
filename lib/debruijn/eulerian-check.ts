/**
 * Whether a directed graph has an Eulerian path, and where it starts and ends. The same
 * conditions as networkx's `has_eulerian_path`: at most one node with one more out-edge than
 * in-edges (the start), at most one with one more in-edge (the end), every other node
 * balanced, and all edges weakly connected.
 */
import type { DeBruijnGraph } from './graph.js';

/** Start and end node of an Eulerian path (the same node for a circuit). */
export interface PathEnds {
  start: number;
  end: number;
}

/**
 * The ends of the graph's Eulerian path, or a sentence saying why it has none.
 *
 * @example
 * ```ts
 * const ends = checkEulerian(graph);
 * if (typeof ends === 'string') console.error(`no Eulerian path: ${ends}`);
 * ```
 */
export function checkEulerian(g: DeBruijnGraph): PathEnds | string {
  const n = g.nodeCount;
  if (g.edgeCount === 0) return 'the graph has no edges (are the reads shorter than k?)';
  let start = -1;
  let end = -1;
  let starts = 0;
  let ends = 0;
  let others = 0;
  let example = -1;
  for (let v = 0; v < n; v++) {
    const diff = g.outDegree(v) - g.inDegree[v]!;
    if (diff === 0) continue;
    if (diff === 1) {
      if (starts++ === 0) start = v;
      else if (example < 0) example = v;
    } else if (diff === -1) {
      if (ends++ === 0) end = v;
      else if (example < 0) example = v;
    } else {
      others++;
      if (example < 0) example = v;
    }
  }
  if (others > 0 || starts > 1 || ends > 1) {
    const unbalanced = starts + ends + others;
    const ex = example < 0 ? '' : `; e.g. ${g.label(example)} has out-degree ${g.outDegree(example)} and in-degree ${g.inDegree[example]}`;
    return `${unbalanced} nodes are unbalanced (${starts} with one more out- than in-edge, ${ends} with one more in-edge, ${others} others), a path allows one start and one end${ex}`;
  }
  const components = countComponents(g);
  if (components.count > 1) {
    return `the graph is not connected (${components.count} components; e.g. ${g.label(0)} and ${g.label(components.other)} are in different ones)`;
  }
  if (start < 0) start = end = 0; // a circuit: balanced everywhere, start anywhere
  return { start, end };
}

/** Weakly connected components by union-find (iterative, path halving). */
function countComponents(g: DeBruijnGraph): { count: number; other: number } {
  const n = g.nodeCount;
  const parent = new Uint32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      const p = parent[parent[x]!]!;
      parent[x] = p;
      x = p;
    }
    return x;
  };
  const { outStart, edgeTo } = g;
  for (let u = 0; u < n; u++) {
    for (let e = outStart[u]!, stop = outStart[u + 1]!; e < stop; e++) {
      const a = find(u);
      const b = find(edgeTo[e]!);
      if (a !== b) parent[a] = b;
    }
  }
  let count = 0;
  let other = 0;
  const root0 = find(0);
  for (let v = 0; v < n; v++) {
    if (parent[v] === v) count++;
    if (other === 0 && find(v) !== root0) other = v;
  }
  return { count, other };
}
