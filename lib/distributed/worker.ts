/**
 * A worker of distributed runs: BullMQ Workers on the parts queue. For each part it checks
 * the job against its run's manifest, then folds the part in a pool thread (`part-thread.ts`)
 * while the event loop stays free for BullMQ's lock renewal, stores the partial under its
 * deterministic key (only while it still holds the part's lock: a worker that stalled past
 * its lock writes nothing), and completes the job with the key. BullMQ does the rest: a
 * part whose worker died or stalled goes back to the queue (stalled-job check) and its late
 * completion is refused (the lock token); a part that fails for a passing reason is retried.
 *
 * A malformed job fails alone, at once, with a clear reason, and the worker goes on: data
 * that is not JSON, a part of no submitted run, an index out of range, a run whose manifest
 * is broken or changed, a job module this worker was not started with, a file outside its
 * `--allow` roots, not a regular file, or not the bytes submitted.
 */
import { AbortError } from '../core/errors.js';
import { resolveWorkerFile, WorkerPool } from '../parallel/pool.js';
import { checkManifest, checkPartData, MalformedJob, type Manifest } from './manifest.js';
import { lockKey, PARTS_QUEUE, partId, partialKey } from './names.js';
import type { PartTask } from './part-thread.js';
import type { Session } from './session.js';

/** A job module this worker may run: its URL, file name and content hash. */
export interface WorkerModule {
  url: string;
  name: string;
  sha256: string;
}

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Job modules this worker runs (matched by name and SHA-256); built-in k-mer and PCA runs need none. */
  modules: readonly WorkerModule[];
  /** Real paths of the directories it may read under. */
  allow: readonly string[];
  /** Parts processed at once (pool threads). Default 1. */
  concurrency?: number | undefined;
  /** How long a part's lock lasts without renewal (ms); BullMQ renews it every half. Default 30000. */
  lockDurationMs?: number | undefined;
  /** How often to look for parts whose worker died or stalled (ms). Default: lockDurationMs. */
  stalledIntervalMs?: number | undefined;
  /** Return once no part is waiting, active or delayed. Default false: run until aborted. */
  exitWhenDrained?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** One line per part done, failed or lost. */
  log?: ((line: string) => void) | undefined;
  /** Test hook: awaited after a part is taken and checked, before it is folded. */
  afterTake?: ((index: number) => Promise<void>) | undefined;
}

/** What a worker did. */
export interface WorkerReport {
  done: number;
  failed: number;
  /** Parts this worker finished after losing their lock (another took them over): dropped. */
  lost: number;
}

