/**
 * Builds a {@link DeBruijnGraph} from counted k-mers: sort the k-mers (their prefixes come
 * out sorted with them), sort the suffixes, and merge the two sorted lists into the node
 * list. Linear time (radix sorts), and memory kept to about 40 bytes per k-mer at the peak
 * by reusing the sort buffers and sizing the node arrays exactly.
 */
import { masks } from '../kmer/encode.js';
import { validateInteger } from '../validate.js';
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
  const n0 = input.lo.length;
  const spare: KeyColumns = { hi: new Uint32Array(n0), lo: new Uint32Array(n0), payload: new Uint32Array(n0) };
  const cols: KeyColumns = { hi: input.hi, lo: input.lo, payload: input.count };
  const sortedAll = radixSortKeys(cols, 2 * k, spare);
  const free = sortedAll.lo === cols.lo ? spare : cols; // the sort's other buffers, reused below
  const { hi, lo, payload: multiplicity } = mergeRepeats(sortedAll);
  const e = lo.length;

  // Suffixes with their edge ids, sorted; prefixes are already sorted (edge order).
  const node = masks(k - 1);
  const suffixes: KeyColumns = { hi: free.hi.subarray(0, e), lo: free.lo.subarray(0, e), payload: free.payload.subarray(0, e) };
  for (let i = 0; i < e; i++) {
    suffixes.hi[i] = hi[i]! & node.hi;
    suffixes.lo[i] = lo[i]! & node.lo;
    suffixes.payload[i] = i;
  }
  const suf = radixSortKeys(suffixes, 2 * (k - 1));

  // Two passes of the same merge: count the distinct nodes, then fill exact-size arrays.
  const nodes = mergeNodes(hi, lo, suf, null);
  const arrays = {
    nodeHi: new Uint32Array(nodes),
    nodeLo: new Uint32Array(nodes),
    outStart: new Uint32Array(nodes + 1),
    edgeTo: new Uint32Array(e),
    inDegree: new Uint32Array(nodes),
  };
  mergeNodes(hi, lo, suf, arrays);
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
 * Merges the edges' prefixes (edge order) and the sorted suffixes into the sorted distinct
 * nodes. Returns their number; with `out`, also fills the node arrays.
 */
function mergeNodes(hi: Uint32Array, lo: Uint32Array, suf: KeyColumns, out: NodeArrays | null): number {
  const e = lo.length;
  const sHi = suf.hi;
  const sLo = suf.lo;
  let n = -1;
  let curHi = 0;
  let curLo = 0;
  for (let i = 0, j = 0; i < e || j < e; ) {
    // The next node candidate: prefix of edge i or suffix j, whichever is smaller.
    const ph = i < e ? hi[i]! >>> 2 : 0;
    const pl = i < e ? ((lo[i]! >>> 2) | ((hi[i]! & 3) << 30)) >>> 0 : 0;
    const fromPrefix = j >= e || (i < e && (ph < sHi[j]! || (ph === sHi[j]! && pl <= sLo[j]!)));
    const h = fromPrefix ? ph : sHi[j]!;
    const l = fromPrefix ? pl : sLo[j]!;
    if (n < 0 || h !== curHi || l !== curLo) {
      n++;
      curHi = h;
      curLo = l;
      if (out !== null) {
        out.nodeHi[n] = h;
        out.nodeLo[n] = l;
      }
    }
    if (fromPrefix) {
      if (out !== null) out.outStart[n + 1]!++;
      i++;
    } else {
      if (out !== null) {
        out.inDegree[n]!++;
        out.edgeTo[suf.payload[j]!] = n;
      }
      j++;
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
