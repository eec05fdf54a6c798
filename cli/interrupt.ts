/**
 * SIGINT and SIGTERM, as the command line obeys them: the signal aborts the command's
 * `AbortSignal` with an {@link Interrupted} reason, the command stops (output loops check
 * the signal), its partial output files are removed, and the process exits with 128 + the
 * signal's number, as a shell reports a process killed by it: 130 for SIGINT, 143 for SIGTERM.
 */
/** The signals the command line stops on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * The abort reason for a signal: an `AbortError` (as `signal.throwIfAborted()` throws it)
 * that says which signal it was.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => controller.abort(new Interrupted('SIGTERM')));
 * ```
 */
export class Interrupted extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORT_ERR';
  readonly signal: StopSignal;

  constructor(signal: StopSignal) {
    super(signal === 'SIGINT' ? 'interrupted (SIGINT)' : 'terminated (SIGTERM)');
    this.signal = signal;
  }
}

/**
 * The exit code for a command stopped by `reason` (an abort signal's reason): 128 + the
 * signal number; 130 (as for SIGINT) when no signal is named.
 *
 * @example
 * ```ts
 * exitCodeOf(new Interrupted('SIGTERM')); // 143
 * ```
 */
export function exitCodeOf(reason: unknown): number {
  const signal = (reason as { signal?: unknown } | null)?.signal;
  // POSIX numbers (SIGINT 2, SIGTERM 15): node:os is not loaded for two constants.
  return 128 + (signal === 'SIGTERM' ? 15 : 2);
}

/**
 * What the user is told: `interrupted (SIGINT)` or `terminated (SIGTERM)`.
 *
 * @example
 * ```ts
 * interruptMessage(new Interrupted('SIGINT')); // 'interrupted (SIGINT)'
 * ```
 */
export function interruptMessage(reason: unknown): string {
  const signal = (reason as { signal?: unknown } | null)?.signal;
  return signal === 'SIGTERM' ? 'terminated (SIGTERM)' : signal === 'SIGINT' ? 'interrupted (SIGINT)' : 'interrupted';
}
