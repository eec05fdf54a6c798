/**
 * What every `streamtoolz` command is: a name, a one-line summary, a help text, and a `run`
 * that throws {@link UsageError} for bad usage (exit 2) and a `StreamtoolzError` for bad
 * data (exit 1). One file per command in `cli/commands/`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandStats } from './stats.js';

/** The process's streams, given to commands so that tests can run them in-process. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** True when stderr is a terminal: progress bars are drawn only then (or with --progress). */
  stderrIsTTY: boolean;
  /**
   * Aborted on SIGINT/SIGTERM (the reason an `Interrupted`) or when stdout fails: commands
   * pass it to `pipe()` and their readers, and their output loops check it.
   */
  signal: AbortSignal;
  /** With `--stats`: where the command reports its phases. */
  stats?: CommandStats | undefined;
}

/** A subcommand of `streamtoolz`. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], io: CliIO): Promise<void>;
}

/**
 * Bad command-line usage: the CLI prints the message and the command's help, exit code 2.
 *
 * @example
 * ```ts
 * if (k === undefined) throw new UsageError('-k is required');
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `node:util` `parseArgs` in strict mode, its errors turned into {@link UsageError}.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandArgs(argv, { k: { type: 'string', short: 'k' } });
 * ```
 */
type Parsed<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/**
 * An integer option value, or a UsageError naming the option.
 *
 * @example
 * ```ts
 * const k = intOption(values.k, '-k', 1, 31);
 * ```
 */
export function intOption(value: string | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`${flag} must be ${range}, got '${value}'`);
  }
  return n;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A size in bytes (`65536`, `64K`, `64M`, `1G`: binary units), or a UsageError naming the option.
 *
 * @example
 * ```ts
 * const max = byteSizeOption(values['max-line-length'], '--max-line-length'); // '256M' -> 268435456
 * ```
 */
export function byteSizeOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
  const n = m === null ? Number.NaN : Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a size in bytes (e.g. 1048576, 64M, 1G), got '${value}'`);
  return n;
}
