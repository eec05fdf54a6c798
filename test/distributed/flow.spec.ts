import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultToJSON } from '../../lib/job/job-json.js';
import { runJob } from '../../lib/job/run-job.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';
import { cli, leftovers, startWorker } from '../helpers/distributed.js';
import { expectClose } from '../helpers/pca.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const fasta = here('../fixtures/distributed/reads.fa');
const logs = here('../fixtures/job/logs.ndjson');
const job = here('../fixtures/job/count-status.mjs');
const expected = JSON.parse(readFileSync(here('../fixtures/job/count-status.expected.json'), 'utf8'));
const fixtures = here('../fixtures');

describe('distributed runs on BullMQ: submit, worker, reduce, run, status', function () {
  this.timeout(60000);
  let redis: TestRedis;
  before(async () => (redis = await startRedis()));
  after(async () => redis?.stop());

  it('reduce writes the bytes kmers writes, for k <= 12 and k > 12, either strand, and leaves nothing in Redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-reduce-'));
    try {
      // reads.fa with one read repeated after every record: counts past 255 (overflow lists,
      // carries) in every part, summed across parts by the merge.
      const input = join(dir, 'reads.fa');
      const repeat = '>rep\nGATTACAGATTACAGGCCTTAAGGCTTAACCGGATATCCGGTTAAG\n';
      writeFileSync(
        input,
        readFileSync(fasta, 'latin1')
          .split(/(?=>)/)
          .map((r) => r + repeat + repeat)
          .join(''),
      );
      const cases: [number, boolean][] = [
        [11, false],
        [11, true],
        [21, false],
        [27, true],
      ];
      for (const [k, canonical] of cases) {
        const strand = canonical ? ['--canonical'] : [];
        const s = await cli(['submit', '--redis', redis.url, '--queue', `k${k}${strand.join('')}`, '--parts', '4', '--kmers', String(k), ...strand, input]);
        expect(s.code, s.err).to.equal(0);
        expect(s.err).to.match(/^submit: k\d+(--canonical)?: run k\d+(--canonical)?-[0-9a-f]{16}, 4 parts queued\n$/);
      }
      const w = startWorker(redis.url, ['--allow', dir, '--exit-when-drained', '--concurrency', '2']);
      expect(await w.exited, w.err).to.equal(0);
      expect(w.err).to.match(/stopped: 16 parts done, 0 failed/);
      for (const [k, canonical] of cases) {
        const strand = canonical ? ['--canonical'] : [];
        const reduced = await cli(['reduce', '--redis', redis.url, '--queue', `k${k}${strand.join('')}`]);
        const want = await cli(['kmers', '-k', String(k), ...strand, input]);
        expect(reduced.code, reduced.err).to.equal(0);
        expect(reduced.out, `k=${k}${canonical ? ' canonical' : ''}`).to.equal(want.out);
      }
      expect(await leftovers(redis.url)).to.deep.equal({ keys: [], jobs: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reduce of a PCA run equals scikit-learn's PCA to 1e-9", async () => {
    const csv = here('../fixtures/parallel/pca-small.csv');
    const want = JSON.parse(readFileSync(here('../fixtures/parallel/pca-small.json'), 'utf8'));
    expect((await cli(['submit', '--redis', redis.url, '--queue', 'p', '--parts', '3', '--pca', csv])).code).to.equal(0);
    const w = startWorker(redis.url, ['--allow', fixtures, '--exit-when-drained']);
    expect(await w.exited, w.err).to.equal(0);
    const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'p', '--components', '2']);
    expect(reduced.code, reduced.err).to.equal(0);
    const got = JSON.parse(reduced.out);
    expectClose(got.explainedVariance, want.explained_variance, 'explained variance');
    expectClose(got.mean, want.mean, 'mean');
    expectClose(got.components.flat(), want.components_vflip.flat(), 'components');
  });

  it("a user's job gives the same JSON on one core, on threads and on two workers, equal to collections.Counter's", async () => {
    const one = resultToJSON(await runJob(job, [logs]));
    const threads = await cli(['run', job, logs, '--threads', '2']);
    expect(threads.code, threads.err).to.equal(0);
    expect(threads.out).to.equal(one);
    const workers = [1, 2].map(() => startWorker(redis.url, ['--job', job, '--allow', fixtures]));
    try {
      const distributed = await cli(['run', job, logs, '--redis', redis.url, '--queue', 'logs', '--parts', '6', '--timeout', '30000']);
      expect(distributed.code, distributed.err).to.equal(0);
      expect(distributed.out).to.equal(one);
      expect(JSON.parse(distributed.out)).to.deep.equal(expected);
    } finally {
      for (const w of workers) w.proc.kill('SIGTERM');
      for (const w of workers) expect(await w.exited, w.err).to.be.oneOf([130, 143]);
    }
    const done = workers.map((w) => Number(/stopped: (\d+) parts done/.exec(w.err)?.[1]));
    expect(done[0]! + done[1]!).to.equal(6);
    expect(await leftovers(redis.url)).to.deep.equal({ keys: [], jobs: 0 });
  });

  it('a second submit of other inputs under the same name is a new run, and reduce gives its counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-rerun-'));
    try {
      const a = join(dir, 'a.fa');
      const b = join(dir, 'b.fa');
      writeFileSync(a, '>a\nACGTACGTAC\n');
      writeFileSync(b, '>b\nTTTTGGGGCC\n');
      const first = await cli(['submit', '--redis', redis.url, '--queue', 'same', '--kmers', '5', a]);
      const again = await cli(['submit', '--redis', redis.url, '--queue', 'same', '--kmers', '5', a]);
      const second = await cli(['submit', '--redis', redis.url, '--queue', 'same', '--kmers', '5', b]);
      expect(again.err).to.match(/were queued already/);
      expect(second.err).to.match(/1 part queued/);
      const ids = [first, second].map((r) => /run (\S+),/.exec(r.err)?.[1]);
      expect(ids[0]).to.not.equal(ids[1]);
      const w = startWorker(redis.url, ['--allow', dir, '--exit-when-drained']);
      expect(await w.exited, w.err).to.equal(0);
      const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'same']);
      expect(reduced.out).to.equal((await cli(['kmers', '-k', '5', b])).out);
      const older = await cli(['reduce', '--redis', redis.url, '--run', ids[0]!]);
      expect(older.out).to.equal((await cli(['kmers', '-k', '5', a])).out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('status prints parts done of total, the rate and the ETA', async () => {
    expect((await cli(['status', '--redis', redis.url])).out).to.equal('no runs\n');
    expect((await cli(['submit', '--redis', redis.url, '--queue', 'st', '--parts', '3', '--kmers', '9', fasta])).code).to.equal(0);
    const before = await cli(['status', '--redis', redis.url]);
    expect(before.out).to.match(/^st-[0-9a-f]{16}: 0\/3 parts done \(0\.0 MB of 0\.0 MB\), 0\.00 parts\/s over \d+ s, ETA unknown\n$/);
    const w = startWorker(redis.url, ['--allow', fixtures, '--exit-when-drained']);
    expect(await w.exited, w.err).to.equal(0);
    const after = await cli(['status', '--redis', redis.url]);
    expect(after.out).to.match(/^st-[0-9a-f]{16}: 3\/3 parts done \(0\.0 MB of 0\.0 MB\), [\d.]+ parts\/s over \d+ s, all parts done, waiting for reduce\n$/);
    expect((await cli(['reduce', '--redis', redis.url, '--queue', 'st'])).code).to.equal(0);
  });
});
