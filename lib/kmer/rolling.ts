/**
 * The rolling k-mer: forward k-mer and reverse complement updated with one shift and one
 * or per base (no string), kept between calls so that a k-mer may span any number of
 * chunks. The loops are specialised: direct counting into float64 counts (k ≤ 9, forward
 * only: canonical counts are folded afterwards), one word (k ≤ 16) and two words (k ≤ 31);
 * the byte-count loops (k ≥ 10) are in `rolling-bytes.ts`. A branch or a field access per
 * base in the hottest loop of the package shows in the benchmarks.
 */
import { BASE_CODE, NOT_BASE } from './encode.js';

const IGNORED = 5; // '\r': CRLF files count like LF files.
/**
 * Byte → base code, as BASE_CODE, with IGNORED for '\r'. An Int32Array rather than a
 * Uint8Array: in a micro-benchmark of the scan loop the table load was about 10% faster
 * (20 MB at k = 6: 41 against 47 ms CPU, best of 7).
 */
export const CODES: Int32Array = (() => {
  const t = Int32Array.from(BASE_CODE);
  t[13] = IGNORED;
  return t;
})();

/**
 * {@link CODES} with '\n' ignored too: for a FASTA record's body scanned in one call, its
 * line breaks joined (the scanner cuts the body at the next header line).
 */
export const JOINED_CODES: Int32Array = (() => {
  const t = Int32Array.from(CODES);
  t[10] = IGNORED;
  return t;
})();

/**
 * Two bytes (first | second << 8) → the codes of both bases (first << 2 | second), or -1
 * when either is not a base. 256 KB, built once.
 */
export const PAIR_CODES: Int32Array = (() => {
  const t = new Int32Array(65536).fill(-1);
  // Only the 8 base bytes (ACGTacgt) matter: 64 pairs, not a 65536-step loop at start-up.
  const bases: number[] = [];
  for (let a = 0; a < 256; a++) if (CODES[a]! <= 3) bases.push(a);
  for (const a of bases) for (const b of bases) t[a | (b << 8)] = (CODES[a]! << 2) | CODES[b]!;
  return t;
})();

/**
 * The rolling state and the output batch of a scanner.
 *
 * @example
 * ```ts
 * const roll = new RollingKmer(21, false, 1 << 16, () => { table.addBatch(roll.hi, roll.lo, roll.n); roll.n = 0; });
 * roll.emit(bytes, 0, bytes.length); // k-mers of bytes, continuing the current run
 * roll.run = 0; // a new sequence starts
 * ```
 */
export class RollingKmer {
  readonly k: number;
  readonly canonical: boolean;
  /** Forward k-mer (hi, lo words) and its reverse complement. */
  fHi = 0;
  fLo = 0;
  rHi = 0;
  rLo = 0;
  /** Bases since the last reset: a k-mer is complete once run ≥ k. */
  run = 0;
  /** Output batch: the first n entries of hi/lo are k-mers not yet handed over. */
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  n = 0;
  /** k-mers counted straight into a direct table by countForward/countCanonical. */
  counted = 0;
  /** Called when the batch is full; must empty it (set n to 0). */
  readonly #onFull: () => void;

  constructor(k: number, canonical: boolean, batchSize: number, onFull: () => void) {
    this.k = k;
    this.canonical = canonical;
    this.hi = new Uint32Array(batchSize);
    this.lo = new Uint32Array(batchSize);
    this.#onFull = onFull;
  }

  /**
   * Appends the k-mers of bytes [start, end) to the batch. `codes` is {@link CODES} (a line
   * break ends the run) or {@link JOINED_CODES} (line breaks are skipped).
   */
  emit(buf: Uint8Array, start: number, end: number, codes: Int32Array = CODES): void {
    if (this.k <= 16) this.#small(buf, start, end, codes);
    else this.#large(buf, start, end, codes);
  }

  /**
   * Counts the forward k-mers of bytes [start, end) straight into a direct table's float64
   * counts, whatever `canonical` says: canonical counts are the forward ones folded onto the
   * smaller of each k-mer and its reverse complement afterwards (`DirectKmerTable.
   * foldCanonical`), which costs 4^k steps once instead of a reverse complement per base
   * (k = 6 on 20 MB, whole command: 0.14 → 0.12 s CPU, the forward figure).
   */
  count(buf: Uint8Array, start: number, end: number, counts: Float64Array, codes: Int32Array = CODES): void {
    this.#countForward(buf, start, end, counts, codes);
  }

