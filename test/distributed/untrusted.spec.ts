import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlowProducer, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { runId, type Manifest } from '../../lib/distributed/manifest.js';
import { PARTS_QUEUE, partId, RUNS_QUEUE } from '../../lib/distributed/names.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';
import { cli, startWorker } from '../helpers/distributed.js';

const SHA = 'a'.repeat(64);

describe('distributed workers trust nothing they read from Redis', function () {
  this.timeout(60000);
  let redis: TestRedis;
  let dir: string;
  let outside: string;
  let conn: Redis;
  before(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-untrusted-'));
    outside = mkdtempSync(join(tmpdir(), 'streamtoolz-outside-'));
    conn = new Redis(redis.url, { maxRetriesPerRequest: null });
  });
  after(async () => {
    conn?.disconnect();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  /** A run written by hand, as anyone who can write to Redis could: a parent and one child per entry of `children`. */
  async function handRun(manifest: Manifest, children: Record<string, unknown>[], id = runId(manifest)): Promise<string> {
    const flow = new FlowProducer({ connection: conn });
    try {
      await flow.add({
        name: 'hand',
        queueName: RUNS_QUEUE,
        data: manifest,
        opts: { jobId: id },
        children: children.map((data, i) => ({
          name: 'hand',
          queueName: PARTS_QUEUE,
          data: { run: id, ...data },
          opts: { jobId: partId(id, (data.index as number) ?? i), failParentOnFailure: true, attempts: 3 },
        })),
      });
    } finally {
      await flow.close();
    }
    return id;
  }

  const piece = (path: string, size: number, over: Record<string, unknown> = {}) => ({
    piece: { path, start: 0, end: size, size, headerEnd: 0, ...over },
    check: { size, mtimeMs: 0, sha256: SHA },
  });
  const kmers = { kind: 'kmers' as const, k: 5, canonical: false, format: 'fasta' as const };

  it('fails each malformed part alone, with its reason, once, and goes on to finish a good run', async () => {
    const good = join(dir, 'good.fa');
    writeFileSync(good, '>r\nACGTACGTTGCA\n');
    const secret = join(outside, 'secret.fa');
    writeFileSync(secret, '>s\nAC\n', { mode: 0o600 });
    const fifo = join(dir, 'fifo.fa');
    execFileSync('mkfifo', [fifo]);
    const runs: Record<string, string> = {};
    runs.notJson = await handRun({ name: 'bad', spec: kmers, parts: [piece(good, 16)] }, [{ index: 0 }]);
    await conn.hset(`bull:${PARTS_QUEUE}:${partId(runs.notJson, 0)}`, 'data', '{not json');
    runs.kZero = await handRun({ name: 'bad', spec: { ...kmers, k: 0 }, parts: [piece(good, 16)] }, [{ index: 0 }]);
    runs.noRange = await handRun({ name: 'bad', spec: kmers, parts: [piece(good, 13, { start: undefined })] } as never, [{ index: 0 }]);
    runs.outOfRange = await handRun({ name: 'bad', spec: kmers, parts: [piece(good, 16)] }, [{ index: 7 }]);
    runs.outside = await handRun({ name: 'bad', spec: kmers, parts: [piece(secret, 6)] }, [{ index: 0 }]);
    runs.fifo = await handRun({ name: 'bad', spec: kmers, parts: [piece(fifo, 0)] }, [{ index: 0 }]);
    runs.device = await handRun({ name: 'bad', spec: kmers, parts: [piece('/dev/zero', 1 << 30)] }, [{ index: 0 }]);
    runs.module = await handRun({ name: 'bad', spec: { kind: 'job', module: { name: 'evil.mjs', sha256: SHA } }, parts: [piece(good, 16)] }, [{ index: 0 }]);
    runs.forged = await handRun({ name: 'bad', spec: kmers, parts: [piece(good, 16)] }, [{ index: 0 }], 'bad-0123456789abcdef');
    runs.bytes = await handRun({ name: 'bytes', spec: kmers, parts: [piece(good, 16)] }, [{ index: 0 }]);
    // A job of no run at all.
    const loose = new Queue(PARTS_QUEUE, { connection: conn });
    await loose.add('loose', { run: 'bad-0123456789abcdef', index: 0 }, { jobId: 'loose' });
    await loose.close();
    expect((await cli(['submit', '--redis', redis.url, '--queue', 'good', '--kmers', '5', good])).code).to.equal(0);

    const w = startWorker(redis.url, ['--allow', dir, '--allow', '/dev', '--exit-when-drained']);
    expect(await w.exited, w.err).to.equal(0);
    const reasons: Record<string, RegExp> = {
      notJson: /its data is not JSON/,
      kZero: /k must be an integer from 1 to 31, got 0/,
      noRange: /part 0: no range/,
      outOfRange: /part index 7 is out of range: run bad-[0-9a-f]+ has 1 parts/,
      outside: /secret\.fa: is outside the directories this worker may read/,
      fifo: /fifo\.fa: is a FIFO, not a regular file/,
      device: /\/dev\/zero: is a device, not a regular file/,
      module: /runs the job module evil\.mjs \(sha256 aaaaaaaaaaaa\.\.\.\), which this worker was not started with/,
      forged: /the manifest of run bad-0123456789abcdef does not match its id/,
      bytes: /good\.fa: bytes 0-16 are not those submitted/,
    };
    // Read as fields: the job whose data is not JSON cannot be read as a BullMQ Job.
    const failed = async (id: string): Promise<{ reason: string | null; attempts: string | null }> => {
      const [reason, attempts] = await conn.hmget(`bull:${PARTS_QUEUE}:${id}`, 'failedReason', 'atm');
      return { reason: reason ?? null, attempts: attempts ?? null };
    };
    for (const [name, why] of Object.entries(reasons)) {
      const got = await failed(partId(runs[name]!, name === 'outOfRange' ? 7 : 0));
      expect(got.reason, name).to.match(why);
      expect(got.attempts, `${name}: failed once, not retried`).to.equal('1');
    }
    expect((await failed('loose')).reason).to.match(/job loose is not part 0 of a submitted run/);
    // The run never hangs: its reduce fails with the part's reason.
    const bad = await cli(['reduce', '--redis', redis.url, '--run', runs.outside!, '--timeout', '5000']);
    expect(bad.code).to.equal(1);
    expect(bad.err).to.match(/run bad-[0-9a-f]+ failed: part 0: \/.*\/secret\.fa: is outside the directories/);
    const ok = await cli(['reduce', '--redis', redis.url, '--queue', 'good']);
    expect(ok.out).to.equal((await cli(['kmers', '-k', '5', good])).out);
    expect(w.err).to.match(/stopped: 1 parts done, 11 failed/);
  });

  /** Submits a 2-part k-mer run of `name`, changes the file with `change`, and returns what reduce says. */
  async function changedAfterSubmit(name: string, change: (file: string) => void): Promise<{ code: number; out: string; err: string }> {
    const file = join(dir, `${name}.fa`);
    writeFileSync(file, '>a\nACGTACGTAC\n>b\nGGGGCCCCAA\n');
    expect((await cli(['submit', '--redis', redis.url, '--queue', name, '--parts', '2', '--kmers', '4', file])).code).to.equal(0);
    change(file);
    const w = startWorker(redis.url, ['--allow', dir, '--exit-when-drained']);
    expect(await w.exited, w.err).to.equal(0);
    return cli(['reduce', '--redis', redis.url, '--queue', name, '--timeout', '5000']);
  }

  it('refuses a file that changed between submit and the workers: an error, never a mixed count', async () => {
    const reduced = await changedAfterSubmit('changing', (file) => appendFileSync(file, '>c\nTTTT\n'));
    expect(reduced.code).to.equal(1);
    expect(reduced.out).to.equal('');
    expect(reduced.err, reduced.err).to.match(
      /changing\.fa: has 36 bytes, 28 when the run was submitted: the file changed since, or this machine has another file at this path\n$/,
    );
  });

  it('refuses a file rewritten in place, to the same size, after submit', async () => {
    const reduced = await changedAfterSubmit('rewritten', (file) => writeFileSync(file, '>a\nACGTACGTAC\n>b\nTTTTCCCCAA\n'));
    expect(reduced.code).to.equal(1);
    expect(reduced.err, reduced.err).to.match(
      /rewritten\.fa: bytes \d+-28 are not those submitted.*: the file changed since, or this machine has another file at this path\n$/,
    );
  });

  it('refuses to run a job module whose file changed after the worker started', async () => {
    // Inside the repository, so that its `import 'streamtoolz'` resolves.
    const module = fileURLToPath(new URL('../fixtures/job/changing-job.tmp.mjs', import.meta.url));
    const source = readFileSync(fileURLToPath(new URL('../fixtures/job/count-status.mjs', import.meta.url)), 'utf8');
    const logs = fileURLToPath(new URL('../fixtures/job/logs.ndjson', import.meta.url));
    writeFileSync(module, source);
    try {
      expect((await cli(['submit', '--redis', redis.url, '--queue', 'modjob', '--parts', '2', '--job', module, logs])).code).to.equal(0);
      const w = startWorker(redis.url, ['--job', module, '--allow', dirname(logs)], { STREAMTOOLZ_WORKER_HOOK: 'pause-after-take' });
      await w.waitFor(/paused after taking part \d/);
      writeFileSync(module, source.replace('>= 500', '>= 400'));
      w.proc.kill('SIGUSR2');
      const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'modjob', '--job', module, '--timeout', '20000']);
      // Paused on its next part (the hook keeps it waiting): end it.
      w.proc.kill('SIGKILL');
      await w.exited;
      expect(reduced.code, `${reduced.err}\n${w.err}`).to.equal(1);
      expect(reduced.err).to.match(/changing-job\.tmp\.mjs: changed since the worker started \(its SHA-256 differs\): restart the worker\n$/);
    } finally {
      rmSync(module, { force: true });
    }
  });
});
