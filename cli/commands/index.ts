/**
 * The registry of `streamtoolz` subcommands, in the order `--help` lists them. Each entry
 * names its command and says what it does, and loads the command's module only when the
 * command runs (or its help is asked for): a command pulls in its kernels, the input layer
 * and the plots, and loading all three commands' modules took ~55 ms of CPU and 13 MB of
 * RSS on every start. The summaries are the command modules' own; a test checks that they
 * still agree.
 */
import type { Command } from '../command.js';

/** A command known by name and summary, whose module is loaded when it is needed. */
export interface LazyCommand {
  readonly name: string;
  readonly summary: string;
  /** Imports the command's module (once: modules are cached) and returns the command. */
  load(): Promise<Command>;
}

/**
 * The commands, as `runCli` takes them by default.
 *
 * @example
 * ```ts
 * const kmers = await commands.find((c) => c.name === 'kmers')!.load();
 * process.stdout.write(kmers.help);
 * ```
 */
export const commands: readonly LazyCommand[] = [
  {
    name: 'kmers',
    summary: 'count k-mers of FASTA/FASTQ/sequence files (KMER<TAB>COUNT)',
    load: async () => (await import('./kmers.js')).kmersCommand,
  },
  {
    name: 'pca',
    summary: 'incremental PCA of numeric CSV rows (model as JSON, projections, scatter plot)',
    load: async () => (await import('./pca.js')).pcaCommand,
  },
  {
    name: 'assemble',
    summary: 'De Bruijn assembly of reads: FASTA of the Eulerian path or the contigs',
    load: async () => (await import('./assemble.js')).assembleCommand,
  },
  {
    name: 'run',
    summary: 'run a job module (defineJob) on one core, N threads or Redis workers',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'submit',
    summary: 'submit a distributed run (k-mers, PCA or a job) to Redis',
    load: async () => (await import('./submit.js')).submitCommand,
  },
  {
    name: 'worker',
    summary: 'process the parts of distributed runs from Redis (BullMQ)',
    load: async () => (await import('./worker.js')).workerCommand,
  },
  {
    name: 'reduce',
    summary: 'merge the results of a distributed run from Redis',
    load: async () => (await import('./reduce.js')).reduceCommand,
  },
  {
    name: 'status',
    summary: 'progress of the distributed runs in Redis (done, rate, ETA)',
    load: async () => (await import('./status.js')).statusCommand,
  },
];
