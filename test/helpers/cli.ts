/** Runs one `streamtoolz` command in-process, as the CLI specs do, capturing its output. */
import { PassThrough, Readable } from 'node:stream';
import type { Command } from '../../cli/command.js';
import { runCli } from '../../cli/run.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `streamtoolz <command.name> ...argv` with `stdin`, resolving to the exit code and output. */
export function runCommand(command: Command, argv: string[], stdin: Readable = Readable.from([])): Promise<CliRun> {
  return runArgv([command.name, ...argv], [command], stdin);
}

/** `streamtoolz ...argv` with the given commands and `stdin`, resolving to the exit code and output. */
export async function runArgv(argv: string[], commands: readonly Command[], stdin: Readable = Readable.from([])): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(argv, { stdout, stderr, stdin, stderrIsTTY: false, signal: new AbortController().signal }, commands);
  return { code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
}
