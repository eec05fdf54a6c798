/**
 * `streamtoolz submit --redis URL [--queue NAME] [--parts N] (--kmers K [--canonical] | --pca | --job FILE) INPUT...`
 *
 * Submits a distributed run as a BullMQ flow: the inputs are cut into pieces of whole
 * records, one part job each, under one parent job (see `lib/distributed/`). `streamtoolz
 * worker` processes the parts; `streamtoolz reduce` merges them.
 */
import { open } from 'node:fs/promises';
import type { RunSpec } from '../../lib/distributed/manifest.js';
import { submitRun } from '../../lib/distributed/submit.js';
import { toInputError } from '../../lib/io/input-error.js';
import { firstSignificantByte } from '../../lib/io/sniff.js';
import { loadJob } from '../../lib/job/load-job.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { redisHelp, redisOptions, sessionOf } from './redis-common.js';

const help = `Usage: streamtoolz submit --redis URL [--queue NAME] [--parts N] (--kmers K [--canonical] | --pca | --job FILE) INPUT...

Submits a distributed run to Redis as a BullMQ flow: INPUT files (which every worker sees at
the same path; gzip files are one part each) are cut into about N parts of whole records,
and each part's bytes are hashed, so that a worker refuses a file that changed since. The
same run submitted again adds nothing; other inputs make another run. Then start
'streamtoolz worker' on any number of machines, and 'streamtoolz reduce' for the result.

Options:
${redisHelp}
  --queue NAME      the run's name (default: streamtoolz)
  --parts N         parts to cut the inputs in, in all (default 16)
  --kmers K         count k-mers (1 to 31) of FASTA, FASTQ or one-sequence-per-line INPUT
  --canonical       with --kmers: count a k-mer with its reverse complement
  --pca             fold numeric CSV rows into an exact PCA state
  --job FILE        run a job module (defineJob); workers need the same FILE (--job)
  -h, --help        show this help
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
    ...redisOptions,
    queue: { type: 'string' },
    parts: { type: 'string' },
    jobs: { type: 'string' },
    kmers: { type: 'string' },
    canonical: { type: 'boolean' },
    pca: { type: 'boolean' },
    job: { type: 'string' },
  });
  const k = intOption(values.kmers, '--kmers', 1, 31);
  if ([k !== undefined, values.pca === true, values.job !== undefined].filter(Boolean).length !== 1)
    throw new UsageError('give one of --kmers K, --pca and --job FILE');
  if (values.canonical === true && k === undefined) throw new UsageError('--canonical goes with --kmers');
  if (positionals.length === 0) throw new UsageError('at least one INPUT file is required');
  const parts = intOption(values.parts ?? values.jobs, '--parts', 1, 100_000) ?? 16;
  const name = values.queue ?? 'streamtoolz';
  const loaded = values.job === undefined ? undefined : await loadJob(values.job);
  const spec: RunSpec =
    loaded !== undefined
      ? { kind: 'job', module: { name: loaded.name, sha256: loaded.sha256 } }
      : k === undefined
        ? { kind: 'pca' }
        : { kind: 'kmers', k, canonical: values.canonical === true, format: await sniffFormat(positionals[0]!) };
  const session = await sessionOf(values, 'streamtoolz submit');
  try {
    const done = await submitRun(session, spec, positionals, { name, parts, job: loaded?.job });
    io.stderr.write(`submit: ${name}: run ${done.run}, ${done.parts} part${done.parts === 1 ? '' : 's'} ${done.added ? 'queued' : 'were queued already'}\n`);
  } finally {
    await session.close();
  }
}

/**
 * The `submit` command.
 *
 * @example
 * ```sh
 * streamtoolz submit --redis redis://10.0.0.5:6379 --queue reads --parts 64 --kmers 21 --canonical /shared/reads.fa
 * ```
 */
export const submitCommand: Command = { name: 'submit', summary: 'submit a distributed run (k-mers, PCA or a job) to Redis', help, run };
