/**
 * Eulerian path of a De Bruijn graph: iterative Hierholzer (a path has millions of edges and
 * a recursive walk would overflow the stack at about ten thousand), over typed arrays.
 *
 * Semantics: the path walks every *distinct* k-mer once, whatever its multiplicity. This is
 * the seed's behaviour (its networkx DiGraph keeps one edge per distinct k-mer) and what lets
 * random, overlapping reads of a sequence reassemble to it: read coverage makes
 * multiplicities arbitrary, so walking an edge `multiplicity` times would ask for a path that
 * the genome does not have. Multiplicities stay available on the graph (DOT labels,
 * `--min-count`, contig coverage).
 *
 * The walk runs on the reversed graph from the path's end node, as networkx's `eulerian_path`
 * does: Hierholzer emits its circuit backwards, so on the reversed graph the edges come out in
 * forward order and can be yielded lazily, as soon as each is final.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import type { DeBruijnGraph } from './graph.js';
import { checkEulerian } from './eulerian-check.js';

/** Options of {@link eulerianPath}. */
export interface EulerianPathOptions {
  /** The (k-1)-mer to start at; only matters when the path is a circuit. Default: the smallest node. */
  start?: string | undefined;
}

/**
 * An Eulerian path of a graph: iterating it yields the edges in order as `[from, to]`
 * (k-1)-mer pairs, like networkx's `eulerian_path`; {@link EulerPath.edges} yields edge ids
 * without making strings. Each iteration walks the graph afresh, lazily.
 *
 * @example
 * ```ts
 * const path = eulerianPath(graph);
 * for (const [from, to] of path) console.log(from, '->', to); // ATG -> TGG, TGG -> GGC, ...
 * path.length; // the number of edges (distinct k-mers)
 * ```
 */
export class EulerPath implements Iterable<[string, string]> {
  readonly graph: DeBruijnGraph;
  /** First and last node of the path (equal for a circuit). */
  readonly start: number;
  readonly end: number;

  constructor(graph: DeBruijnGraph, start: number, end: number) {
    this.graph = graph;
    this.start = start;
    this.end = end;
  }

  /** Number of edges on the path: every edge of the graph. */
  get length(): number {
    return this.graph.edgeCount;
  }

  /** The edge ids in path order, lazily. */
  *edges(): Generator<number, void, undefined> {
    const g = this.graph;
    const walk = new ReverseWalk(g, this.end);
    while (walk.next() >= 0) yield g.findEdge(walk.from, walk.to);
  }

  /** Calls `f` on each edge id in path order: the fast form of {@link EulerPath.edges}. */
  forEachEdge(f: (edge: number, index: number) => void): void {
    const g = this.graph;
    const walk = new ReverseWalk(g, this.end);
    for (let i = 0; walk.next() >= 0; i++) f(g.findEdge(walk.from, walk.to), i);
  }

  /**
   * Calls `f` with the base code (0-3, A/C/G/T) each edge adds to the spelled sequence, in
   * path order: what `assemble` writes. Cheaper than edge ids: no edge lookup at all.
   */
  forEachBase(f: (base: number) => void): void {
    const walk = new ReverseWalk(this.graph, this.end);
    for (let b = walk.next(); b >= 0; b = walk.next()) f(b);
  }

  *[Symbol.iterator](): Generator<[string, string], void, undefined> {
    const g = this.graph;
    let from = g.label(this.start);
    for (const e of this.edges()) {
      const to = g.label(g.edgeTo[e]!);
      yield [from, to];
      from = to;
    }
  }
}

/**
 * The Eulerian path of a graph (every distinct k-mer once), or a `StreamtoolzError` with code
 * `ERR_STREAMTOOLZ_NO_RESULT` whose message gives the reason (unbalanced nodes, a
 * disconnected graph, an empty graph). The checks run at once; the walk runs lazily as the
 * result is iterated.
 *
 * @example
 * ```ts
 * const g = await pipe(reads, sinks.deBruijn(4));
 * for (const [u, v] of eulerianPath(g)) console.log(u, '->', v);
 * assemble(eulerianPath(g)); // 'ATGGCGTGCA'
 * ```
 */
