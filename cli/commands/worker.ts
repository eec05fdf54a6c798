/**
 * `streamtoolz worker --redis URL [--queue NAME]... [--name CONSUMER] [--claim-idle MS] [--reconnect MS]`
 *
 * One worker of a distributed run (see `lib/distributed/`): takes jobs from the run's Redis
 * stream as a consumer-group member, stores each job's encoded partial once, and exits when
 * every job has its partial. Start as many as you like, on any machine that sees the input
 * files at the same paths. If Redis goes away for longer than --reconnect, the worker exits
 * with a one-line error (exit 1); started again under the same --name it first finishes the
 * jobs it had taken.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { runWorker } from '../../lib/distributed/worker.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';

const help = `Usage: streamtoolz worker --redis URL [--queue NAME]... [--name CONSUMER] [--claim-idle MS] [--reconnect MS]

Processes the jobs of a distributed k-mer or PCA run queued on a Redis stream, as a member
of the run's consumer group, until every job has its result. Each job's partial result is
stored once (a job finished twice is dropped the second time) and acknowledged in the same
atomic step. While a worker works on a job it says so to Redis every --claim-idle/3 ms; a
job whose worker stopped saying so (it died, or hung) is taken over after --claim-idle ms.

Options:
  --redis URL         redis[s]://[[user][:password]@]host[:port][/db] (required)
  --queue NAME        the run's name (default: streamtoolz); repeat it to serve several
                      runs, one after the other
  --name CONSUMER     this worker's consumer name, unique per worker and the same when it
                      is restarted (default: HOST-PID)
  --claim-idle MS     take over a job whose worker has not been heard of for MS
                      (default 30000; keep it well above the longest pause of a job's
                      event loop: about 0.2 s for k-mers, whatever the range)
  --reconnect MS      when the connection to Redis is lost, try again for MS, then fail
                      (default 10000)
  -h, --help          show this help
`;

/**
 * Test hooks, run after a job is read (the tests kill or stall the worker there):
 * - `pause-after-read`: wait for SIGUSR2, the event loop free (the heartbeat goes on);
 * - `stall-after-read:FILE`: block the event loop until FILE exists (no heartbeat), as a
 *   worker stuck in synchronous work would.
 */
function testHook(io: CliIO, name: string): ((job: { range: { index: number } }) => Promise<void>) | undefined {
  const hook = process.env.STREAMTOOLZ_WORKER_HOOK ?? '';
  if (hook === 'pause-after-read') {
    return async (job) => {
      // A signal listener does not keep the process alive: a timer does, until the signal comes.
      const keepAlive = setInterval(() => {}, 1 << 30);
      const resumed = new Promise((resolve) => process.once('SIGUSR2', resolve));
      io.stderr.write(`worker ${name}: paused after reading job ${job.range.index}\n`);
      await resumed;
      clearInterval(keepAlive);
    };
  }
  if (hook.startsWith('stall-after-read:')) {
    const until = hook.slice('stall-after-read:'.length);
    return async (job) => {
      io.stderr.write(`worker ${name}: stalled after reading job ${job.range.index}\n`);
      const nap = new Int32Array(new SharedArrayBuffer(4));
      while (!existsSync(until)) Atomics.wait(nap, 0, 0, 20);
    };
  }
  return undefined;
}

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    redis: { type: 'string' },
    queue: { type: 'string', multiple: true },
    name: { type: 'string' },
    'claim-idle': { type: 'string' },
    reconnect: { type: 'string' },
  });
  if (values.redis === undefined) throw new UsageError('--redis URL is required');
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const claimIdleMs = intOption(values['claim-idle'], '--claim-idle', 0);
  const queues = values.queue ?? ['streamtoolz'];
  const name = values.name ?? `${hostname()}-${process.pid}`;
  if (queues.includes('') || name === '') throw new UsageError('--queue and --name must not be empty');
  const reconnectMs = intOption(values.reconnect, '--reconnect', 0);
  const redis = await RedisLink.connect(values.redis, { reconnectMs });
  try {
    const log = (line: string): void => void io.stderr.write(`worker ${name}: ${line}\n`);
    // Queues one after the other: a worker finishes a run before it helps with the next.
    for (const queue of queues) {
      const report = await runWorker(redis, { queue, consumer: name, claimIdleMs, signal: io.signal, log, afterRead: testHook(io, name) });
      log(`${queue} done: ${report.stored} stored, ${report.duplicates} duplicate${report.duplicates === 1 ? '' : 's'} dropped`);
    }
  } finally {
    redis.close();
  }
}

/**
 * The `worker` command.
 *
 * @example
 * ```sh
 * streamtoolz worker --redis redis://10.0.0.5:6379 --queue reads --name node7
 * ```
 */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'process jobs of a distributed run from a Redis stream',
  help,
  run,
};
