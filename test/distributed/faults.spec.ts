import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';
import { cli, leftovers, startWorker } from '../helpers/distributed.js';

const fasta = fileURLToPath(new URL('../fixtures/distributed/reads.fa', import.meta.url));

describe('distributed runs survive their faults: dead and stalled workers, a restarted Redis', function () {
  this.timeout(60000);
  let dir: string;
  let input: string;
  let want: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-faults-'));
    input = join(dir, 'reads.fa');
    writeFileSync(input, readFileSync(fasta));
    want = (await cli(['kmers', '-k', '13', input])).out;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('with a plain redis-server', () => {
    let redis: TestRedis;
    beforeEach(async () => (redis = await startRedis()));
    afterEach(async () => redis?.stop());

    it('a worker SIGKILLed mid-part: another takes its part over, the result is exact, nothing is left in Redis', async () => {
      expect((await cli(['submit', '--redis', redis.url, '--queue', 'kill', '--parts', '3', '--kmers', '13', input])).code).to.equal(0);
      const doomed = startWorker(redis.url, ['--allow', dir], { STREAMTOOLZ_WORKER_HOOK: 'pause-after-take' });
      await doomed.waitFor(/paused after taking part \d/);
      doomed.proc.kill('SIGKILL');
      expect(await doomed.exited).to.equal('SIGKILL');
      const rescuer = startWorker(redis.url, ['--allow', dir, '--exit-when-drained']);
      expect(await rescuer.exited, rescuer.err).to.equal(0);
      expect(rescuer.err).to.match(/stopped: 3 parts done, 0 failed/);
      const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'kill']);
      expect(reduced.code, reduced.err).to.equal(0);
      expect(reduced.out).to.equal(want);
      expect(await leftovers(redis.url)).to.deep.equal({ keys: [], jobs: 0 });
    });

    it('a worker stalled past its lock: another completes its part, the late completion is refused, the result is exact', async () => {
      expect((await cli(['submit', '--redis', redis.url, '--queue', 'stall', '--parts', '3', '--kmers', '13', input])).code).to.equal(0);
      const go = join(dir, 'resume');
      const stalled = startWorker(redis.url, ['--allow', dir, '--exit-when-drained'], { STREAMTOOLZ_WORKER_HOOK: `stall-after-take:${go}` });
      await stalled.waitFor(/stalled after taking part \d/);
      const rescuer = startWorker(redis.url, ['--allow', dir, '--exit-when-drained']);
      expect(await rescuer.exited, rescuer.err).to.equal(0);
      expect(rescuer.err).to.match(/stopped: 3 parts done, 0 failed/);
      writeFileSync(go, '');
      expect(await stalled.exited, stalled.err).to.equal(0);
      expect(stalled.err).to.match(/part \d of stall-[0-9a-f]+: lost its lock \(another worker took it over\); dropped/);
      expect(stalled.err).to.match(/stopped: 0 parts done, 0 failed, 1 lost to another worker/);
      const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'stall']);
      expect(reduced.out).to.equal(want);
      expect(await leftovers(redis.url)).to.deep.equal({ keys: [], jobs: 0 });
    });
  });

  it('redis-server killed and restarted (append-only file) mid-run: the run resumes, the result is exact', async () => {
    const redis = await startRedis({ durable: true });
    try {
      expect((await cli(['submit', '--redis', redis.url, '--queue', 'aof', '--parts', '3', '--kmers', '13', input])).code).to.equal(0);
      const worker = startWorker(redis.url, ['--allow', dir, '--exit-when-drained', '--lock', '10000'], { STREAMTOOLZ_WORKER_HOOK: 'pause-after-take' });
      await worker.waitFor(/paused after taking part \d/);
      await redis.kill();
      await redis.restart();
      // The hook pauses after each part it takes: let each of the three go on.
      for (let i = 1; i <= 3; i++) {
        await worker.waitFor(new RegExp(`(paused after taking part \\d[\\s\\S]*){${i}}`));
        worker.proc.kill('SIGUSR2');
      }
      expect(await worker.exited, worker.err).to.equal(0);
      expect(worker.err).to.match(/stopped: 3 parts done, 0 failed/);
      const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'aof']);
      expect(reduced.out).to.equal(want);
    } finally {
      await redis.stop();
    }
  });
});
