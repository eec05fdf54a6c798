/**
 * `streamtoolz worker --redis URL [--job FILE]... [--allow DIR]... [--concurrency N] [--lock MS] [--exit-when-drained]`
 *
 * A worker of distributed runs (see `lib/distributed/worker.ts`): BullMQ Workers on the parts
 * queue, the folds in worker threads. It runs only the job modules it is given and reads
 * only regular files under the --allow directories; a malformed part fails alone.
 */
import { existsSync } from 'node:fs';
import { allowRoots } from '../../lib/distributed/checked-file.js';
import { runWorker, type WorkerModule } from '../../lib/distributed/worker.js';
import { loadJob } from '../../lib/job/load-job.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { redisHelp, redisOptions, sessionOf } from './redis-common.js';

const help = `Usage: streamtoolz worker --redis URL [--job FILE]... [--allow DIR]... [--concurrency N] [--lock MS] [--exit-when-drained]

Processes the parts of distributed runs (see 'streamtoolz submit'), as BullMQ workers on
the queue 'streamtoolz-parts', until stopped (SIGINT/SIGTERM). Each part is folded in a
worker thread, so the lock on it is renewed however long it takes; a part whose worker
died or stalled is taken over by another after --lock ms, and the late one's result is
refused. A part that is malformed, names a file outside the --allow directories (or not a
regular file, or bytes other than those submitted), or runs a job module this worker was
not started with, fails alone with its reason; the worker goes on.

Options:
${redisHelp}
  --job FILE            a job module this worker may run (repeatable); matched by file
                        name and content with the one the run was submitted with
  --allow DIR           read input files under DIR only (repeatable; default: the current
                        directory); symbolic links are resolved first
  --concurrency N       parts processed at once, one thread each (default 1)
  --lock MS             a part's lock lasts MS without renewal (default 30000)
  --exit-when-drained   exit once no part is waiting or active
  -h, --help            show this help
`;

/**
 * Test hooks, run after a part is taken (the tests kill or stall the worker there):
 * - `pause-after-take`: wait for SIGUSR2, the event loop free (the lock is renewed);
 * - `stall-after-take:FILE`: block the event loop until FILE exists (no lock renewal), as a
 *   worker stuck in synchronous work would.
 */
function testHook(io: CliIO): ((index: number) => Promise<void>) | undefined {
  const hook = process.env.STREAMTOOLZ_WORKER_HOOK ?? '';
  if (hook === 'pause-after-take') {
    // Handled from now on: a SIGUSR2 that comes when no part waits must not end the process.
    process.on('SIGUSR2', () => {});
    return async (index) => {
      // A signal listener does not keep the process alive: a timer does, until the signal comes.
      const keepAlive = setInterval(() => {}, 1 << 30);
      const resumed = new Promise((resolve) => process.once('SIGUSR2', resolve));
      io.stderr.write(`worker: paused after taking part ${index}\n`);
      await resumed;
      clearInterval(keepAlive);
    };
  }
  if (hook.startsWith('stall-after-take:')) {
    const until = hook.slice('stall-after-take:'.length);
    let once = false;
    return async (index) => {
      if (once) return;
      once = true;
      io.stderr.write(`worker: stalled after taking part ${index}\n`);
      const nap = new Int32Array(new SharedArrayBuffer(4));
      while (!existsSync(until)) Atomics.wait(nap, 0, 0, 20);
    };
  }
  return undefined;
}

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...redisOptions,
    job: { type: 'string', multiple: true },
    allow: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    lock: { type: 'string' },
    stalled: { type: 'string' },
    'exit-when-drained': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const concurrency = intOption(values.concurrency, '--concurrency', 1, 256) ?? 1;
  const lockDurationMs = intOption(values.lock, '--lock', 100) ?? 30000;
  const stalledIntervalMs = intOption(values.stalled, '--stalled', 50) ?? lockDurationMs;
  const modules: WorkerModule[] = [];
  for (const file of values.job ?? []) {
    const { url, name, sha256 } = await loadJob(file);
    modules.push({ url, name, sha256 });
  }
  const allow = await allowRoots(values.allow ?? ['.']);
  const session = await sessionOf(values, 'streamtoolz worker');
  const log = (line: string): void => void io.stderr.write(`worker: ${line}\n`);
  try {
    log(`started: ${modules.length} job module${modules.length === 1 ? '' : 's'}, reading under ${allow.join(', ')}, concurrency ${concurrency}`);
    await runWorker(session, {
      modules,
      allow,
      concurrency,
      lockDurationMs,
      stalledIntervalMs,
      exitWhenDrained: values['exit-when-drained'] === true,
      signal: io.signal,
      log,
      afterTake: testHook(io),
    });
  } finally {
    await session.close();
  }
}

/**
 * The `worker` command.
 *
 * @example
 * ```sh
 * streamtoolz worker --redis redis://10.0.0.5:6379 --job jobs/count-status.js --allow /shared/logs --concurrency 8
 * ```
 */
export const workerCommand: Command = { name: 'worker', summary: 'process the parts of distributed runs from Redis (BullMQ)', help, run };
