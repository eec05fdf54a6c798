import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { deleteRun, pendingJobs, readRun, submitFile } from '../../lib/distributed/queue.js';
import { reduceRun } from '../../lib/distributed/reduce.js';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { runWorker } from '../../lib/distributed/worker.js';
import { countKmersParallel, pcaParallel } from '../../lib/parallel/parallel-passes.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';

const fasta = fileURLToPath(new URL('../fixtures/distributed/reads.fa', import.meta.url));
const csv = fileURLToPath(new URL('../fixtures/distributed/rows.csv', import.meta.url));
const kmerSpec = { kind: 'kmers', k: 7, canonical: true, format: 'fasta' } as const;

describe('distributed queue, worker and reducer (in process)', function () {
  this.timeout(30000);
  let redis: TestRedis;
  let client: RedisLink;
  before(async () => {
    redis = await startRedis();
    client = await RedisLink.connect(redis.url);
  });
  after(async () => {
    client?.close();
    await redis?.stop();
  });

  it('submits a run once: a second identical submit adds nothing, a different one is refused', async () => {
    const first = await submitFile(client, fasta, kmerSpec, { queue: 'once', ranges: 4 });
    expect(first).to.deep.equal({ jobs: 4, submitted: true });
    expect(await submitFile(client, fasta, kmerSpec, { queue: 'once', ranges: 4 })).to.deep.equal({ jobs: 4, submitted: false });
    expect(await client.client.xLen('once:jobs')).to.equal(4);
    expect(await readRun(client, 'once')).to.deep.equal({ spec: kmerSpec, jobs: 4 });
    const err = await submitFile(client, csv, { kind: 'pca' }, { queue: 'once', ranges: 2 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.match(/queue 'once' already holds another run .*"kind":"kmers".*; use another queue name$/);
    await deleteRun(client, 'once');
    expect(await readRun(client, 'once')).to.equal(undefined);
  });

  it('two workers count k-mers exactly as one process over the same ranges, nothing left pending', async () => {
    await submitFile(client, fasta, kmerSpec, { queue: 'km', ranges: 5 });
    const other = await RedisLink.connect(redis.url);
    try {
      const reports = await Promise.all([
        runWorker(client, { queue: 'km', consumer: 'a', blockMs: 50 }),
        runWorker(other, { queue: 'km', consumer: 'b', blockMs: 50 }),
      ]);
      expect(reports[0].stored + reports[1].stored).to.equal(5);
      expect(reports[0].duplicates + reports[1].duplicates).to.equal(0);
    } finally {
      other.close();
    }
    const result = await reduceRun(client, 'km');
    const want = await countKmersParallel(fasta, { k: 7, canonical: true, format: 'fasta', threads: 1, ranges: 1 });
    expect(result.kind).to.equal('kmers');
    if (result.kind !== 'kmers') return;
    expect(result.counts.total).to.equal(want.total).and.to.be.above(10000);
    expect([...result.counts]).to.deep.equal([...want]);
    expect(await pendingJobs(client, 'km')).to.equal(0);
  });

  it('a PCA run equals the one-process PCA over the same ranges to the bit', async () => {
    await submitFile(client, csv, { kind: 'pca' }, { queue: 'pc', ranges: 4 });
    expect(await runWorker(client, { queue: 'pc', consumer: 'a' })).to.deep.equal({ stored: 4, duplicates: 0 });
    const result = await reduceRun(client, 'pc', { nComponents: 3 });
    const want = await pcaParallel(csv, { nComponents: 3, threads: 1, ranges: 4 });
    expect(result.kind === 'pca' && result.pca).to.deep.equal(want);
    expect(want.nSamples).to.equal(300);
  });

  it('the reducer gives up with one line when results are missing', async () => {
    await submitFile(client, csv, { kind: 'pca' }, { queue: 'waiting', ranges: 3 });
    const err = await reduceRun(client, 'waiting', { timeoutMs: 50, pollMs: 10 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal(`${redis.url}: queue 'waiting' has 0 of 3 results after 50 ms`);
    expect((err as { code?: string }).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
  });

  it('a worker stops with an AbortError when its signal aborts while waiting for a run', async () => {
    const ac = new AbortController();
    const working = runWorker(client, { queue: 'never-submitted', consumer: 'a', blockMs: 20, signal: ac.signal });
    setImmediate(() => ac.abort());
    const err = await working.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.name).to.equal('AbortError');
  });

  it('checks its options at once', async () => {
    const err = await runWorker(client, { queue: 'x', consumer: 'a', claimIdleMs: -1 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect((err as { code?: string }).code).to.equal('ERR_OUT_OF_RANGE');
  });
});
