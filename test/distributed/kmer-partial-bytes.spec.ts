import { expect } from 'chai';
import { partialFromBytes, partialToBytes } from '../../lib/distributed/kmer-partial-bytes.js';
import { kmerAggregator } from '../../lib/kmer/kmer-aggregator.js';
import { openPartial, partialOf } from '../../lib/kmer/kmer-partial.js';

// A^320: counts past 255 (the runs' overflow lists, the direct bytes' carries).
const seqs = ['ACGTACGTTTGACCAGTACGATCGACCGGTAAGTCCATGACAT', 'GATTACAGATTACAGATTACA', 'A'.repeat(320)];

/** A partial of `seqs` as a pool thread makes it, and the counts it holds, sorted. */
function made(k: number, blockSize?: number): { bytes: Uint8Array; want: [string, number][]; total: number } {
  const agg = kmerAggregator({ k, canonical: true, table: { kind: 'sorted', blockSize } });
  const state = agg.empty();
  for (const s of seqs) state.addSequence(s);
  const want = [...agg.result(agg.decode(agg.encode(state)))].sort();
  const total = state.total;
  return { bytes: partialToBytes(partialOf(state, () => agg.encode(state))), want, total };
}

/** The counts of an opened partial, through the one-table path (aggregator state). */
function countsOf(bytes: Uint8Array, k: number): { kind: string; total: number; counts: [string, number][] } {
  const p = openPartial(partialFromBytes(bytes, 'test'), k, 'test');
  const counts = new Map<string, number>();
  if (p.kind === 'runs') {
    for (const run of p.runs) {
      for (let i = 0; i < run.n; i++) {
        // A PackedRun's entries through its own lookup: hi from segments or column.
        const hi = run.hi === null ? run.segHi[run.segEnd.findIndex((e) => e > i)]! : run.hi[i]!;
        const key = `${hi}:${run.lo[i]}`;
        counts.set(key, (counts.get(key) ?? 0) + run.countAt(i));
      }
    }
  } else if (p.kind === 'direct' || p.kind === 'bytes') {
    const c = p.kind === 'direct' ? p.counts : p.low;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) counts.set(`0:${i}`, c[i]!);
    if (p.kind === 'bytes') for (let j = 0; j < p.bigLo.length; j++) counts.set(`0:${p.bigLo[j]}`, p.bigCount[j]!);
  }
  return { kind: p.kind, total: p.total, counts: [...counts] };
}

describe('kmer partial bytes', () => {
  for (const [k, kind, blockSize] of [
    [21, 'runs', 8],
    [27, 'runs', undefined],
    [6, 'direct', undefined],
    [11, 'bytes', undefined],
  ] as const) {
    it(`keeps a ${kind} partial (k=${k}) whole through one byte string, aligned or not`, () => {
      const { bytes, want, total } = made(k, blockSize);
      expect(bytes.length % 8).to.equal(0);
      const got = countsOf(bytes, k);
      expect(got.kind).to.equal(kind);
      expect(got.total).to.equal(total);
      expect(got.counts.length).to.equal(want.length);
      expect(got.counts.reduce((s, [, c]) => s + c, 0)).to.equal(total);
      expect(Math.max(...got.counts.map(([, c]) => c))).to.be.above(255);
      // Redis may hand back bytes at any offset: the reader copies them to an aligned place.
      const odd = new Uint8Array(bytes.length + 3);
      odd.set(bytes, 3);
      expect(countsOf(odd.subarray(3), k)).to.deep.equal(got);
      expect(countsOf(Buffer.from(odd.buffer, 3, bytes.length), k)).to.deep.equal(got); // a Buffer's slice() is no copy
    });
  }

  it('reads the columns in place when the bytes are aligned (no copy)', () => {
    const { bytes } = made(21);
    const parts = partialFromBytes(bytes, 'test');
    for (const col of parts) expect(col.buffer).to.equal(bytes.buffer);
  });

  it('refuses other bytes with one line naming them', () => {
    const { bytes } = made(21);
    expect(() => partialFromBytes(bytes.subarray(0, bytes.length - 8), 'job 3')).to.throw(/^job 3: truncated k-mer partial \(column \d+ ends past byte \d+\)$/);
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(() => partialFromBytes(longer, 'job 3')).to.throw('job 3: 8 unexpected trailing bytes');
    expect(() => partialFromBytes(Buffer.from('KMER\x01\x00\x00\x00\x15\x00\x00\x00'), 'job 1')).to.throw(
      /^job 1: a k-mer partial of an older worker .*new queue name$/,
    );
    expect(() => partialFromBytes(Buffer.from('PCAS'), 'job 2')).to.throw("job 2: not a k-mer partial (tag 'PCAS')");
    const version = bytes.slice();
    version[4] = 9;
    expect(() => partialFromBytes(version, 'job 4')).to.throw('job 4: k-mer partial format version 9, this build reads 1');
    expect(() => openPartial(partialFromBytes(bytes, 'job 5'), 19, 'job 5')).to.throw('k-mer partial from job 5: k=21, expected k=19');
  });
});