export function eulerianPath(graph: DeBruijnGraph, options?: EulerianPathOptions): EulerPath {
  const ends = checkEulerian(graph);
  if (typeof ends === 'string') throw new StreamtoolzError(codes.NO_RESULT, `no Eulerian path: ${ends}`);
  let { start, end } = ends;
  const wanted = options?.start;
  if (wanted !== undefined) {
    const n = graph.findNode(wanted);
    if (n < 0) throw new StreamtoolzError(codes.NO_RESULT, `no Eulerian path starts at ${wanted}: not a node of the graph`);
    if (start === end) start = end = n;
    else if (n !== start)
      throw new StreamtoolzError(
        codes.NO_RESULT,
        `no Eulerian path starts at ${wanted}: every path starts at ${graph.label(start)}, the node with one more out-edge than in-edges`,
      );
  }
  return new EulerPath(graph, start, end);
}

/**
 * Hierholzer on the reversed graph from `end`, one finished edge per `next()`.
 *
 * Nodes are numbered in k-mer order, which is random with respect to the path, so every
 * access to a node's data is a cache miss on a large graph; the layout keeps them few (two
 * per edge). A node's in-edge range start, cursor and last base sit side by side in one
 * array, 3 words a node: the cursor and the base share a word (a De Bruijn node has at
 * most 4 in-edges), which makes the walk's arrays, allocated while the whole graph is
 * alive at the `assemble` peak, 15% smaller. The stack keeps, beside each node, the base
 * its edge adds and whether the node had used up its in-edges when the walk left it, so
 * that unwinding the stack (half of all the steps) touches no node data at all.
 */
class ReverseWalk {
  /** Sources of the in-edges of nodes with more than one, but the first (in the node record). */
  readonly #inSrc: Uint32Array;
  /**
   * Per node v, 3 words: [3v] start of its extra in-edges in #inSrc, [3v+1] in-edges left
   * times 4 plus its last base, [3v+2] the source of its first in-edge. Most nodes of a
   * genome have one in-edge, taken straight from the record: one cache miss per edge.
   */
  readonly #node: Uint32Array;
  readonly #stack: Uint32Array;
  /** Per stack entry: bits 0-1 the base its edge adds, bit 2 set when the node is used up. */
  readonly #info: Uint8Array;
  #sp = 1;
  /** The edge found by the last `next()`: from -> to. */
  from = -1;
  to = -1;

  constructor(g: DeBruijnGraph, end: number) {
    const n = g.nodeCount;
    const node = new Uint32Array(3 * n);
    const { outStart, edgeTo, inDegree, nodeLo } = g;
    let extra = 0;
    for (let v = 0; v < n; v++) {
      node[3 * v] = extra;
      node[3 * v + 1] = nodeLo[v]! & 3;
      if (inDegree[v]! > 1) extra += inDegree[v]! - 1;
    }
    const inSrc = new Uint32Array(extra);
    for (let u = 0; u < n; u++) {
      for (let e = outStart[u]!, stop = outStart[u + 1]!; e < stop; e++) {
        const r = 3 * edgeTo[e]!;
        const word = node[r + 1]!;
        const seen = word >>> 2;
        if (seen === 0) node[r + 2] = u;
        else inSrc[node[r]! + seen - 1] = u;
        node[r + 1] = word + 4; // counts in-edges filled; ends equal to the in-degree
      }
    }
    this.#inSrc = inSrc;
    this.#node = node;
    this.#stack = new Uint32Array(g.edgeCount + 1);
    this.#info = new Uint8Array(g.edgeCount + 1);
    this.#stack[0] = end;
  }

  /** The base the next edge of the path adds (its ends in `from`, `to`), or -1 at the end. */
  next(): number {
    const stack = this.#stack;
    const info = this.#info;
    const node = this.#node;
    let sp = this.#sp;
    while (sp > 0) {
      const top = sp - 1;
      if ((info[top]! & 4) === 0) {
        const r = 3 * stack[top]!;
        const word = node[r + 1]!;
        const left = word >>> 2;
        if (left > 0) {
          node[r + 1] = word - 4;
          const last = left === 1;
          if (last) info[top] = info[top]! | 4;
          // Forward, the edge is u -> v: it adds v's last base.
          stack[sp] = last ? node[r + 2]! : this.#inSrc[node[r]! + left - 2]!;
          info[sp] = word & 3;
          sp++;
          continue;
        }
      }
      sp--;
      if (sp > 0) {
        // The node popped was reached from the one below it by a reversed edge.
        this.#sp = sp;
        this.from = stack[sp]!;
        this.to = stack[sp - 1]!;
        return info[sp]! & 3;
      }
    }
    this.#sp = 0;
    return -1;
  }
}