  /**
   * Direct table, forward k-mers only (no reverse complement to keep). Once a run is k bases
   * long, every base completes a k-mer: an inner loop then takes four bytes per step (two
   * loads from {@link PAIR_CODES}) with no run bookkeeping, and leaves at the first byte that
   * is not a base; the outer loop, two bytes or one at a time, handles run starts, line breaks
   * and Ns. One cold pass over 20 MB at k = 6 (fresh processes, median of 8): 67 → 48 ms
   * CPU; warmed up, 56 → 28 ms (`benchmarks/kmers.ts` measures the whole command).
   */
  #countForward(buf: Uint8Array, start: number, end: number, counts: Float64Array, codes: Int32Array): void {
    const k = this.k;
    const mask = (1 << (2 * k)) - 1;
    let f = this.fLo;
    let run = this.run;
    let n = 0;
    let i = start;
    const last = end - 1;
    const last3 = end - 3;
    while (i < end) {
      if (run >= k) {
        // f has 2k bits, so f << 4 still fits 31 bits for k ≤ 12.
        while (i < last3) {
          const c1 = PAIR_CODES[buf[i]! | (buf[i + 1]! << 8)]!;
          const c2 = PAIR_CODES[buf[i + 2]! | (buf[i + 3]! << 8)]!;
          if ((c1 | c2) < 0) break;
          const b1 = (f << 4) | c1;
          const m1 = (b1 >>> 2) & mask; // the k-mer ending at the first base of the pair
          counts[m1] = counts[m1]! + 1;
          const f1 = b1 & mask;
          counts[f1] = counts[f1]! + 1;
          const b2 = (f1 << 4) | c2;
          const m2 = (b2 >>> 2) & mask;
          counts[m2] = counts[m2]! + 1;
          f = b2 & mask;
          counts[f] = counts[f]! + 1;
          n += 4;
          i += 4;
        }
        if (i >= end) break;
      }
      if (i < last) {
        const c = PAIR_CODES[buf[i]! | (buf[i + 1]! << 8)]!;
        if (c >= 0) {
          const both = (f << 4) | c;
          if (run >= k - 1) {
            const m = (both >>> 2) & mask;
            counts[m] = counts[m]! + 1;
            n++;
          }
          f = both & mask;
          run += 2;
          if (run >= k) {
            counts[f] = counts[f]! + 1;
            n++;
          }
          i += 2;
          continue;
        }
      }
      const b = codes[buf[i++]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      f = ((f << 2) | b) & mask;
      if (++run >= k) {
        counts[f] = counts[f]! + 1;
        n++;
      }
    }
    // The reverse complement is not kept on this path: a later canonical scan would need it.
    this.fLo = f;
    this.run = run;
    this.counted += n;
  }

  /** k ≤ 16: the k-mer fits in one word. */
  #small(buf: Uint8Array, start: number, end: number, codes: Int32Array): void {
    const k = this.k;
    const mask = k === 16 ? -1 : (1 << (2 * k)) - 1;
    const top = 2 * (k - 1);
    const canon = this.canonical;
    const bLo = this.lo;
    const cap = bLo.length;
    let f = this.fLo;
    let r = this.rLo;
    let run = this.run;
    let bn = this.n;
    for (let i = start; i < end; i++) {
      const b = codes[buf[i]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      f = ((f << 2) | b) & mask;
      r = (r >>> 2) | ((3 - b) << top);
      if (++run >= k) {
        bLo[bn++] = canon && r >>> 0 < f >>> 0 ? r : f;
        if (bn === cap) {
          this.n = bn;
          this.#onFull();
          bn = this.n;
        }
      }
    }
    this.fLo = f;
    this.rLo = r;
    this.run = run;
    this.n = bn;
  }

  /** 17 ≤ k ≤ 31: two words; lo holds the last 16 bases, hi the first k - 16. */
  #large(buf: Uint8Array, start: number, end: number, codes: Int32Array): void {
    const k = this.k;
    const hiMask = (1 << (2 * (k - 16))) - 1;
    const top = 2 * (k - 1) - 32; // where a new base enters the reverse complement's hi word
    const canon = this.canonical;
    const bHi = this.hi;
    const bLo = this.lo;
    const cap = bLo.length;
    let fHi = this.fHi;
    let fLo = this.fLo;
    let rHi = this.rHi;
    let rLo = this.rLo;
    let run = this.run;
    let bn = this.n;
    for (let i = start; i < end; i++) {
      const b = codes[buf[i]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
      fHi = ((fHi << 2) | (fLo >>> 30)) & hiMask;
      fLo = (fLo << 2) | b;
      rLo = (rLo >>> 2) | (rHi << 30);
      rHi = (rHi >>> 2) | ((3 - b) << top);
      if (++run >= k) {
        if (canon && (rHi < fHi || (rHi === fHi && rLo >>> 0 < fLo >>> 0))) {
          bHi[bn] = rHi;
          bLo[bn++] = rLo;
        } else {
          bHi[bn] = fHi;
          bLo[bn++] = fLo;
        }
        if (bn === cap) {
          this.n = bn;
          this.#onFull();
          bn = this.n;
        }
      }
    }
    this.fHi = fHi;
    this.fLo = fLo;
    this.rHi = rHi;
    this.rLo = rLo;
    this.run = run;
    this.n = bn;
  }
}

/**
 * Runs every loop once over a few bytes when this module loads. V8 compiles a hot loop while
 * it runs (on-stack replacement), before the code after the loop has ever run: that code has
 * no type feedback, so the optimized code was thrown away at the end of every call until a
 * compile of the whole function landed (`--trace-deopt`: 35 deopts of the k = 6 counting loop
 * in the first megabytes of a FASTA file). Primed, each loop compiles once.
 */
function prime(): void {
  // Short and long runs, N, '\r', '\n', both parities: every branch of every loop.
  const bytes = Buffer.from('ACGTNacgt\r\nGATTACAGATTACAGATTACAGATTACAGATTACAGATTACAGATTACA\nTTGCAN\nC\nACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTAC');
  for (const codes of [CODES, JOINED_CODES]) {
    for (const canonical of [false, true]) {
      for (const k of [3, 20]) {
        const roll = new RollingKmer(k, canonical, 4, () => {
          roll.n = 0;
        });
        for (const start of [0, 1]) {
          roll.emit(bytes, start, bytes.length, codes);
          if (k <= 12) roll.count(bytes, start, bytes.length, new Float64Array(4 ** k), codes);
        }
      }
    }
  }
}
prime();
