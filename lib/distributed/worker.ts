/**
 * A worker of a distributed run: a member of the run's consumer group that takes one job
 * at a time, folds its byte range (the same code as a pool thread), and stores the encoded
 * partial with the {@link STORE} script. Where a job comes from, in order:
 * 1. this consumer's own pending entries (a worker restarted under the same name, e.g.
 *    after Redis went away, finishes what it had taken);
 * 2. entries idle longer than `claimIdleMs` in another consumer's hands (XAUTOCLAIM: that
 *    worker died, or is slow; if it finishes after all, STORE drops its duplicate);
 * 3. new entries (XREADGROUP `>`, blocking up to `blockMs`).
 * It returns when every job of the run has a stored partial (checked before each wait).
 */
import { AbortError } from '../errors.js';
import { countKmersInRange, pcaStateOfRange } from '../parallel/range-jobs.js';
import { validateInteger, validateString } from '../validate.js';
import { GROUP, readRun, runKeys, type QueuedJob } from './queue.js';
import type { RespReply } from './resp-parser.js';
import type { RespClient } from './resp.js';
import { runScript, STORE } from './scripts.js';

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  queue: string;
  /** This worker's consumer name: unique per worker, stable across its restarts. */
  consumer: string;
  /** A job pending this long (ms) in another worker's hands is taken over. Default 30000. */
  claimIdleMs?: number | undefined;
  /** How long (ms) one read waits for a new job. Default: claimIdleMs, within 10 to 1000. */
  blockMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Progress lines (one per job). */
  log?: ((line: string) => void) | undefined;
  /** Test hook: awaited after a job is read and before it is processed. */
  afterRead?: ((job: QueuedJob) => Promise<void>) | undefined;
}

/** What a worker did. */
export interface WorkerReport {
  /** Jobs whose partial this worker stored. */
  stored: number;
  /** Jobs this worker finished after another had stored them (dropped). */
  duplicates: number;
}

type Entry = { id: string; job: QueuedJob };

/** The first entry of an XREADGROUP/XAUTOCLAIM entry list, if any (deleted entries are nil). */
function firstEntry(entries: RespReply): Entry | undefined {
  for (const e of (entries as [Buffer, (Buffer[] | null)][] | null) ?? []) {
    const fields = e[1];
    if (fields === null) continue;
    const at = fields.findIndex((f, i) => i % 2 === 0 && f.toString() === 'job');
    if (at >= 0) return { id: e[0].toString(), job: JSON.parse(fields[at + 1]!.toString('utf8')) as QueuedJob };
  }
  return undefined;
}

const delay = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Processes jobs of run `queue` until all have results.
 *
 * @example
 * ```ts
 * const redis = await RespClient.connect('redis://10.0.0.5:6379');
 * const report = await runWorker(redis, { queue: 'reads', consumer: os.hostname() });
 * await redis.quit();
 * ```
 */
export async function runWorker(client: RespClient, options: WorkerOptions): Promise<WorkerReport> {
  const { queue, consumer, signal, log, afterRead } = options;
  validateString(queue, 'queue');
  validateString(consumer, 'consumer');
  const claimIdleMs = options.claimIdleMs ?? 30000;
  // No use waiting for new jobs longer than it takes a stalled one to become claimable.
  const blockMs = options.blockMs ?? Math.min(1000, Math.max(10, claimIdleMs));
  validateInteger(claimIdleMs, 'claimIdleMs', 0);
  validateInteger(blockMs, 'blockMs', 1);
  const keys = runKeys(queue);
  const report: WorkerReport = { stored: 0, duplicates: 0 };
  const aborted = (): void => {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  };

  let run = await readRun(client, queue);
  while (run === undefined) {
    aborted();
    await delay(blockMs, signal); // the producer has not submitted yet
    run = await readRun(client, queue);
  }
  let ownPending = true;
  let cursor = '0-0';
  for (;;) {
    aborted();
    let entry: Entry | undefined;
    if (ownPending) {
      const r = (await client.command('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', 1, 'STREAMS', keys.jobs, '0')) as [Buffer, RespReply][] | null;
      entry = firstEntry(r?.[0]?.[1] ?? null);
      ownPending = entry !== undefined;
    }
    if (entry === undefined) {
      const [next, entries] = (await client.command('XAUTOCLAIM', keys.jobs, GROUP, consumer, claimIdleMs, cursor, 'COUNT', 1)) as [Buffer, RespReply];
      cursor = next.toString();
      entry = firstEntry(entries);
      if (entry !== undefined) log?.(`claimed job ${entry.job.range.index} (idle over ${claimIdleMs} ms elsewhere)`);
    }
    if (entry === undefined) {
      if (((await client.command('HLEN', keys.results)) as number) >= run.jobs) return report;
      const r = (await client.command('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', 1, 'BLOCK', blockMs, 'STREAMS', keys.jobs, '>')) as [Buffer, RespReply][] | null;
      entry = firstEntry(r?.[0]?.[1] ?? null);
      if (entry === undefined) continue;
    }
    const { job } = entry;
    await afterRead?.(job);
    aborted();
    const partial = job.kind === 'pca' ? await pcaStateOfRange(job) : await countKmersInRange(job);
    const stored = (await runScript(client, STORE, [keys.results, keys.jobs], [GROUP, entry.id, job.range.index, partial])) === 1;
    if (stored) report.stored++;
    else report.duplicates++;
    log?.(`job ${job.range.index} (${job.range.path} bytes ${job.range.start}-${job.range.end}): ${stored ? 'stored' : 'duplicate, dropped'}`);
  }
}
