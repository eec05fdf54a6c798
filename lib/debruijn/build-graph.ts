/**
 * Builds a {@link DeBruijnGraph} from counted k-mers: sort the k-mers (their prefixes come
 * out sorted with them, and their suffixes in four sorted runs), then merge prefixes and
 * suffixes into the node list. Linear time (one radix sort, skipped when the k-mers come
 * sorted), and no more memory than the sort's buffers and the graph itself.
 */
import { masks } from '../kmer/encode.js';
import { validateInteger } from '../core/validate.js';
import { DeBruijnGraph } from './graph.js';
import { radixSortKeys, type KeyColumns } from './radix-sort.js';

/** Counted k-mers in columns: k-mer i is (hi[i], lo[i]) packed as in `lib/kmer/encode.ts`, seen count[i] times. */
export interface KmerColumns {
  hi: Uint32Array;
  lo: Uint32Array;
  count: Uint32Array;
}

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /** Drop k-mers seen fewer than this many times (sequencing errors). Default 1. */
  minCount?: number | undefined;
}

/**
 * Builds the graph of counted k-mers. The columns may list a k-mer more than once (their
 * counts are added); they are used as scratch space and must not be used afterwards.
 *
 * @example
 * ```ts
 * const kmers = { hi: new Uint32Array(2), lo: Uint32Array.of(encode('ACG')!.lo, encode('CGT')!.lo), count: Uint32Array.of(1, 5) };
 * const g = buildGraph(3, kmers); // AC -> CG -> GT
 * ```
 */
export function buildGraph(k: number, kmers: KmerColumns, options?: BuildGraphOptions): DeBruijnGraph {
  validateInteger(k, 'k', 2, 31);
  const minCount = options?.minCount ?? 1;
  validateInteger(minCount, 'minCount', 1);
  const input = filterByCount(kmers, minCount);
  const sorted = mergeRepeats(radixSortKeys({ hi: input.hi, lo: input.lo, payload: input.count }, 2 * k));
  const { lo, payload: multiplicity } = sorted;
  const e = lo.length;
  // Two passes of the same merge: count the distinct nodes, then fill exact-size arrays.
  const nodes = mergeNodes(k, sorted, null);
  const arrays = {
    nodeHi: new Uint32Array(nodes),
    nodeLo: new Uint32Array(nodes),
    outStart: new Uint32Array(nodes + 1),
    edgeTo: new Uint32Array(e),
    inDegree: new Uint32Array(nodes),
  };
  mergeNodes(k, sorted, arrays);
  const { outStart } = arrays;
  for (let v = 0; v < nodes; v++) outStart[v + 1] = outStart[v + 1]! + outStart[v]!;
  const exact = multiplicity.length === multiplicity.buffer.byteLength / 4;
  return new DeBruijnGraph(k, { ...arrays, multiplicity: exact ? multiplicity : multiplicity.slice() });
}

interface NodeArrays {
  nodeHi: Uint32Array;
  nodeLo: Uint32Array;
  /** Filled with out-degrees at [v + 1]; the caller turns them into offsets. */
  outStart: Uint32Array;
  edgeTo: Uint32Array;
  inDegree: Uint32Array;
}

/**
 * Merges the edges' prefixes and suffixes into the sorted distinct nodes. Returns their
 * number; with `out`, also fills the node arrays.
 *
 * No sort is needed: in sorted k-mers the prefixes come sorted, and so do the suffixes of
 * the k-mers that share a first base (the suffix is the rest of the key). That makes four
 * sorted runs of suffixes, one per first base, merged here with the prefix list.
 */
function mergeNodes(k: number, edges: KeyColumns, out: NodeArrays | null): number {
  const { hi, lo } = edges;
  const e = lo.length;
  const m = masks(k - 1);
  // Run r holds the k-mers whose first base is r: [runStart[r], runEnd[r]).
  const topShift = 2 * (k - 1);
  const firstBase = (i: number): number => (topShift >= 32 ? hi[i]! >>> (topShift - 32) : (lo[i]! >>> topShift) | (hi[i]! << (32 - topShift))) & 3;
  const pos = [0, 0, 0, 0];
  const end = [0, 0, 0, 0];
  for (let r = 0, i = 0; r < 4; r++) {
    pos[r] = i;
    while (i < e && firstBase(i) === r) i++;
    end[r] = i;
  }
  let n = -1;
  let curHi = 0;
  let curLo = 0;
  for (let i = 0; ; ) {
    // The smallest head: the prefix of edge i (source 4) or the suffix at the head of a run.
    let src = -1;
    let h = 0;
    let l = 0;
    if (i < e) {
      src = 4;
      h = hi[i]! >>> 2;
      l = ((lo[i]! >>> 2) | ((hi[i]! & 3) << 30)) >>> 0;
    }
    for (let r = 0; r < 4; r++) {
      const j = pos[r]!;
      if (j >= end[r]!) continue;
      const sh = hi[j]! & m.hi;
      const sl = (lo[j]! & m.lo) >>> 0;
      if (src < 0 || sh < h || (sh === h && sl < l)) {
        src = r;
        h = sh;
        l = sl;
      }
    }
    if (src < 0) break;
    if (n < 0 || h !== curHi || l !== curLo) {
      n++;
      curHi = h;
      curLo = l;
      if (out !== null) {
        out.nodeHi[n] = h;
        out.nodeLo[n] = l;
      }
    }
    if (src === 4) {
      if (out !== null) out.outStart[n + 1]!++;
      i++;
    } else {
      if (out !== null) {
        out.inDegree[n]!++;
        out.edgeTo[pos[src]!] = n;
      }
      pos[src]!++;
    }
  }
  return n + 1;
}

/** Keeps the k-mers seen at least `minCount` times (compacting in place). */
function filterByCount(kmers: KmerColumns, minCount: number): KmerColumns {
  const { hi, lo, count } = kmers;
  if (lo.length !== hi.length || count.length !== lo.length) throw new RangeError('k-mer columns hi, lo and count must have the same length');
  if (minCount <= 1) return kmers;
  let w = 0;
  for (let r = 0; r < lo.length; r++) {
    if (count[r]! < minCount) continue;
    hi[w] = hi[r]!;
    lo[w] = lo[r]!;
    count[w++] = count[r]!;
  }
  return { hi: hi.subarray(0, w), lo: lo.subarray(0, w), count: count.subarray(0, w) };
}

/** Adds up the counts of repeated k-mers in sorted columns (in place). */
function mergeRepeats(s: KeyColumns): KeyColumns {
  const { hi, lo, payload } = s;
  let w = 0;
  for (let r = 0; r < lo.length; r++) {
    if (w > 0 && hi[w - 1] === hi[r] && lo[w - 1] === lo[r]) {
      payload[w - 1] = payload[w - 1]! + payload[r]!;
      continue;
    }
    hi[w] = hi[r]!;
    lo[w] = lo[r]!;
    payload[w++] = payload[r]!;
  }
  return w === lo.length ? s : { hi: hi.subarray(0, w), lo: lo.subarray(0, w), payload: payload.subarray(0, w) };
}
