/**
 * Reverse complements and canonical forms of packed k-mers (see `encode.ts`). The scanner
 * keeps the reverse complement rolling as it goes; these functions are for single k-mers
 * (strings, tests, graph walks), where a few bit operations per k-mer do not matter.
 */
import type { PackedKmer } from './encode.js';

/** Reverse complement of the 16 bases of a 32-bit word: complement, then reverse 2-bit groups. */
function revComp32(x: number): number {
  x = ~x;
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return ((x >>> 16) | (x << 16)) >>> 0;
}

/**
 * The reverse complement of a packed k-mer.
 *
 * @example
 * ```ts
 * const { hi, lo } = encode('AACG')!;
 * decode(...Object.values(reverseComplement(hi, lo, 4)) as [number, number], 4); // 'CGTT'
 * ```
 */
export function reverseComplement(hi: number, lo: number, k: number): PackedKmer {
  // Reverse all 64 bits' worth of bases (the words swap), then drop the 32 - k unused bases
  // that are now at the low end.
  const rHi = revComp32(lo);
  const rLo = revComp32(hi);
  const shift = 64 - 2 * k; // 2..62, since 1 ≤ k ≤ 31
  if (shift >= 32) return { hi: 0, lo: rHi >>> (shift - 32) };
  return { hi: rHi >>> shift, lo: ((rLo >>> shift) | (rHi << (32 - shift))) >>> 0 };
}

/** True when k-mer a < k-mer b (which, with A<C<G<T, is lexicographic order). */
export function lessThan(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  return aHi < bHi || (aHi === bHi && aLo < bLo);
}

/**
 * The canonical form, as `jellyfish count -C` counts: the smaller of a k-mer and its
 * reverse complement.
 *
 * @example
 * ```ts
 * const { hi, lo } = encode('TTT')!;
 * const c = canonical(hi, lo, 3); decode(c.hi, c.lo, 3); // 'AAA'
 * ```
 */
export function canonical(hi: number, lo: number, k: number): PackedKmer {
  const rc = reverseComplement(hi, lo, k);
  return lessThan(rc.hi, rc.lo, hi, lo) ? rc : { hi, lo };
}

/**
 * The canonical form of a k-mer string of A/C/G/T (upper case): for `transforms.kmers`.
 *
 * @example
 * ```ts
 * canonicalString('TTG'); // 'CAA'
 * ```
 */
export function canonicalString(kmer: string): string {
  let rc = '';
  for (let i = kmer.length - 1; i >= 0; i--) {
    const c = kmer.charCodeAt(i);
    rc += c === 65 ? 'T' : c === 67 ? 'G' : c === 71 ? 'C' : 'A';
  }
  return rc < kmer ? rc : kmer;
}
