/**
 * Builds a {@link DeBruijnGraph} from counted k-mers: sort the k-mers (their prefixes come
 * out sorted with them), sort the suffixes, and merge the two sorted lists into the node
 * list. Linear time apart from the radix sorts, which are linear too.
 */
import { masks } from '../kmer/encode.js';
import { validateInteger } from '../validate.js';
import { DeBruijnGraph } from './graph.js';
import { radixSortKeys } from './radix-sort.js';

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
  const sorted = sortAndMerge(k, filterByCount(kmers, minCount));
  const { hi, lo, payload: multiplicity } = sorted;
  const e = lo.length;
  const node = masks(k - 1);

  // Suffixes with their edge ids, sorted; prefixes are already sorted (edge order).
  const suffixes = { hi: new Uint32Array(e), lo: new Uint32Array(e), payload: new Uint32Array(e) };
  for (let i = 0; i < e; i++) {
    suffixes.hi[i] = hi[i]! & node.hi;
    suffixes.lo[i] = lo[i]! & node.lo;
    suffixes.payload[i] = i;
  }
  const suf = radixSortKeys(suffixes, 2 * (k - 1));

  // Merge the prefix list (i) and the suffix list (j) into sorted distinct nodes.
  const nodeHi = new Uint32Array(2 * e);
  const nodeLo = new Uint32Array(2 * e);
  const outDeg = new Uint32Array(2 * e + 1);
  const inDeg = new Uint32Array(2 * e);
  const edgeTo = new Uint32Array(e);
  let n = -1;
  let curHi = 0;
  let curLo = 0;
  const sHi = suf.hi;
  const sLo = suf.lo;
  for (let i = 0, j = 0; i < e || j < e; ) {
    // The next node candidate: prefix of edge i or suffix j, whichever is smaller.
    const ph = i < e ? hi[i]! >>> 2 : 0;
    const pl = i < e ? ((lo[i]! >>> 2) | ((hi[i]! & 3) << 30)) >>> 0 : 0;
    const fromPrefix = j >= e || (i < e && (ph < sHi[j]! || (ph === sHi[j]! && pl <= sLo[j]!)));
    const h = fromPrefix ? ph : sHi[j]!;
    const l = fromPrefix ? pl : sLo[j]!;
    if (n < 0 || h !== curHi || l !== curLo) {
      n++;
      nodeHi[n] = curHi = h;
      nodeLo[n] = curLo = l;
    }
    if (fromPrefix) {
      outDeg[n]!++;
      i++;
    } else {
      inDeg[n]!++;
      edgeTo[suf.payload[j]!] = n;
      j++;
    }
  }
  const nodes = n + 1;
  const outStart = new Uint32Array(nodes + 1);
  for (let v = 0; v < nodes; v++) outStart[v + 1] = outStart[v]! + outDeg[v]!;
  return new DeBruijnGraph(k, {
    nodeHi: nodeHi.slice(0, nodes),
    nodeLo: nodeLo.slice(0, nodes),
    outStart,
    edgeTo,
    multiplicity: multiplicity.slice(0, e),
    inDegree: inDeg.slice(0, nodes),
  });
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

/** Sorts the k-mers and adds up the counts of repeated ones. */
function sortAndMerge(k: number, kmers: KmerColumns): { hi: Uint32Array; lo: Uint32Array; payload: Uint32Array } {
  const s = radixSortKeys({ hi: kmers.hi, lo: kmers.lo, payload: kmers.count }, 2 * k);
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
  return { hi: hi.subarray(0, w), lo: lo.subarray(0, w), payload: payload.subarray(0, w) };
}
