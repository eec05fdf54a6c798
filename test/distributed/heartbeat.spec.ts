import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { refreshEntry, startHeartbeat } from '../../lib/distributed/heartbeat.js';
import { GROUP, pendingJobs, runKeys, submitFile, type QueuedJob } from '../../lib/distributed/queue.js';
import { reduceRun } from '../../lib/distributed/reduce.js';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { runWorker } from '../../lib/distributed/worker.js';
import { countKmersParallel } from '../../lib/parallel/parallel-passes.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';

const fasta = fileURLToPath(new URL('../fixtures/distributed/reads.fa', import.meta.url));
const kmerSpec = { kind: 'kmers', k: 7, canonical: false, format: 'fasta' } as const;

/** The pending entries of a run's group: id, consumer, idle ms, deliveries. */
async function pel(redis: RedisLink, queue: string): Promise<{ id: string; owner: string; idle: number; deliveries: number }[]> {
  const rows = await redis.client.xPendingRange(runKeys(queue).jobs, GROUP, '-', '+', 100);
  return rows.map((r) => ({ id: r.id, owner: r.consumer, idle: r.millisecondsSinceLastDelivery, deliveries: r.deliveriesCounter }));
}

/** Reads one new entry of `queue` as `consumer`; its id. */
async function take(redis: RedisLink, queue: string, consumer: string): Promise<string> {
  const r = await redis.client.xReadGroup(GROUP, consumer, { key: runKeys(queue).jobs, id: '>' }, { COUNT: 1 });
  return r![0]!.messages[0]!.id;
}

describe('heartbeat', function () {
  this.timeout(20000);
  let server: TestRedis;
  let redis: RedisLink;
  before(async () => {
    server = await startRedis();
    redis = await RedisLink.connect(server.url);
  });
  after(async () => {
    redis?.close();
    await server?.stop();
  });

  it('zeroes the idle time of an entry this consumer holds, keeping owner and delivery count', async () => {
    await submitFile(redis, fasta, kmerSpec, { queue: 'beat', ranges: 2 });
    const id = await take(redis, 'beat', 'a');
    await sleep(120);
    const before = (await pel(redis, 'beat')).find((e) => e.id === id)!;
    expect(before.idle).to.be.at.least(100);
    const beatAt = Date.now();
    expect(await refreshEntry(redis, { jobs: runKeys('beat').jobs, consumer: 'a', id })).to.equal(true);
    const after = (await pel(redis, 'beat')).find((e) => e.id === id)!;
    expect(after).to.deep.include({ owner: 'a', deliveries: before.deliveries });
    expect(after.idle).to.be.at.most(Date.now() - beatAt + 1); // counted from the beat, not the read
    // Not claimable by an idle time the beat just reset.
    const claimed = await redis.client.xAutoClaim(runKeys('beat').jobs, GROUP, 'b', 100, '0-0');
    expect(claimed.messages).to.deep.equal([]);
  });

  it('does not take back an entry another worker claimed, nor revive an acknowledged one', async () => {
    await submitFile(redis, fasta, kmerSpec, { queue: 'stolen', ranges: 2 });
    const jobs = runKeys('stolen').jobs;
    const id = await take(redis, 'stolen', 'a');
    await redis.client.xClaim(jobs, GROUP, 'b', 0, id);
    expect(await refreshEntry(redis, { jobs, consumer: 'a', id })).to.equal(false);
    expect((await pel(redis, 'stolen')).find((e) => e.id === id)?.owner).to.equal('b');
    await redis.client.xAck(jobs, GROUP, id);
    expect(await refreshEntry(redis, { jobs, consumer: 'b', id })).to.equal(false);
    expect((await pel(redis, 'stolen')).map((e) => e.id)).to.not.include(id);
  });

  it('beats until stopped, and stops by itself when the entry is lost', async () => {
    await submitFile(redis, fasta, kmerSpec, { queue: 'timer', ranges: 2 });
    const jobs = runKeys('timer').jobs;
    const id = await take(redis, 'timer', 'a');
    let lost = 0;
    const beat = startHeartbeat(redis, { jobs, consumer: 'a', id }, 20, () => lost++);
    while (beat.beats < 3) await sleep(10);
    expect(beat.lost).to.equal(false);
    await redis.client.xClaim(jobs, GROUP, 'b', 0, id);
    while (!beat.lost) await sleep(10);
    const beats = beat.beats;
    await sleep(80);
    expect({ lost, beats: beat.beats }).to.deep.equal({ lost: 1, beats });
    beat.stop();
    expect(startHeartbeat(redis, { jobs, consumer: 'a', id }, 0).beats).to.equal(0); // 0: no timer at all
  });

  it('a job slower than the claim idle time, two workers alive: done once, exact, nothing pending', async () => {
    // A beat every 200 ms: a beat may come 400 ms late (a busy machine) before the job is claimable.
    const claimIdleMs = 600;
    await submitFile(redis, fasta, kmerSpec, { queue: 'slowjob', ranges: 3 });
    const runs = new Map<number, number>();
    let slowOne: number | undefined;
    const count = async (job: QueuedJob): Promise<void> => {
      const i = job.range.index;
      runs.set(i, (runs.get(i) ?? 0) + 1);
      // The first job anyone reads takes 3 idle times; the event loop stays free for the heartbeat.
      if (slowOne === undefined || slowOne === i) {
        slowOne = i;
        await sleep(claimIdleMs * 3);
      }
    };
    const other = await RedisLink.connect(server.url);
    let reports: Awaited<ReturnType<typeof runWorker>>[];
    try {
      reports = await Promise.all([
        runWorker(redis, { queue: 'slowjob', consumer: 'a', claimIdleMs, afterRead: count }),
        runWorker(other, { queue: 'slowjob', consumer: 'b', claimIdleMs, afterRead: count }),
      ]);
    } finally {
      other.close();
    }
    expect([...runs.entries()].sort()).to.deep.equal([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(reports.map((r) => r.duplicates)).to.deep.equal([0, 0]);
    expect(reports[0]!.stored + reports[1]!.stored).to.equal(3);
    const result = await reduceRun(redis, 'slowjob');
    const want = await countKmersParallel(fasta, { ...kmerSpec, threads: 1, ranges: 1 });
    expect(result.kind === 'kmers' && [...result.counts]).to.deep.equal([...want]);
    expect(await pendingJobs(redis, 'slowjob')).to.equal(0);
  });
});