/** Stores `bytes` under the partial key only while `token` holds the part's lock. */
const STORE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 end return 0`;

const THREAD = new URL('./part-thread.js', import.meta.url);

/** Is this error about the data (the same every time), not about the moment? */
const dataError = (err: unknown): boolean => {
  const code = String((err as { code?: unknown })?.code ?? '');
  return (
    err instanceof MalformedJob ||
    code.startsWith('ERR_STREAMTOOLZ') ||
    code === 'ERR_INVALID_ARG_VALUE' ||
    /^(InputError|RecordError|StageError|TypeError|RangeError)$/.test((err as Error)?.name ?? '')
  );
};

/**
 * Processes parts until aborted (or drained, with `exitWhenDrained`).
 *
 * @example
 * ```ts
 * const session = await openSession('redis://10.0.0.5:6379');
 * await runWorker(session, { modules: [], allow: ['/data'], concurrency: 2, signal });
 * ```
 */
export async function runWorker(session: Session, options: RunWorkerOptions): Promise<WorkerReport> {
  const { bullmq } = session;
  const concurrency = options.concurrency ?? 1;
  const lockDuration = options.lockDurationMs ?? 30000;
  const log = options.log ?? (() => {});
  const report: WorkerReport = { done: 0, failed: 0, lost: 0 };
  const manifests = new Map<string, Promise<Manifest>>();
  let pool = new WorkerPool(resolveWorkerFile(THREAD), { threads: concurrency, exportName: 'part' });

  const manifestOf = (run: string): Promise<Manifest> => {
    let m = manifests.get(run);
    if (m === undefined) {
      m = session
        .runs()
        .getJob(run)
        .then(
          (parent) => {
            if (parent === undefined) throw new MalformedJob(`run ${run} does not exist (was it reduced or removed?)`);
            return checkManifest(parent.data, run);
          },
          (err: unknown) => {
            throw err instanceof SyntaxError ? new MalformedJob(`run ${run}: its manifest is not JSON`) : err;
          },
        );
      m.catch(() => manifests.delete(run));
      manifests.set(run, m);
    }
    return m;
  };

  const processPart = async (job: import('bullmq').Job, token?: string): Promise<unknown> => {
    try {
      const malformed = (job.data as { [kMalformed]?: string })?.[kMalformed];
      if (malformed !== undefined) throw new MalformedJob(malformed);
      const { run, index } = checkPartData(job.data);
      if (job.parent?.id !== run || job.id !== partId(run, index)) throw new MalformedJob(`job ${job.id} is not part ${index} of a submitted run ${run}`);
      const manifest = await manifestOf(run);
      const part = manifest.parts[index];
      if (part === undefined) throw new MalformedJob(`part index ${index} is out of range: run ${run} has ${manifest.parts.length} parts`);
      const { spec } = manifest;
      let moduleUrl: string | undefined;
      if (spec.kind === 'job') {
        const m = options.modules.find((x) => x.name === spec.module.name && x.sha256 === spec.module.sha256);
        if (m === undefined) {
          throw new MalformedJob(
            `run ${run} runs the job module ${spec.module.name} (sha256 ${spec.module.sha256.slice(0, 12)}...), which this worker was not started with (--job)`,
          );
        }
        moduleUrl = m.url;
      }
      await options.afterTake?.(index);
      let bytes: Uint8Array;
      try {
        bytes = (await pool.run({ spec, moduleUrl, part, allow: [...options.allow] } satisfies PartTask, index)) as Uint8Array;
      } catch (err) {
        // A thread that died takes the pool with it: start a new one for the next part.
        if (!dataError(err)) {
          const old = pool;
          pool = new WorkerPool(resolveWorkerFile(THREAD), { threads: concurrency, exportName: 'part' });
          void old.close();
        }
        throw err;
      }
      const key = partialKey(run, index);
      const stored =
        (await session.redis.eval(STORE, 2, lockKey(job.id!), key, token ?? '', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) === 1;
      if (!stored) {
        report.lost++;
        log(`part ${index} of ${run}: lost its lock (another worker took it over); dropped`);
        throw new Error(`part ${index} of ${run}: lost its lock; another worker has it`);
      }
      return { index, key, bytes: bytes.length };
    } catch (err) {
      if (dataError(err)) throw new bullmq.UnrecoverableError(session.target.redact((err as Error).message));
      throw err;
    }
  };

  const worker = new (malformedTolerant(bullmq))(PARTS_QUEUE, processPart, {
    connection: session.connection(),
    concurrency,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? lockDuration,
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on('error', (err) => log(`error: ${session.target.redact(err.message)}`));
  worker.on('completed', (job) => {
    report.done++;
    log(`part ${(job.data as { index?: unknown }).index} of ${(job.data as { run?: unknown }).run}: done`);
  });
  worker.on('failed', (job, err) => {
    if (job === undefined) return;
    if (job.finishedOn !== undefined || err instanceof bullmq.UnrecoverableError) report.failed++;
    log(`job ${job.id}: failed: ${session.target.redact(err.message)}`);
  });
  const stop = (): void => void worker.close(true);
  options.signal?.addEventListener('abort', stop, { once: true });
  let drained: NodeJS.Timeout | undefined;
  try {
    if (options.exitWhenDrained === true) {
      const parts = session.parts();
      let idle = 0;
      drained = setInterval(() => {
        void parts.getJobCounts('waiting', 'active', 'delayed', 'prioritized').then(
          (counts) => {
            const busy = Object.values(counts).reduce((a, b) => a + b, 0);
            idle = busy === 0 ? idle + 1 : 0;
            if (idle >= 2) void worker.close();
          },
          () => (idle = 0),
        );
      }, 250);
    }
    await worker.run();
    if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
    return report;
  } finally {
    clearInterval(drained);
    options.signal?.removeEventListener('abort', stop);
    await worker.close(true).catch(() => {});
    await pool.close();
    log(`stopped: ${report.done} parts done, ${report.failed} failed, ${report.lost} lost to another worker`);
  }
}

/** Marks job data that could not be parsed; the processor fails such a job with this reason. */
const kMalformed = '$streamtoolzMalformed';

/**
 * BullMQ's Worker, except that a job whose data is not JSON becomes a job whose
 * data says so, instead of an error in BullMQ's fetch loop that leaves the job to stall
 * until it is given up on (a poison pill that takes minutes to clear).
 */
function malformedTolerant(bullmq: typeof import('bullmq')): typeof import('bullmq').Worker {
  return class extends bullmq.Worker {
    protected override createJob(data: import('bullmq').JobJson, jobId: string): import('bullmq').Job {
      // The data field comes from Redis as a string, parsed here by BullMQ.
      const fixed = { ...data };
      try {
        JSON.parse(typeof fixed.data === 'string' && fixed.data !== '' ? fixed.data : '{}');
      } catch {
        fixed.data = JSON.stringify({ [kMalformed]: `job ${jobId}: its data is not JSON` });
      }
      return super.createJob(fixed, jobId);
    }
  } as typeof import('bullmq').Worker;
}
