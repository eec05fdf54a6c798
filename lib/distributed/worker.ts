/**
 * A worker of a distributed run: a member of the run's consumer group that takes one job
 * at a time, folds its byte range (the same code as a pool thread: for k-mers the packed
 * sorted runs or direct counts of `kmers --threads`, for PCA the aggregator's state), and
 * stores the partial as one byte string with the {@link STORE} script. Where a job comes from, in order:
 * 1. this consumer's own pending entries (a worker restarted under the same name, e.g.
 *    after Redis went away, finishes what it had taken; and after a reconnect, a job whose
 *    delivery reply was lost with the connection is found here);
 * 2. entries idle longer than `claimIdleMs` in another consumer's hands (XAUTOCLAIM: that
 *    worker died or its event loop stalled; if it finishes after all, STORE drops its
 *    duplicate);
 * 3. new entries (XREADGROUP `>`, blocking up to `blockMs`).
 * While it works on a job, a heartbeat (`heartbeat.ts`) keeps the job's idle time near zero,
 * so a live worker keeps its jobs however long they take. It returns when every job of the
 * run has a stored partial (checked before each wait).
 *
 * One connection serves all of it: the steps are sequential, the blocking read happens
 * only between jobs and the heartbeat only during one, so no command waits behind another.
 */
import { AbortError } from '../core/errors.js';
import { countInputJob } from '../kmer/threads/input-jobs.js';
import { pcaStateOfRange, type KmerJob } from '../parallel/range-jobs.js';
import { validateInteger, validateString } from '../core/validate.js';
import { startHeartbeat } from './heartbeat.js';
import { partialToBytes } from './kmer-partial-bytes.js';
import { GROUP, readRun, runKeys, type QueuedJob } from './queue.js';
import { TRANSFER_TIMEOUT_MS, type RedisLink } from './redis-link.js';
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
  /** Test hook: awaited after a job is read (its heartbeat running) and before it is processed. */
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

/** A stream entry as node-redis gives it (null: deleted from the stream, still pending). */
type StreamMessage = { id: string; message: Record<string, string> } | null;

/** The first entry with a job among XREADGROUP/XAUTOCLAIM messages, if any. */
function firstEntry(messages: readonly StreamMessage[] | undefined): Entry | undefined {
  for (const m of messages ?? []) {
    const job = m?.message.job;
    if (m && job !== undefined) return { id: m.id, job: JSON.parse(job) as QueuedJob };
  }
  return undefined;
}

const delay = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Counts one range's k-mers as a pool thread of `kmers --threads` does (a sorted table for
 * k > 12, a direct one below; errors name the file and the line in the whole file) and
 * resolves with the partial as bytes: packed sorted runs (~5 bytes per distinct k-mer) or
 * the direct table's bytes, which `reduce` merges into lexicographic order as it writes.
 */
async function kmerPartialOfRange(job: KmerJob, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const { range, format } = job;
  const parts = await countInputJob(
    { k: job.k, canonical: job.canonical === true, table: { kind: 'sorted' }, kind: 'range', range, name: range.path, format },
    signal,
  );
  return partialToBytes(parts);
}

/**
 * Processes jobs of run `queue` until all have results.
 *
 * @example
 * ```ts
 * const redis = await RedisLink.connect('redis://10.0.0.5:6379');
 * try {
 *   const report = await runWorker(redis, { queue: 'reads', consumer: os.hostname() });
 * } finally {
 *   redis.close();
 * }
 * ```
 */
export async function runWorker(redis: RedisLink, options: WorkerOptions): Promise<WorkerReport> {
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
  const stream = { key: keys.jobs, id: '>' };
  // A blocking read is answered after up to blockMs: give it that on top of the usual wait.
  const blocking = redis.client.withCommandOptions({ timeout: blockMs + 5000 });

  let run = await readRun(redis, queue);
  while (run === undefined) {
    aborted();
    await delay(blockMs, signal); // the producer has not submitted yet
    run = await readRun(redis, queue);
  }
  let ownPending = true;
  let connections = redis.connections;
  let cursor = '0-0';
  for (;;) {
    aborted();
    // A new connection: a reply lost with the old one may have given this worker a job.
    if (redis.connections !== connections) ownPending = true;
    connections = redis.connections;
    let entry: Entry | undefined;
    if (ownPending) {
      const r = await redis.call(`reading the pending jobs of '${consumer}' in queue '${queue}'`, (c) =>
        c.xReadGroup(GROUP, consumer, { ...stream, id: '0' }, { COUNT: 1 }),
      );
      entry = firstEntry(r?.[0]?.messages as StreamMessage[] | undefined);
      ownPending = entry !== undefined;
    }
    if (entry === undefined) {
      const r = await redis.call(`claiming idle jobs in queue '${queue}'`, (c) => c.xAutoClaim(keys.jobs, GROUP, consumer, claimIdleMs, cursor, { COUNT: 1 }));
      cursor = r.nextId;
      entry = firstEntry(r.messages as StreamMessage[]);
      if (entry !== undefined) log?.(`claimed job ${entry.job.range.index} (idle over ${claimIdleMs} ms elsewhere)`);
    }
    if (entry === undefined) {
      if ((await redis.call(`counting the results of queue '${queue}'`, (c) => c.hLen(keys.results))) >= run.jobs) return report;
      const r = await redis.call(`reading new jobs of queue '${queue}'`, () => blocking.xReadGroup(GROUP, consumer, stream, { COUNT: 1, BLOCK: blockMs }));
      entry = firstEntry(r?.[0]?.messages as StreamMessage[] | undefined);
      if (entry === undefined) continue;
    }
    const { id, job } = entry;
    const index = job.range.index;
    const beat = startHeartbeat(redis, { jobs: keys.jobs, consumer, id }, Math.floor(claimIdleMs / 3), () =>
      log?.(`job ${index}: taken over by another worker (no heartbeat for ${claimIdleMs} ms); finishing it anyway`),
    );
    let partial: Uint8Array;
    try {
      await afterRead?.(job);
      aborted();
      partial = job.kind === 'pca' ? await pcaStateOfRange(job) : await kmerPartialOfRange(job, signal);
    } finally {
      beat.stop();
    }
    // Safe to repeat after a lost reply: a second STORE finds the partial there (a duplicate).
    const transfer = redis.client.withCommandOptions({ timeout: TRANSFER_TIMEOUT_MS });
    const stored =
      (await redis.call(`storing the result of job ${index} of queue '${queue}'`, () =>
        runScript(transfer, STORE, [keys.results, keys.jobs], [GROUP, id, index, partial]),
      )) === 1;
    if (stored) report.stored++;
    else report.duplicates++;
    log?.(`job ${index} (${job.range.path} bytes ${job.range.start}-${job.range.end}): ${stored ? 'stored' : 'duplicate, dropped'}`);
  }
}
