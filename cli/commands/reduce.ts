/**
 * `streamtoolz reduce --redis URL [--queue NAME] [--components N] [--timeout MS] [--reconnect MS]`
 *
 * The reducer of a distributed run: waits until every job has its partial, merges them, and
 * writes what the one-machine commands write: the very bytes of `kmers -k K [--canonical]`
 * (KMER<TAB>COUNT lines in lexicographic order, the sorted runs k-way merged as they are
 * written), or the exact PCA as JSON.
 */
import { once } from 'node:events';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { reduceRun } from '../../lib/distributed/reduce.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';

const help = `Usage: streamtoolz reduce --redis URL [--queue NAME] [--components N] [--timeout MS] [--reconnect MS]

Waits for every job of a distributed run (see 'streamtoolz submit') to have its result,
merges the results and writes them to stdout: KMER<TAB>COUNT lines in lexicographic order
for a k-mer run, the PCA (equal to scikit-learn's PCA) as JSON for a PCA run.

Options:
  --redis URL       redis[s]://[[user][:password]@]host[:port][/db] (required)
  --queue NAME      the run's name (default: streamtoolz)
  --components N    PCA components to keep (default 2)
  --timeout MS      fail when results are still missing after MS (default: wait)
  --reconnect MS    when the connection to Redis is lost, try again for MS, then fail
                    (default 10000)
  -h, --help        show this help
`;

async function write(out: NodeJS.WritableStream, chunk: Uint8Array | string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

const plain = (v: unknown): unknown => (v instanceof Float64Array ? [...v] : Array.isArray(v) ? v.map(plain) : v);

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    components: { type: 'string' },
    timeout: { type: 'string' },
    reconnect: { type: 'string' },
  });
  if (values.redis === undefined) throw new UsageError('--redis URL is required');
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const nComponents = intOption(values.components, '--components', 1) ?? 2;
  const timeoutMs = intOption(values.timeout, '--timeout', 0);
  const queue = values.queue ?? 'streamtoolz';
  const reconnectMs = intOption(values.reconnect, '--reconnect', 0);
  const redis = await RedisLink.connect(values.redis, { reconnectMs });
  try {
    const result = await reduceRun(redis, queue, { nComponents, timeoutMs, signal: io.signal });
    if (result.kind === 'kmers') {
      for (const chunk of result.counts.lines(1 << 18)) await write(io.stdout, chunk);
      io.stderr.write(`reduce: ${queue}: ${result.counts.size} distinct, ${result.counts.total} total k-mers\n`);
    } else {
      const entries = Object.entries(result.pca).map(([key, v]) => `  ${JSON.stringify(key)}: ${JSON.stringify(plain(v))}`);
      await write(io.stdout, `{\n${entries.join(',\n')}\n}\n`);
    }
  } finally {
    redis.close();
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
