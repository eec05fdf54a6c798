/**
 * The `streamtoolz` command line, callable in-process (tests) as `runCli(argv, io)`: it
 * resolves to the exit code. 0 success, 1 a data, input or output error (one line naming
 * the input and line, or the output), 2 a usage error, 130 or 143 when SIGINT or SIGTERM
 * stopped it (`io.signal` aborted with an {@link Interrupted} reason).
 */
import { readFileSync } from 'node:fs';
import { describe } from '../lib/core/errors.js';
import { escapeControl } from '../lib/util/quote-data.js';
import { redactCredentials } from '../lib/io/redact.js';
import { UsageError, type CliIO, type Command } from './command.js';
import { commands as registry, type LazyCommand } from './commands/index.js';
import { exitCodeOf, interruptMessage } from './interrupt.js';
import { outputError } from './output-error.js';
import { CommandStats } from './stats.js';

/** What `runCli` takes: commands, or registry entries whose module loads when they run. */
export type CommandEntry = Command | LazyCommand;

/** The command of an entry, its module loaded first when it is a lazy one. */
const loaded = async (entry: CommandEntry): Promise<Command> => ('load' in entry ? entry.load() : entry);

/** The package version, from the nearest package.json above this file (src or dist). */
const version = (): string => {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'streamtoolz') return pkg.version;
    } catch {
      // not here: go up
    }
  }
  return 'unknown';
};

/** The top-level help. */
export function mainHelp(commands: readonly Pick<Command, 'name' | 'summary'>[] = registry): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return [
    'streamtoolz: big data on a little laptop, with Node streams.',
    '',
    'Usage: streamtoolz <command> [options] INPUT...',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'INPUT is a path, a glob, an http(s):// URL, or - for stdin; gzip is detected by content.',
    'Results go to stdout; progress and summaries to stderr.',
    'Exit codes: 0 success, 1 bad data, input or output, 2 bad usage, 130 SIGINT, 143 SIGTERM.',
    'Any command takes --stats: on stderr, a table of its phases (items, bytes, time), then wall',
    'time, CPU time and peak RSS; and for the commands that run pipes (pca), items, bytes and',
    'time per stage of each pipe.',
    '',
    "Run 'streamtoolz <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO, commands: readonly CommandEntry[] = registry): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const entry = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    const topic = entry === undefined ? undefined : await loaded(entry);
    (name === undefined ? io.stderr : io.stdout).write(topic ? topic.help : mainHelp(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr.write(`streamtoolz: unknown command '${name}'\n\n${mainHelp(commands)}`);
    return 2;
  }
  const command = await loaded(entry);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return 0;
  }
  // --stats, on any command: its phases and totals, and the per-stage table of every pipe it runs.
  const stats = rest.includes('--stats') ? new CommandStats(name) : undefined;
  // Loaded only for --stats: the pipe machinery costs ~3 MB of RSS that kmers and assemble,
  // which do not use pipe(), need not pay (measured with /usr/bin/time on the built CLI).
  let scoped = <T>(fn: () => T): T => fn();
  if (stats !== undefined) {
    const [{ withPipeDefaults }, { formatStats }] = await Promise.all([import('../lib/core/pipe-defaults.js'), import('../lib/core/stats.js')]);
    scoped = (fn) => withPipeDefaults({ stats: (report) => void io.stderr.write(formatStats(report)) }, fn);
  }
  // A failing stdout (ENOSPC, a closed pipe) stops the command as a signal does.
  const stop = new AbortController();
  const signal = AbortSignal.any([io.signal, stop.signal]);
  const onOutputError = (err: Error): void => stop.abort((err as { code?: unknown }).code === 'EPIPE' ? err : outputError('stdout', err));
  // (A stand-in stdout with no events, as some tests pass, has no error to report.)
  const events = typeof (io.stdout as Partial<NodeJS.EventEmitter>).on === 'function' ? io.stdout : undefined;
  events?.on('error', onOutputError);
  try {
    await scoped(() => command.run(stats ? rest.filter((a) => a !== '--stats') : rest, { ...io, signal, stats }));
    if (stats !== undefined) io.stderr.write(stats.format());
    return 0;
  } catch (err) {
    // By name too: a command module loaded with import() may see another copy of
    // command.js than this file does (a test runner's CommonJS loader beside ESM).
    if (err instanceof UsageError || (err instanceof Error && err.name === 'UsageError')) {
      io.stderr.write(`streamtoolz ${name}: ${err.message}\n\n${command.help}`);
      return 2;
    }
    const failure = signal.aborted ? signal.reason : err;
    if ((failure as { code?: string } | null | undefined)?.code === 'EPIPE') return 0; // `| head` closed stdout: not an error
    if (io.signal.aborted) {
      io.stderr.write(`streamtoolz ${name}: ${interruptMessage(io.signal.reason)}\n`);
      return exitCodeOf(io.signal.reason);
    }
    io.stderr.write(`streamtoolz ${name}: ${errorLine(failure)}\n`);
    if (process.env.STREAMTOOLZ_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    if (stats !== undefined) io.stderr.write(stats.format());
    return 1;
  } finally {
    events?.off('error', onOutputError);
  }
}

/**
 * The one line that tells the user what failed: the message on one line, credentials in
 * URLs hidden, control characters (from file names, from data) escaped.
 *
 * @example
 * ```ts
 * errorLine(new Error('https://u:p@h/x line 2: bad\n\x1b[31m')); // 'https://***@h/x line 2: bad \\x1b[31m'
 * ```
 */
export function errorLine(err: unknown): string {
  return escapeControl(redactCredentials(describe(err)));
}
