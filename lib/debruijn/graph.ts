/**
 * The compact De Bruijn graph: nodes are the (k-1)-mers, edges the distinct k-mers, each k-mer
 * an edge from its prefix to its suffix. Everything lives in typed arrays (about 16 bytes per
 * node and 8 per edge), never an object per node, so that a bacterial genome's graph takes
 * tens of megabytes.
 *
 * Layout: nodes are sorted by their packed (k-1)-mer (hi, lo words as in `lib/kmer/encode.ts`),
 * and edges by their packed k-mer. A k-mer's prefix is its top 2(k-1) bits, so sorting the
 * k-mers sorts them by source node: the out-edges of node `n` are the contiguous range
 * `outStart[n] .. outStart[n+1]` (CSR for free), and an edge's k-mer is its source node's
 * (k-1)-mer followed by the last base of its target node.
 */
import { decode, encode } from '../kmer/encode.js';

/** The arrays a {@link DeBruijnGraph} is made of (see `buildGraph`). */
export interface GraphArrays {
  nodeHi: Uint32Array;
  nodeLo: Uint32Array;
  outStart: Uint32Array;
  edgeTo: Uint32Array;
  multiplicity: Uint32Array;
  inDegree: Uint32Array;
}

/**
 * A De Bruijn graph over typed arrays. Built by `buildGraph()` or the `sinks.deBruijn(k)`
 * sink; read by `eulerianPath()`, `contigs()`, `toDot()` and `graphSvg()`.
 *
 * @example
 * ```ts
 * const g = await pipe(['ATGGCGTGCA'], sinks.deBruijn(4));
 * g.nodeCount; // 8
 * g.label(0); // 'ATG'
 * ```
 */
export class DeBruijnGraph {
  /** The k-mer length: edges are k-mers, nodes (k-1)-mers. */
  readonly k: number;
  /** Packed (k-1)-mer of each node, high and low words; sorted ascending. */
  readonly nodeHi: Uint32Array;
  readonly nodeLo: Uint32Array;
  /** CSR offsets: node n's out-edges are the edge ids outStart[n] .. outStart[n+1]-1. */
  readonly outStart: Uint32Array;
  /** Target node of each edge. */
  readonly edgeTo: Uint32Array;
  /** How many times each edge's k-mer was seen in the reads. */
  readonly multiplicity: Uint32Array;
  /** In-degree of each node (its out-degree comes from `outStart`). */
  readonly inDegree: Uint32Array;

  constructor(k: number, arrays: GraphArrays) {
    this.k = k;
    this.nodeHi = arrays.nodeHi;
    this.nodeLo = arrays.nodeLo;
    this.outStart = arrays.outStart;
    this.edgeTo = arrays.edgeTo;
    this.multiplicity = arrays.multiplicity;
    this.inDegree = arrays.inDegree;
  }

  /** Number of nodes ((k-1)-mers). */
  get nodeCount(): number {
    return this.nodeLo.length;
  }

  /** Number of edges (distinct k-mers). */
  get edgeCount(): number {
    return this.edgeTo.length;
  }

  /** Out-degree of node n. */
  outDegree(n: number): number {
    return this.outStart[n + 1]! - this.outStart[n]!;
  }

  /** The (k-1)-mer of node n, e.g. `'ATG'`. */
  label(n: number): string {
    return decode(this.nodeHi[n]!, this.nodeLo[n]!, this.k - 1);
  }

  /** The k-mer of edge e. */
  edgeLabel(e: number): string {
    return this.label(this.edgeSource(e)) + this.label(this.edgeTo[e]!).slice(-1);
  }

  /** The source node of edge e (a binary search over `outStart`). */
  edgeSource(e: number): number {
    // The largest n with outStart[n] <= e: nodes without out-edges share their offset with
    // the next node, and the last of such a run is the one whose edges start there.
    let lo = 0;
    let hi = this.nodeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.outStart[mid]! <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The node whose (k-1)-mer is `label`, or -1. */
  findNode(label: string): number {
    if (label.length !== this.k - 1) return -1;
    const key = encode(label);
    return key === undefined ? -1 : this.findNodeKey(key.hi, key.lo);
  }

  /** The node whose packed (k-1)-mer is (keyHi, keyLo), or -1 (a binary search). */
  findNodeKey(keyHi: number, keyLo: number): number {
    let lo = 0;
    let hi = this.nodeCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const h = this.nodeHi[mid]!;
      const l = this.nodeLo[mid]!;
      if (h === keyHi && l === keyLo) return mid;
      if (h < keyHi || (h === keyHi && l < keyLo)) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The in-edges of node v (at most 4). Found from v's (k-1)-mer: a predecessor is one base
   * followed by v's first k-2 bases, so no in-edge index needs to be stored.
   */
  inEdges(v: number): number[] {
    const out: number[] = [];
    if (this.inDegree[v] === 0) return out;
    const h = this.nodeHi[v]!;
    const l = this.nodeLo[v]!;
    const shHi = h >>> 2;
    const shLo = ((l >>> 2) | ((h & 3) << 30)) >>> 0;
    const top = 2 * (this.k - 2); // bit position of the first base of a (k-1)-mer
    for (let b = 0; b < 4; b++) {
      const pHi = top >= 32 ? (shHi | (b << (top - 32))) >>> 0 : shHi;
      const pLo = top >= 32 ? shLo : (shLo | (b << top)) >>> 0;
      const u = this.findNodeKey(pHi, pLo);
      if (u < 0) continue;
      const e = this.findEdge(u, v);
      if (e >= 0) out.push(e);
    }
    return out;
  }

  /** The edge from node u to node v, or -1 (a node has at most 4 out-edges). */
  findEdge(u: number, v: number): number {
    for (let e = this.outStart[u]!, end = this.outStart[u + 1]!; e < end; e++) if (this.edgeTo[e] === v) return e;
    return -1;
  }
}
