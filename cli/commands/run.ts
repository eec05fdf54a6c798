/**
 * `streamtoolz run JOB INPUT... [--threads N] [--redis URL ...]`: a job module (defineJob) on
 * one core, on N cores, or on the machines of a Redis; the result as JSON on stdout.
 */
import { awaitRun, mergePartials, removeRun } from '../../lib/distributed/reduce.js';
import { submitRun } from '../../lib/distributed/submit.js';
import { resultToJSON } from '../../lib/job/job-json.js';
import { loadJob } from '../../lib/job/load-job.js';
import { aggregatorOf } from '../../lib/job/mergeable.js';
import { runJob } from '../../lib/job/run-job.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { redisHelp, redisOptions, sessionOf, write } from './redis-common.js';

const help = `Usage: streamtoolz run JOB INPUT... [--threads N] [--pieces N]
       streamtoolz run JOB INPUT... --redis URL [--queue NAME] [--parts N] [--timeout MS]

Runs a job module (a file whose default export is defineJob({ source, stages, sink }), the
sink mergeable) on INPUT and prints its result as JSON (a Map as an object). The same
result on one core (the default), on N threads (files cut into pieces of whole records),
and with --redis on every machine running 'streamtoolz worker --redis URL --job JOB'.

Options:
  --threads N       cores to use (default 1)
  --pieces N        with --threads: pieces to cut the files in (default 4 x N)
${redisHelp}
  --queue NAME      with --redis: the run's name (default: streamtoolz)
  --parts N         with --redis: parts to cut the files in (default 16)
  --timeout MS      with --redis: fail when parts are still not done after MS
  -h, --help        show this help
`;

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...redisOptions,
    threads: { type: 'string' },
    pieces: { type: 'string' },
    queue: { type: 'string' },
    parts: { type: 'string' },
    timeout: { type: 'string' },
  });
  const [module, ...inputs] = positionals;
  if (module === undefined) throw new UsageError('a JOB module is required');
  if (inputs.length === 0) throw new UsageError('at least one INPUT is required');
  const threads = intOption(values.threads, '--threads', 1, 1024) ?? 1;
  const pieces = intOption(values.pieces, '--pieces', 1);
  if (values.redis === undefined) {
    for (const flag of ['queue', 'parts', 'timeout', 'redis-ca'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --redis`);
    const result = await runJob(module, inputs, { threads, pieces, signal: io.signal });
    await write(io.stdout, resultToJSON(result));
    return;
  }
  if (values.threads !== undefined || pieces !== undefined)
    throw new UsageError('--threads and --pieces are for one machine: with --redis, start workers with --concurrency');
  const parts = intOption(values.parts, '--parts', 1, 100_000) ?? 16;
  const timeoutMs = intOption(values.timeout, '--timeout', 0);
  const loaded = await loadJob(module);
  const agg = aggregatorOf(loaded.job.sink()); // a sink that cannot merge fails before anything is queued
  const session = await sessionOf(values, 'streamtoolz run');
  try {
    const spec = { kind: 'job' as const, module: { name: loaded.name, sha256: loaded.sha256 } };
    const submitted = await submitRun(session, spec, inputs, { name: values.queue ?? 'streamtoolz', parts, job: loaded.job });
    io.stderr.write(`run: ${submitted.run}: ${submitted.parts} parts ${submitted.added ? 'queued' : 'were queued already'}; waiting for workers\n`);
    const done = await awaitRun(session, submitted.run, { timeoutMs, signal: io.signal });
    await write(io.stdout, resultToJSON(agg.result(await mergePartials(done, agg))));
    await removeRun(session, submitted.run, done.manifest.parts.length);
  } finally {
    await session.close();
  }
}

/**
 * The `run` command.
 *
 * @example
 * ```sh
 * streamtoolz run jobs/count-status.js logs/*.ndjson --threads 8
 * ```
 */
export const runCommand: Command = { name: 'run', summary: 'run a job module (defineJob) on one core, N threads or Redis workers', help, run };
