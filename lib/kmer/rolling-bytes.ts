/**
 * The counting loops of {@link RollingKmer} for a direct table in the byte layout (k ≥ 10,
 * `direct-table.ts`): the same loops as `RollingKmer.count`'s, each increment a byte that
 * carries into the table at 256. Kept apart from the float64 loops because one loop seeing
 * both array kinds would be compiled for both, and slower for each.
 */
import { NOT_BASE } from './encode.js';
import { DirectKmerTable } from './direct-table.js';
import { CODES, JOINED_CODES, PAIR_CODES, RollingKmer } from './rolling.js';

/** One more of k-mer `m`: its byte, carried into the table at 256 (small: V8 inlines it). */
function bump(low: Uint8Array, table: DirectKmerTable, m: number): void {
  const v = low[m]! + 1;
  if (v > 255) {
    low[m] = 0;
    table.carry(m);
  } else low[m] = v;
}

/**
 * Counts the forward k-mers of bytes [start, end) into `low` (the table's bytes),
 * continuing `roll`'s run.
 *
 * @example
 * ```ts
 * countBytesForward(roll, chunk, 0, chunk.length, table.bytes!, table, JOINED_CODES);
 * ```
 */
export function countBytesForward(
  roll: RollingKmer,
  buf: Uint8Array,
  start: number,
  end: number,
  low: Uint8Array,
  table: DirectKmerTable,
  codes: Int32Array,
): void {
  const k = roll.k;
  const mask = (1 << (2 * k)) - 1;
  let f = roll.fLo;
  let run = roll.run;
  let n = 0;
  let i = start;
  const last = end - 1;
  const last3 = end - 3;
  while (i < end) {
    if (run >= k) {
      while (i < last3) {
        const c1 = PAIR_CODES[buf[i]! | (buf[i + 1]! << 8)]!;
        const c2 = PAIR_CODES[buf[i + 2]! | (buf[i + 3]! << 8)]!;
        if ((c1 | c2) < 0) break;
        const b1 = (f << 4) | c1;
        bump(low, table, (b1 >>> 2) & mask);
        const f1 = b1 & mask;
        bump(low, table, f1);
        const b2 = (f1 << 4) | c2;
        bump(low, table, (b2 >>> 2) & mask);
        f = b2 & mask;
        bump(low, table, f);
        n += 4;
        i += 4;
      }
      if (i >= end) break;
    }
    let b = -1;
    if (i < last) {
      const c = PAIR_CODES[buf[i]! | (buf[i + 1]! << 8)]!;
      if (c >= 0) {
        // Two bases: the first on its own, then the second below.
        b = c & 3;
        f = ((f << 2) | (c >>> 2)) & mask;
        if (++run >= k) {
          bump(low, table, f);
          n++;
        }
        i += 2;
      }
    }
    if (b < 0) {
      b = codes[buf[i++]!]!;
      if (b > 3) {
        if (b === NOT_BASE) run = 0;
        continue;
      }
    }
    f = ((f << 2) | b) & mask;
    if (++run >= k) {
      bump(low, table, f);
      n++;
    }
  }
  roll.fLo = f;
  roll.run = run;
  roll.counted += n;
}

/**
 * Counts the canonical k-mers of bytes [start, end) into `low`, continuing `roll`'s run
 * (k ≤ 12: words below 2^24, so the branch-free minimum's difference fits).
 *
 * @example
 * ```ts
 * countBytesCanonical(roll, chunk, 0, chunk.length, table.bytes!, table, JOINED_CODES);
 * ```
 */
export function countBytesCanonical(
  roll: RollingKmer,
  buf: Uint8Array,
  start: number,
  end: number,
  low: Uint8Array,
  table: DirectKmerTable,
  codes: Int32Array,
): void {
  const k = roll.k;
  const mask = (1 << (2 * k)) - 1;
  const top = 2 * (k - 1);
  let f = roll.fLo;
  let r = roll.rLo;
  let run = roll.run;
  let n = 0;
  let i = start;
  const last = end - 1;
  while (i < end) {
    if (run >= k) {
      while (i < last) {
        const c = PAIR_CODES[buf[i]! | (buf[i + 1]! << 8)]!;
        if (c < 0) break;
        const both = (f << 4) | c;
        const r1 = (r >>> 2) | ((3 - (c >>> 2)) << top);
        const f1 = (both >>> 2) & mask;
        const d1 = f1 - r1;
        bump(low, table, r1 + (d1 & (d1 >> 31)));
        f = both & mask;
        r = (r1 >>> 2) | ((3 - (c & 3)) << top);
        const d = f - r;
        bump(low, table, r + (d & (d >> 31)));
        n += 2;
        i += 2;
      }
      if (i >= end) break;
    }
    const b = codes[buf[i++]!]!;
    if (b > 3) {
      if (b === NOT_BASE) run = 0;
      continue;
    }
    f = ((f << 2) | b) & mask;
    r = (r >>> 2) | ((3 - b) << top);
    if (++run >= k) {
      const d = f - r;
      const m = r + (d & (d >> 31));
      bump(low, table, m);
      n++;
    }
  }
  roll.fLo = f;
  roll.rLo = r;
  roll.run = run;
  roll.counted += n;
}

let primed = false;

/**
 * Runs both loops once over a few bytes, each increment both carrying and not, on the first
 * byte-layout table (not at load: `assemble` loads the scanner and has no such table). As for
 * `rolling.ts`'s loops: so that on-stack replacement does not compile them without type
 * feedback for the code after the loop (or the carry) and throw the code away at each call.
 * The stand-in table is k = 3: a bigger one's carry array, once freed, made glibc raise its
 * mmap threshold for the rest of the process (`assemble` peak RSS +2.3 MB).
 *
 * @example
 * ```ts
 * if (table.bytes !== undefined) primeByteLoops();
 * ```
 */
export function primeByteLoops(): void {
  if (primed) return;
  primed = true;
  const bytes = Buffer.from('ACGTNacgt\r\nGATTACAGATTACAGATTACAGATTACAGATTACAGATTACAGATTACA\nTTGCAN\nC\nACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTAC');
  const k = 3;
  const table = new DirectKmerTable(k, { bytes: true });
  const low = table.bytes!;
  for (const fill of [255, 0]) {
    for (const [codes, start] of [
      [CODES, 0],
      [JOINED_CODES, 1],
    ] as const) {
      low.fill(fill);
      const roll = new RollingKmer(k, false, 1, () => {});
      countBytesForward(roll, bytes, start, bytes.length, low, table, codes);
      countBytesCanonical(roll, bytes, start, bytes.length, low, table, codes);
    }
  }
}
