import { expect } from 'chai';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { encode } from '../../lib/kmer/encode.js';
import { kmerAggregator } from '../../lib/kmer/kmer-aggregator.js';
import { DirectKmerTable } from '../../lib/kmer/direct-table.js';
import { addDirect, openPartial, partialOf, type KmerPartial } from '../../lib/kmer/kmer-partial.js';
import { transferList } from '../../lib/parallel/transfer.js';

/** Sends `parts` through a real MessageChannel with its transfer list, as the pool does. */
function send(parts: KmerPartial): unknown {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(parts, transferList(parts));
  const got = receiveMessageOnPort(port2)?.message;
  port1.close();
  return got;
}

// A^320: a count past 255 (overflow lists, carries out of a byte).
const seqs = ['ACGTACGTTTGACCAGTACGATCGACCGGTAAGTCCATGACAT', 'TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT', 'GATTACAGATTACAGATTACA', 'A'.repeat(320)];

describe('kmer partials', () => {
  for (const [k, kind, table] of [
    [21, 'runs', { kind: 'sorted' as const, blockSize: 4 }],
    [31, 'runs', { kind: 'sorted' as const }],
    [6, 'direct', { kind: 'sorted' as const }],
    [11, 'bytes', { kind: 'sorted' as const }],
    [17, 'encoded', undefined],
  ] as const) {
    it(`moves a ${kind} partial (k=${k}) to another port without copying, with the same counts`, () => {
      const agg = kmerAggregator({ k, canonical: true, table });
      const state = agg.empty();
      for (const s of seqs) state.addSequence(s);
      const want = [...agg.result(agg.decode(agg.encode(state)))].sort();
      const parts = partialOf(state, () => agg.encode(state));
      const moved = parts.filter((p) => p.byteLength > 0);
      const got = openPartial(send(parts), k);
      expect(got.kind).to.equal(kind);
      expect(got.total).to.equal(state.total);
      for (const p of moved) expect(p.byteLength, 'transferred, so detached here').to.equal(0);
      const counts = new Map<string, number>();
      if (got.kind === 'runs') {
        expect(got.runs.length).to.be.at.least(k === 21 ? 2 : 1); // blockSize 4: several runs
        for (const run of got.runs) {
          for (const [kmer] of want) {
            const p = encode(kmer)!;
            const c = run.get(p.hi, p.lo);
            if (c > 0) counts.set(kmer, (counts.get(kmer) ?? 0) + c);
          }
        }
      } else if (got.kind === 'direct' || got.kind === 'bytes') {
        const into = new DirectKmerTable(k);
        addDirect(into, got);
        addDirect(into, got); // twice: carries out of the bytes add up
        for (const [kmer] of want) counts.set(kmer, into.get(0, encode(kmer)!.lo) / 2);
      } else {
        for (const [kmer, c] of agg.result(agg.decode(got.bytes))) counts.set(kmer, c);
      }
      expect([...counts].sort()).to.deep.equal(want);
    });
  }

  it('hands a hash table back as one sorted run when asked (asRun), with the same counts', () => {
    const k = 21;
    const agg = kmerAggregator({ k, canonical: false, table: { kind: 'hash' } });
    const state = agg.empty();
    for (const s of seqs) state.addSequence(s);
    const want = [...agg.result(agg.decode(agg.encode(state)))].sort();
    const got = openPartial(send(partialOf(state, () => agg.encode(state), true)), k);
    expect(got.kind).to.equal('runs');
    expect(got.total).to.equal(state.total);
    if (got.kind !== 'runs') return;
    expect(got.runs).to.have.length(1);
    const run = got.runs[0]!;
    expect(run.n).to.equal(want.length);
    for (const [kmer, c] of want) expect(run.get(encode(kmer)!.hi, encode(kmer)!.lo), kmer).to.equal(c);
  });

  it('refuses what is not a partial of this k, naming the problem', () => {
    const agg = kmerAggregator({ k: 21, table: { kind: 'sorted' } });
    const parts = partialOf(agg.empty().addSequence(seqs[0]!), () => new Uint8Array(0));
    expect(() => openPartial(parts, 19)).to.throw(/k-mer partial from a thread: k=21, expected k=19/);
    expect(() => openPartial([new Uint8Array(3)], 21)).to.throw(/not a k-mer partial/);
    expect(() => openPartial([...parts, new Uint32Array(1)], 21)).to.throw(/1 unexpected columns/);
    expect(() => openPartial([parts[0], new Float64Array(1)], 21)).to.throw(/column 1 is not a Uint32Array/);
  });
});
