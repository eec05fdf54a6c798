import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold } from '../../lib/parallel/aggregator.js';
import { kmerAggregator } from '../../lib/kmer/kmer-aggregator.js';
import { countKmersParallel, pcaParallel } from '../../lib/parallel/parallel-passes.js';
import { splitFile } from '../../lib/parallel/split.js';

function sorted(entries: Iterable<[string, number]>): [string, number][] {
  return [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe('parallel passes', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'passes-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the k-mers of a FASTQ file on 2 threads exactly as one fold of all records', async () => {
    let seed = 1;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const seqs = Array.from({ length: 300 }, () => Array.from({ length: 30 + Math.floor(rand() * 30) }, () => 'ACGTN'[Math.floor(rand() * 5)]).join(''));
    const fq = seqs.map((s, i) => `@r${i}\n${s}\n+\n${'@'.repeat(s.length)}\n`).join('');
    const path = join(dir, 'reads.fq');
    writeFileSync(path, fq);
    const agg = kmerAggregator({ k: 13, canonical: true });
    const want = agg.result(fold(agg, seqs));
    for (const [threads, ranges] of [
      [1, 1],
      [2, 5],
    ] as const) {
      const got = await countKmersParallel(path, { k: 13, canonical: true, format: 'fastq', threads, ranges });
      expect(got.total, `${threads} threads`).to.equal(want.total);
      expect(sorted(got)).to.deep.equal(sorted(want));
    }
  });

  it("gives scikit-learn's PCA from 3 ranges on 2 threads", async () => {
    const csv = fileURLToPath(new URL('../fixtures/parallel/pca-small.csv', import.meta.url));
    const want = JSON.parse(readFileSync(csv.replace(/\.csv$/, '.json'), 'utf8')) as {
      explained_variance: number[];
      components_vflip: number[][];
      mean: number[];
    };
    const pca = await pcaParallel(csv, { nComponents: 2, threads: 2, ranges: 3 });
    expect(pca.nSamples).to.equal(120);
    const flat = [...pca.explainedVariance, ...pca.components.flatMap((c) => [...c]), ...pca.mean];
    const ref = [...want.explained_variance, ...want.components_vflip.flat(), ...want.mean];
    flat.forEach((v, i) => expect(Math.abs(v - ref[i]!) / Math.max(1, Math.abs(ref[i]!))).to.be.below(1e-9));
  });

  it('skips a header only at the start of the file: a bad line that starts a later range is an error', async () => {
    const csv = join(dir, 'bad.csv');
    const good = Array.from({ length: 50 }, (_, i) => `${10 + i},${i * 2},${i % 7}`);
    writeFileSync(csv, `a,b,c\n${good.join('\n')}\n`);
    for (const ranges of [2, 3]) {
      const cuts = await splitFile(csv, ranges, { format: 'lines' });
      const start = cuts[1]!.start;
      // The same bytes with the line that starts the second range spoilt (same length).
      const bytes = readFileSync(csv);
      bytes[start] = 'x'.charCodeAt(0);
      const spoilt = join(dir, `bad-${ranges}.csv`);
      writeFileSync(spoilt, bytes);
      expect((await splitFile(spoilt, ranges, { format: 'lines' }))[1]!.start).to.equal(start);
      const err = await pcaParallel(spoilt, { nComponents: 2, threads: 1, ranges }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err, `${ranges} ranges`).to.be.instanceOf(Error);
      // Named by its line in the whole file, as one thread would.
      const line = bytes.subarray(0, start).toString('latin1').split('\n').length;
      expect(err!.message).to.match(new RegExp(`bad-${ranges}\\.csv line ${line}: field 1 is not a number: 'x\\d' \\(pca\\)$`));
    }
  });
});
