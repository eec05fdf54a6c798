/**
 * Options that every `pipe()` inside a call starts from: how the command line's `--stats`
 * reaches the pipes a command runs. Scoped with AsyncLocalStorage to the function given and
 * what it awaits, never process-wide, so that two commands (or two requests of a server) in
 * one process do not see each other's defaults.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipeOptions } from './types.js';

const store = new AsyncLocalStorage<PipeOptions>();

/** The defaults in force here (empty outside {@link withPipeDefaults}). */
export function pipeDefaults(): PipeOptions {
  return store.getStore() ?? {};
}

/**
 * Runs `fn` with `options` as the defaults of every `pipe()` it starts, directly or in what
 * it awaits; options given to a `pipe()` call win. Nested calls merge.
 *
 * @example
 * ```ts
 * await withPipeDefaults({ stats: (s) => process.stderr.write(formatStats(s)) }, () => runCommand(argv));
 * ```
 */
export function withPipeDefaults<T>(options: PipeOptions, fn: () => T): T {
  return store.run({ ...pipeDefaults(), ...options }, fn);
}
