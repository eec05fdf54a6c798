/**
 * `streamtoolz status --redis URL`: the progress of the distributed runs in Redis.
 */
import { formatStatus, runStatus } from '../../lib/distributed/status.js';
import { parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { redisHelp, redisOptions, sessionOf } from './redis-common.js';

const help = `Usage: streamtoolz status --redis URL

Prints one line per distributed run waiting in Redis: parts done of total, bytes done, the
rate since it was submitted and the time left at that rate (ETA). The runs are the jobs of
the BullMQ queue 'streamtoolz-runs' and their parts those of 'streamtoolz-parts', which a
BullMQ dashboard shows too.

Options:
${redisHelp}
  -h, --help        show this help
`;

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { ...redisOptions });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const session = await sessionOf(values, 'streamtoolz status');
  try {
    const runs = await runStatus(session);
    io.stdout.write(runs.length === 0 ? 'no runs\n' : runs.map((s) => `${formatStatus(s)}\n`).join(''));
  } finally {
    await session.close();
  }
}

/**
 * The `status` command.
 *
 * @example
 * ```sh
 * streamtoolz status --redis redis://10.0.0.5:6379
 * ```
 */
export const statusCommand: Command = { name: 'status', summary: 'progress of the distributed runs in Redis (done, rate, ETA)', help, run };
