import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pendingJobs, submitFile } from '../../lib/distributed/queue.js';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { reduceRun } from '../../lib/distributed/reduce.js';
import { runWorker } from '../../lib/distributed/worker.js';
import { workerCommand } from '../../cli/commands/worker.js';
import { runCli } from '../../cli/run.js';
import { countKmersParallel, pcaParallel } from '../../lib/parallel/parallel-passes.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';

const fasta = fileURLToPath(new URL('../fixtures/distributed/reads.fa', import.meta.url));
const csv = fileURLToPath(new URL('../fixtures/distributed/rows.csv', import.meta.url));
const runner = fileURLToPath(new URL('../fixtures/distributed/run-worker.ts', import.meta.url));
const RANGES = 4;

interface Worker {
  child: ChildProcess;
  stderr: string;
  /** Resolves when stderr has a line matching `re`. */
  line(re: RegExp): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

interface WorkerOpts {
  /** Test hook after a job is read: wait for SIGUSR2 (heartbeat on), or block the event loop until a file exists. */
  hook?: 'pause' | { stallUntil: string };
  claimIdle?: number;
  reconnect?: number;
}

function worker(url: string, name: string, queues: string[], opts: WorkerOpts = {}): Worker {
  const args = [
    '--import',
    'tsx',
    runner,
    '--redis',
    url,
    '--name',
    name,
    '--claim-idle',
    String(opts.claimIdle ?? 400),
    ...queues.flatMap((q) => ['--queue', q]),
  ];
  if (opts.reconnect !== undefined) args.push('--reconnect', String(opts.reconnect));
  const hook = opts.hook === undefined ? '' : opts.hook === 'pause' ? 'pause-after-read' : `stall-after-read:${opts.hook.stallUntil}`;
  const env = { ...process.env, STREAMTOOLZ_WORKER_HOOK: hook };
  // cwd: the repository, where `--import tsx` resolves.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env, cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  children.push(child);
  const w: Worker = {
    child,
    stderr: '',
    line: (re) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = w.stderr.split('\n').find((l) => re.test(l));
          if (hit !== undefined) resolve(hit);
          return hit !== undefined;
        };
        if (check()) return;
        child.stderr!.on('data', () => check());
        child.once('exit', () => check() || reject(new Error(`worker ${name} exited without ${re}: ${w.stderr}`)));
      }),
    exit: once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null })),
  };
  child.stderr!.on('data', (d: Buffer) => (w.stderr += d.toString()));
  return w;
}

/** Submits a k-mer run and a PCA run under `prefix`; returns their queue names. */
async function submitBoth(client: RedisLink, prefix: string): Promise<[string, string]> {
  await submitFile(client, fasta, { kind: 'kmers', k: 9, canonical: false, format: 'fasta' }, { queue: `${prefix}-kmers`, ranges: RANGES });
  await submitFile(client, csv, { kind: 'pca' }, { queue: `${prefix}-pca`, ranges: RANGES });
  return [`${prefix}-kmers`, `${prefix}-pca`];
}

/** The reduced results equal the one-process passes over the same ranges, exactly; nothing pending. */
async function expectExact(client: RedisLink, [kq, pq]: [string, string]): Promise<void> {
  const kmers = await reduceRun(client, kq, { timeoutMs: 20000 });
  const want = await countKmersParallel(fasta, { k: 9, format: 'fasta', threads: 1, ranges: RANGES });
  if (kmers.kind !== 'kmers') expect.fail('not a k-mer result');
  expect(kmers.counts.total).to.equal(want.total).and.to.be.above(10000);
  expect([...kmers.counts]).to.deep.equal([...want]);
  const pca = await reduceRun(client, pq, { nComponents: 2, timeoutMs: 20000 });
  expect(pca.kind === 'pca' && pca.pca).to.deep.equal(await pcaParallel(csv, { nComponents: 2, threads: 1, ranges: RANGES }));
  expect(await pendingJobs(client, kq)).to.equal(0);
  expect(await pendingJobs(client, pq)).to.equal(0);
}

