import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmerCounts } from '../../../lib/kmer/kmer-counts.js';
import { KmerScanner } from '../../../lib/kmer/scanner.js';
import { SortedKmerTable } from '../../../lib/kmer/sorted-table.js';
import { countKmersOfInputs } from '../../../lib/kmer/threads/count-inputs.js';
import { formatPartLines, parallelLines } from '../../../lib/kmer/threads/kmer-lines.js';

/** Deterministic DNA (an LCG), with repeats so that counts differ. */
function dna(length: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += 'ACGT'[x >>> 30];
  }
  return s;
}
const fasta = `>a\n${dna(3000, 1)}\n>b\n${dna(2000, 2)}${dna(500, 1)}\n>c\n${'ACGT'.repeat(200)}\n`;

function counted(k: number, options?: ConstructorParameters<typeof SortedKmerTable>[1]): SortedKmerTable {
  const t = new SortedKmerTable(k, options);
  const s = new KmerScanner(k, t, { format: 'fasta', input: 'x.fa' });
  s.scan(Buffer.from(fasta));
  s.end();
  return t;
}

const text = (chunks: Iterable<Uint8Array>): string => Buffer.concat([...chunks]).toString('latin1');

describe('parallel k-mer lines', () => {
  for (const k of [21, 31]) {
    it(`formats shared runs in parts, in order, as the one-thread output (k=${k})`, async () => {
      const want = text(new KmerCounts(k, false, counted(k), 0).lines());
      const runs = counted(k, { blockSize: 512, sharedRuns: true }).takeRuns();
      expect(runs.length).to.be.greaterThan(3);
      for (const r of runs) expect(r.lo.buffer).to.be.instanceOf(SharedArrayBuffer);
      for (const partEntries of [37, 1000, 1 << 20]) {
        const chunks: Uint8Array[] = [];
        // structuredClone: what a pool thread receives (shared memory stays shared).
        for await (const c of parallelLines(runs, async (job) => formatPartLines(structuredClone(job)), { k, partEntries, window: 3 })) chunks.push(c.slice());
        expect(text(chunks), `partEntries ${partEntries}`).to.equal(want);
      }
    });
  }

  it('stops at once when a part fails', async () => {
    const runs = counted(21, { blockSize: 512, sharedRuns: true }).takeRuns();
    let calls = 0;
    const failing = parallelLines(
      runs,
      async (job) => {
        if (++calls === 2) throw new RangeError('part failed');
        return formatPartLines(job);
      },
      { k: 21, partEntries: 100, window: 2 },
    );
    const err = await (async () => {
      for await (const _ of failing);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).to.equal('part failed');
    expect(calls).to.be.at.most(4);
  });

  it('countKmersOfInputs with keepThreads formats on the threads, byte for byte the one-thread lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-lines-'));
    try {
      const file = join(dir, 'x.fa');
      writeFileSync(file, fasta.repeat(3));
      const spec = { k: 21, canonical: false, table: { kind: 'sorted' as const } };
      const one = await countKmersOfInputs([file], { ...spec, threads: 1 });
      const two = await countKmersOfInputs([file], { ...spec, threads: 2, keepThreads: true });
      const a: Uint8Array[] = [];
      const b: Uint8Array[] = [];
      for await (const c of one.lines()) a.push(c.slice());
      for await (const c of two.lines()) b.push(c.slice());
      await two.close();
      expect(text(b)).to.equal(text(a));
      expect(text(a)).to.equal(text(new KmerCounts(21, false, counted(21), 0).lines()).replace(/\t(\d+)/g, (_m, c: string) => `\t${Number(c) * 3}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
