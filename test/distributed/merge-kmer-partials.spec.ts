import { expect } from 'chai';
import { partialToBytes } from '../../lib/distributed/kmer-partial-bytes.js';
import { mergeKmerPartials } from '../../lib/distributed/merge-kmer-partials.js';
import { DirectKmerTable } from '../../lib/kmer/direct-table.js';
import { kmerAggregator } from '../../lib/kmer/kmer-aggregator.js';
import { partialOf } from '../../lib/kmer/kmer-partial.js';
import { PackedRunsTable } from '../../lib/kmer/packed-runs-table.js';

/** Deterministic pseudo-random sequences (xorshift), with one read repeated 300 times. */
function sequences(): string[] {
  let x = 2463534242;
  const out: string[] = [];
  for (let r = 0; r < 60; r++) {
    let s = '';
    for (let i = 0; i < 80; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      s += 'ACGT'[(x >>> 0) & 3];
    }
    out.push(
      s,
      'GATTACAGATTACAGGCCTTAAGGCTTAACCGGATATC',
      'GATTACAGATTACAGGCCTTAAGGCTTAACCGGATATC',
      'GATTACAGATTACAGGCCTTAAGGCTTAACCGGATATC',
      'GATTACAGATTACAGGCCTTAAGGCTTAACCGGATATC',
      'GATTACAGATTACAGGCCTTAAGGCTTAACCGGATATC',
    );
  }
  return out;
}

/** The lines one table of all sequences gives, as `kmers` writes them. */
function oneTable(k: number, canonical: boolean, seqs: string[]): string {
  const agg = kmerAggregator({ k, canonical, table: { kind: 'sorted' } });
  const state = agg.empty();
  for (const s of seqs) state.addSequence(s);
  return Buffer.concat([...agg.result(state).lines()]).toString();
}

describe('mergeKmerPartials', () => {
  for (const k of [4, 10, 13, 21, 31]) {
    for (const canonical of [false, true]) {
      it(`merges 4 jobs' partials into kmers' lines, byte for byte (k=${k}${canonical ? ', canonical' : ''})`, async () => {
        const seqs = sequences();
        const partials: Uint8Array[] = [];
        for (let j = 0; j < 4; j++) {
          // Small sort blocks: several runs per job, so the k-way merge sums within and across jobs.
          const agg = kmerAggregator({ k, canonical, table: { kind: 'sorted', blockSize: 64 } });
          const state = agg.empty();
          for (const s of seqs.filter((_, i) => i % 4 === j)) state.addSequence(s);
          partials.push(partialToBytes(partialOf(state, () => agg.encode(state))));
        }
        const counts = await mergeKmerPartials(
          { k, canonical },
          4,
          async (i) => partials[i]!,
          (i) => `job ${i}`,
        );
        expect(counts.table).to.be.instanceOf(k <= 12 ? DirectKmerTable : PackedRunsTable);
        const got = Buffer.concat([...counts.lines()]).toString();
        expect(got).to.equal(oneTable(k, canonical, seqs));
        expect(counts.total).to.equal(seqs.reduce((t, s) => t + Math.max(0, s.length - k + 1), 0));
        expect(got).to.match(/\t(2[5-9]\d|[3-9]\d\d)\n/); // some count past 255 went through
      });
    }
  }

  it('refuses a partial that is not of this k, or of a hash table, naming the job', async () => {
    const failure = async (k: number, bytes: Uint8Array): Promise<string> => {
      try {
        await mergeKmerPartials(
          { k, canonical: false },
          1,
          async () => bytes,
          () => 'job 0',
        );
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    const sorted = kmerAggregator({ k: 21, table: { kind: 'sorted' } });
    const runs = partialToBytes(partialOf(sorted.empty().addSequence('ACGTACGTTTGACCAGTACGATCG'), () => new Uint8Array(0)));
    expect(await failure(19, runs)).to.equal('k-mer partial from job 0: k=21, expected k=19');
    const hash = kmerAggregator({ k: 21 });
    const state = hash.empty().addSequence('ACGTACGTTTGACCAGTACGATCG');
    expect(await failure(21, partialToBytes(partialOf(state, () => hash.encode(state))))).to.equal(
      'job 0: a k-mer partial of a hash table (not made by a worker of this build)',
    );
  });
});
