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
import { codes, StreamtoolzError } from '../errors.js';
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
    const walk = new ReverseWalk(this.graph, this.end);
    for (let e = walk.next(); e >= 0; e = walk.next()) yield e;
  }

  /** Calls `f` on each edge id in path order: the fast form of {@link EulerPath.edges}. */
  forEachEdge(f: (edge: number, index: number) => void): void {
    const walk = new ReverseWalk(this.graph, this.end);
    let i = 0;
    for (let e = walk.next(); e >= 0; e = walk.next()) f(e, i++);
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
    else if (n !== start) throw new StreamtoolzError(codes.NO_RESULT, `no Eulerian path starts at ${wanted}: every path starts at ${graph.label(start)}, the node with one more out-edge than in-edges`);
  }
  return new EulerPath(graph, start, end);
}

/**
 * Hierholzer on the reversed graph from `end`, one finished edge per `next()`. State: an
 * in-edge CSR (source node of each in-edge), a cursor per node, and a stack of nodes (at
 * most one entry per edge, plus the end node).
 */
class ReverseWalk {
  readonly #g: DeBruijnGraph;
  readonly #inStart: Uint32Array;
  readonly #inSrc: Uint32Array;
  readonly #cursor: Uint32Array;
  readonly #stack: Uint32Array;
  #sp = 1;

  constructor(g: DeBruijnGraph, end: number) {
    const n = g.nodeCount;
    const inStart = new Uint32Array(n + 1);
    for (let v = 0; v < n; v++) inStart[v + 1] = inStart[v]! + g.inDegree[v]!;
    const inSrc = new Uint32Array(g.edgeCount);
    const cursor = inStart.slice(0, n);
    const { outStart, edgeTo } = g;
    for (let u = 0; u < n; u++) {
      for (let e = outStart[u]!, stop = outStart[u + 1]!; e < stop; e++) inSrc[cursor[edgeTo[e]!]!++] = u;
    }
    // Filling left each cursor at the end of its node's range; next() counts it back down.
    this.#g = g;
    this.#inStart = inStart;
    this.#inSrc = inSrc;
    this.#cursor = cursor;
    this.#stack = new Uint32Array(g.edgeCount + 1);
    this.#stack[0] = end;
  }

  /** The next edge id of the path, or -1 at the end. */
  next(): number {
    const stack = this.#stack;
    const cursor = this.#cursor;
    const inStart = this.#inStart;
    let sp = this.#sp;
    while (sp > 0) {
      const v = stack[sp - 1]!;
      if (cursor[v]! > inStart[v]!) {
        stack[sp++] = this.#inSrc[--cursor[v]!]!;
        continue;
      }
      sp--;
      if (sp > 0) {
        // v was reached from the node below it by a reversed edge: forward, v -> below.
        this.#sp = sp;
        return this.#g.findEdge(v, stack[sp - 1]!);
      }
    }
    this.#sp = 0;
    return -1;
  }
}
