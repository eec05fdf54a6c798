/**
 * Graphviz DOT export of a De Bruijn graph: nodes are the (k-1)-mers, edges the k-mers,
 * labelled with their multiplicity. Any size: the lines are generated lazily, so that a
 * large graph streams to a file (lay it out with `sfdp`; `dot` suits small graphs).
 */
import type { DeBruijnGraph } from './graph.js';

/**
 * The DOT text of a graph, line by line (each line ends with `\n`).
 *
 * @example
 * ```ts
 * await pipeline(Readable.from(dotLines(graph)), fs.createWriteStream('graph.dot'));
 * ```
 */
export function* dotLines(g: DeBruijnGraph): Generator<string, void, undefined> {
  yield 'digraph debruijn {\n';
  yield `  // k=${g.k}: ${g.nodeCount} nodes ((k-1)-mers), ${g.edgeCount} edges (k-mers), labelled with how often each k-mer was seen\n`;
  yield '  node [shape=box, fontname="monospace"];\n';
  const n = g.nodeCount;
  const { outStart, edgeTo, multiplicity } = g;
  for (let u = 0; u < n; u++) {
    const from = g.label(u);
    for (let e = outStart[u]!, stop = outStart[u + 1]!; e < stop; e++) {
      yield `  "${from}" -> "${g.label(edgeTo[e]!)}" [label="${multiplicity[e]}"];\n`;
    }
  }
  yield '}\n';
}

/**
 * The DOT text of a graph as one string (for small graphs; see {@link dotLines}).
 *
 * @example
 * ```ts
 * toDot(graph); // 'digraph debruijn {\n ... "ATG" -> "TGG" [label="12"];\n ... }\n'
 * ```
 */
export function toDot(g: DeBruijnGraph): string {
  let s = '';
  for (const line of dotLines(g)) s += line;
  return s;
}
