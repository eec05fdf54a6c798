/**
 * `streamtoolz submit --redis URL [--queue NAME] [--jobs N] [--reconnect MS] (--kmers K [--canonical] | --pca) INPUT`
 *
 * The producer of a distributed run: cuts one file into record-aligned byte ranges and
 * queues one job per range on the run's Redis stream (once: submitting again is a no-op).
 * `streamtoolz worker` processes them; `streamtoolz reduce` merges the results.
 */
import { open } from 'node:fs/promises';
import { submitFile, type RunSpec } from '../../lib/distributed/queue.js';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { toInputError } from '../../lib/io/input-error.js';
import { firstSignificantByte } from '../../lib/io/sniff.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';

const help = `Usage: streamtoolz submit --redis URL [--queue NAME] [--jobs N] [--reconnect MS] (--kmers K [--canonical] | --pca) INPUT

Queues a distributed run on Redis: INPUT (a file that every worker sees at the same path,
not gzip-compressed) is cut into N byte ranges of whole records, one job each. Submitting
the same run again adds nothing. Then start 'streamtoolz worker' on any number of machines
and collect the result with 'streamtoolz reduce'.

Options:
  --redis URL     redis[s]://[[user][:password]@]host[:port][/db] (required)
  --queue NAME    the run's name (default: streamtoolz)
  --jobs N        byte ranges to cut INPUT in (default 16)
  --reconnect MS  when the connection to Redis is lost, try again for MS, then fail
                  (default 10000)
  --kmers K       count k-mers (1 to 31) of FASTA, FASTQ or one-sequence-per-line INPUT
  --canonical     with --kmers: count a k-mer with its reverse complement
  --pca           fold numeric CSV rows into an exact PCA state
  -h, --help      show this help
`;

/** FASTA, FASTQ or lines, from the first byte that is not blank (as the kmers command does). */
async function sniffFormat(path: string): Promise<'fasta' | 'fastq' | 'lines'> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      head = (await fh.read({ buffer: Buffer.alloc(4096), position: 0 })).buffer;
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw toInputError(err, path);
  }
  const c = firstSignificantByte(head);
  return c === 0x3e ? 'fasta' : c === 0x40 ? 'fastq' : 'lines';
}

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    jobs: { type: 'string' },
    kmers: { type: 'string' },
    canonical: { type: 'boolean' },
    pca: { type: 'boolean' },
    reconnect: { type: 'string' },
  });
  if (values.redis === undefined) throw new UsageError('--redis URL is required');
  const k = intOption(values.kmers, '--kmers', 1, 31);
  if ((k === undefined) === (values.pca !== true)) throw new UsageError('give one of --kmers K and --pca');
  if (values.canonical === true && k === undefined) throw new UsageError('--canonical goes with --kmers');
  if (positionals.length !== 1) throw new UsageError('exactly one INPUT file is required');
  const path = positionals[0]!;
  const jobs = intOption(values.jobs, '--jobs', 1) ?? 16;
  const queue = values.queue ?? 'streamtoolz';
  const spec: RunSpec = k === undefined ? { kind: 'pca' } : { kind: 'kmers', k, canonical: values.canonical === true, format: await sniffFormat(path) };
  const reconnectMs = intOption(values.reconnect, '--reconnect', 0);
  const redis = await RedisLink.connect(values.redis, { reconnectMs });
  try {
    const done = await submitFile(redis, path, spec, { queue, ranges: jobs });
    io.stderr.write(`submit: ${queue}: ${done.jobs} job${done.jobs === 1 ? '' : 's'} ${done.submitted ? 'queued' : 'were queued already'}\n`);
  } finally {
    redis.close();
  }
}

/**
 * The `submit` command.
 *
 * @example
 * ```sh
 * streamtoolz submit --redis redis://10.0.0.5:6379 --queue reads --jobs 64 --kmers 21 --canonical /shared/reads.fa
 * ```
 */
export const submitCommand: Command = { name: 'submit', summary: 'queue a distributed k-mer or PCA run on Redis', help, run };