describe('streamtoolz worker (processes on one Redis)', function () {
  this.timeout(60000);
  let redis: TestRedis;
  let client: RedisLink;
  let dir: string;
  beforeEach(async () => {
    redis = await startRedis({ durable: true });
    client = await RedisLink.connect(redis.url);
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-worker-'));
  });
  afterEach(async () => {
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGKILL');
    await Promise.all(running.map((c) => once(c, 'exit')));
    client.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    // No stray process: every worker and the server are gone (kill(pid, 0) probes).
    for (const pid of [...children.splice(0).map((c) => c.pid), redis.process.pid]) expect(() => process.kill(pid!, 0), `pid ${pid}`).to.throw(/ESRCH/);
    expect(
      running.map((c) => c.pid),
      'workers still running after the test',
    ).to.deep.equal([]);
  });

  it('a worker killed after reading a job: another claims it, and the results are exact', async () => {
    const queues = await submitBoth(client, 'kill');
    // Paused with the event loop free: their heartbeats keep the jobs until they die.
    const victims = queues.map((q, i) => worker(redis.url, `victim${i}`, [q], { hook: 'pause' }));
    await Promise.all(victims.map((v) => v.line(/paused after reading job/)));
    for (const v of victims) v.child.kill('SIGKILL');
    expect((await victims[0]!.exit).signal).to.equal('SIGKILL');
    expect((await victims[1]!.exit).signal).to.equal('SIGKILL');
    expect(await pendingJobs(client, queues[0])).to.equal(1); // the dead worker's job
    const rescuer = worker(redis.url, 'rescuer', queues);
    expect((await rescuer.exit).code, rescuer.stderr).to.equal(0);
    expect(rescuer.stderr).to.match(/claimed job \d+ \(idle over 400 ms elsewhere\)/);
    expect(rescuer.stderr).to.include(`kill-kmers done: ${RANGES} stored, 0 duplicates dropped`);
    expect(rescuer.stderr).to.include(`kill-pca done: ${RANGES} stored, 0 duplicates dropped`);
    await expectExact(client, queues);
  });

  it('a worker stalled past the idle timeout finishes a job another finished: its duplicate is dropped', async () => {
    const queues = await submitBoth(client, 'slow');
    // Stuck in synchronous work: no heartbeat, so the job goes idle and another worker takes it.
    const go = join(dir, 'go');
    const slow = queues.map((q, i) => worker(redis.url, `slow${i}`, [q], { hook: { stallUntil: go } }));
    await Promise.all(slow.map((v) => v.line(/stalled after reading job/)));
    const fast = worker(redis.url, 'fast', queues);
    expect((await fast.exit).code, fast.stderr).to.equal(0);
    expect(fast.stderr.match(/claimed job \d+/g)).to.have.length(2);
    writeFileSync(go, ''); // unstall: each finishes its job late
    for (const s of slow) {
      expect((await s.exit).code, s.stderr).to.equal(0);
      expect(s.stderr).to.match(/: duplicate, dropped\n/);
      expect(s.stderr).to.match(/done: 0 stored, 1 duplicate dropped/);
    }
    await expectExact(client, queues);
  });

  it('Redis stopped in the middle: the worker fails with one line, and resumes its pending job when run again', async () => {
    const queues = await submitBoth(client, 'crash');
    const first = worker(redis.url, 'w1', queues, { hook: 'pause', claimIdle: 60000, reconnect: 300 });
    const paused = await first.line(/paused after reading job/);
    const job = Number(/job (\d+)/.exec(paused)![1]);
    client.close();
    await redis.kill();
    first.child.kill('SIGUSR2');
    const { code } = await first.exit;
    expect(code).to.equal(1);
    const lines = first.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).to.match(
      new RegExp(
        `^streamtoolz worker: ${redis.url}: storing the result of job ${job} of queue 'crash-kmers': connection lost \\(.+\\), not back within 300 ms$`,
      ),
    );

    await redis.restart();
    client = await RedisLink.connect(redis.url);
    expect(await pendingJobs(client, queues[0])).to.equal(1); // kept by the append-only file
    const again = worker(redis.url, 'w1', queues, { claimIdle: 60000 });
    expect((await again.exit).code, again.stderr).to.equal(0);
    // Its own pending job first (no idle timeout to wait for: it is this worker's own).
    expect(again.stderr.split('\n')[0]).to.match(new RegExp(`^worker w1: job ${job} \\(.*\\): stored$`));
    await expectExact(client, queues);
  });

  it('Redis restarted within the reconnect budget: the worker carries on, and the results are exact', async () => {
    const queues = await submitBoth(client, 'blip');
    const w = await RedisLink.connect(redis.url, { reconnectMs: 20000 });
    let blips = 0;
    // The server crashes and comes back while the worker holds its first job.
    const afterRead = async (): Promise<void> => {
      if (blips++ > 0) return;
      await redis.kill();
      await redis.restart();
    };
    const reports = [];
    try {
      for (const queue of queues) reports.push(await runWorker(w, { queue, consumer: 'w', claimIdleMs: 60000, afterRead }));
      expect(w.connections).to.equal(2);
    } finally {
      w.close();
    }
    expect(reports).to.deep.equal([
      { stored: RANGES, duplicates: 0 },
      { stored: RANGES, duplicates: 0 },
    ]);
    await expectExact(client, queues);
  });
});

describe('streamtoolz worker (command line)', () => {
  async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const sink = { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream;
    const code = await runCli(
      ['worker', ...argv],
      { stdout: sink, stderr: sink, stdin: process.stdin, stderrIsTTY: false, signal: new AbortController().signal },
      [workerCommand],
    );
    return { code, stderr };
  }

  it('exits 2 on bad usage', async () => {
    expect(await cli([]))
      .to.include({ code: 2 })
      .and.to.have.property('stderr')
      .that.match(/^streamtoolz worker: --redis URL is required\n/);
    expect((await cli(['--redis', 'redis://x', '--claim-idle', 'soon'])).stderr).to.match(
      /^streamtoolz worker: --claim-idle must be an integer >= 0, got 'soon'\n/,
    );
  });

  it('exits 1 with one line when Redis is not there', async () => {
    expect(await cli(['--redis', 'redis://127.0.0.1:1'])).to.deep.equal({
      code: 1,
      stderr: 'streamtoolz worker: redis://127.0.0.1:1: connecting: connection refused (is redis-server running?)\n',
    });
  });
});
