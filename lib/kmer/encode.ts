/**
 * 2-bit packing of k-mers (k ≤ 31), the encoding every k-mer kernel shares.
 *
 * A base is 2 bits: A=0, C=1, G=2, T=3, so that numeric order is lexicographic order and the
 * complement of a base `b` is `3 - b`. A k-mer is the number Σ base[i]·4^(k-1-i) (first base
 * most significant), up to 62 bits. JavaScript has no fast 64-bit integer (BigInt allocates),
 * so the number is held in two uint32 words: `lo` = the low 32 bits (the last 16 bases),
 * `hi` = the bits above (the first k-16 bases; always 0 when k ≤ 16). The De Bruijn graph
 * builder relies on this layout: keep it stable.
 */

/** The largest k: 2k bits must fit in the 62 usable bits of the hi/lo pair. */
export const MAX_K = 31;

/** Code of a byte that is not a base (N, IUPAC codes, punctuation...). */
export const NOT_BASE = 4;

/**
 * Byte → base code: A/a=0, C/c=1, G/g=2, T/t=3, anything else {@link NOT_BASE}. Case is
 * folded here, once, so that scanning costs one table load per byte.
 *
 * @example
 * ```ts
 * BASE_CODE['g'.charCodeAt(0)]; // 2
 * ```
 */
export const BASE_CODE: Uint8Array = (() => {
  const t = new Uint8Array(256).fill(NOT_BASE);
  const set = (c: string, v: number): void => {
    t[c.charCodeAt(0)] = v;
    t[c.toLowerCase().charCodeAt(0)] = v;
  };
  set('A', 0);
  set('C', 1);
  set('G', 2);
  set('T', 3);
  return t;
})();

/** Base code → upper-case ASCII byte. */
export const BASE_CHAR: Uint8Array = Uint8Array.from([65, 67, 71, 84]);

/** A packed k-mer: the two words of {@link encode}. */
export interface PackedKmer {
  hi: number;
  lo: number;
}

/** Bit masks of the hi and lo words for k (hi is 0 when k ≤ 16). */
export function masks(k: number): PackedKmer {
  const bits = 2 * k;
  return {
    hi: bits <= 32 ? 0 : (2 ** (bits - 32) - 1) >>> 0,
    lo: bits >= 32 ? 0xffffffff : (2 ** bits - 1) >>> 0,
  };
}

/**
 * Packs a k-mer of A/C/G/T (either case). Returns undefined when it holds another character.
 *
 * @example
 * ```ts
 * encode('ACGT'); // { hi: 0, lo: 0b00_01_10_11 } = { hi: 0, lo: 27 }
 * ```
 */
export function encode(kmer: string): PackedKmer | undefined {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < kmer.length; i++) {
    const c = kmer.charCodeAt(i);
    const b = c < 256 ? BASE_CODE[c]! : NOT_BASE;
    if (b === NOT_BASE) return undefined;
    hi = ((hi << 2) | (lo >>> 30)) >>> 0;
    lo = ((lo << 2) | b) >>> 0;
  }
  return { hi, lo };
}

/**
 * Unpacks a k-mer into its upper-case letters.
 *
 * @example
 * ```ts
 * decode(0, 27, 4); // 'ACGT'
 * ```
 */
export function decode(hi: number, lo: number, k: number): string {
  let s = '';
  for (let i = k - 1; i >= 0; i--) s += String.fromCharCode(BASE_CHAR[baseAt(hi, lo, i)]!);
  return s;
}

/** Byte of 4 packed bases → their 4 letters: output formatting decodes 4 bases per load. */
const QUAD_CHARS: Uint8Array = (() => {
  const t = new Uint8Array(256 * 4);
  for (let v = 0; v < 256; v++) for (let j = 0; j < 4; j++) t[v * 4 + j] = BASE_CHAR[(v >>> (6 - 2 * j)) & 3]!;
  return t;
})();

/** Writes the low `n` bases of a word, first base first. */
function writeBases(word: number, n: number, out: Uint8Array, pos: number): number {
  let i = n;
  while (i % 4 !== 0) out[pos++] = BASE_CHAR[(word >>> (2 * --i)) & 3]!;
  while (i > 0) {
    i -= 4;
    const q = ((word >>> (2 * i)) & 255) * 4;
    out[pos] = QUAD_CHARS[q]!;
    out[pos + 1] = QUAD_CHARS[q + 1]!;
    out[pos + 2] = QUAD_CHARS[q + 2]!;
    out[pos + 3] = QUAD_CHARS[q + 3]!;
    pos += 4;
  }
  return pos;
}

/**
 * Writes a k-mer's letters into `out` at `pos` (no string made: output formatting of
 * millions of k-mers goes straight to a Buffer). Returns the position after it.
 *
 * @example
 * ```ts
 * const buf = Buffer.alloc(4); decodeInto(0, 27, 4, buf, 0); buf.toString(); // 'ACGT'
 * ```
 */
export function decodeInto(hi: number, lo: number, k: number, out: Uint8Array, pos: number): number {
  if (k > 16) pos = writeBases(hi, k - 16, out, pos);
  return writeBases(lo, Math.min(k, 16), out, pos);
}

/** The base code at position `i` counted from the last base (i = 0 is the last base). */
export function baseAt(hi: number, lo: number, i: number): number {
  return i < 16 ? (lo >>> (2 * i)) & 3 : (hi >>> (2 * (i - 16))) & 3;
}
