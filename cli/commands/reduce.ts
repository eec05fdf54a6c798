/**
 * `streamtoolz reduce --redis URL [--queue NAME | --run ID] [--components N] [--job FILE] [--timeout MS] [--keep]`
 *
 * The reducer of a distributed run: waits until every part is done, merges the partials and
 * writes what the one-machine commands write (the very bytes of `kmers -k K [--canonical]`,
 * the exact PCA as JSON, a job's result as JSON), then removes the run from Redis.
 */
import { loadJob } from '../../lib/job/load-job.js';
import { aggregatorOf } from '../../lib/job/mergeable.js';
import { resultToJSON } from '../../lib/job/job-json.js';
import { awaitRun, findRun, kmerCountsOf, mergePartials, pcaOf, removeRun } from '../../lib/distributed/reduce.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { redisHelp, redisOptions, sameModule, sessionOf, write } from './redis-common.js';

const help = `Usage: streamtoolz reduce --redis URL [--queue NAME | --run ID] [--components N] [--job FILE] [--timeout MS] [--keep]

Waits until every part of a distributed run (see 'streamtoolz submit') is done, merges
the parts' results and writes them to stdout: KMER<TAB>COUNT lines in lexicographic order
for a k-mer run (the bytes 'streamtoolz kmers' writes), the PCA (equal to scikit-learn's
PCA) as JSON for a PCA run, the job's result as JSON for a job run. Then the run's jobs
and partial results are removed from Redis. A part that failed fails the reduce, with its
reason.

Options:
${redisHelp}
  --queue NAME      the run last submitted under NAME (default: streamtoolz)
  --run ID          the run with this id (as submit printed it)
  --components N    PCA components to keep (default 2)
  --job FILE        for a job run: its job module (the one it was submitted with)
  --timeout MS      fail when parts are still not done after MS (default: wait)
  --keep            leave the run in Redis
  -h, --help        show this help
`;

const plain = (v: unknown): unknown => (v instanceof Float64Array ? [...v] : Array.isArray(v) ? v.map(plain) : v);

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...redisOptions,
    queue: { type: 'string' },
    run: { type: 'string' },
    components: { type: 'string' },
    job: { type: 'string' },
    timeout: { type: 'string' },
    keep: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.queue !== undefined && values.run !== undefined) throw new UsageError('give --queue NAME or --run ID, not both');
  const nComponents = intOption(values.components, '--components', 1) ?? 2;
  const timeoutMs = intOption(values.timeout, '--timeout', 0);
  const loaded = values.job === undefined ? undefined : await loadJob(values.job);
  const session = await sessionOf(values, 'streamtoolz reduce');
  try {
    const id = await findRun(session, values.run ?? values.queue ?? 'streamtoolz');
    const done = await awaitRun(session, id, { timeoutMs, signal: io.signal });
    const { spec } = done.manifest;
    if (spec.kind === 'kmers') {
      const counts = await kmerCountsOf(done);
      for (const chunk of counts.lines(1 << 18)) await write(io.stdout, chunk);
      io.stderr.write(`reduce: ${id}: ${counts.size} distinct, ${counts.total} total k-mers\n`);
    } else if (spec.kind === 'pca') {
      const pca = await pcaOf(done, nComponents);
      const entries = Object.entries(pca).map(([key, v]) => `  ${JSON.stringify(key)}: ${JSON.stringify(plain(v))}`);
      await write(io.stdout, `{\n${entries.join(',\n')}\n}\n`);
    } else {
      const { job } = sameModule(done.manifest, loaded, id);
      const agg = aggregatorOf(job.sink());
      await write(io.stdout, resultToJSON(agg.result(await mergePartials(done, agg))));
    }
    if (values.keep !== true) await removeRun(session, id, done.manifest.parts.length);
  } finally {
    await session.close();
  }
}

/**
 * The `reduce` command.
 *
 * @example
 * ```sh
 * streamtoolz reduce --redis redis://10.0.0.5:6379 --queue reads > counts.tsv
 * ```
 */
export const reduceCommand: Command = { name: 'reduce', summary: 'merge the results of a distributed run from Redis', help, run };
