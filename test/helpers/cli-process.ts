/**
 * The `streamtoolz` command line as a real child process (`node --import tsx cli/main.ts`),
 * for what an in-process run cannot show: signals, stdout on a full device, the exit code
 * the shell sees, memory of the whole process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A running command. */
export interface CliProcess {
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  readonly stderr: string;
  /** Resolves when stderr has a line matching `re` (rejects if the process exits first). */
  waitFor(re: RegExp): Promise<string>;
  /** Its exit code (or the signal that killed it) and its whole stderr. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Starts `streamtoolz ...argv`; `stdout` is what its stdout is (default a pipe, read by
 * nobody unless the caller reads `child.stdout`).
 *
 * @example
 * ```ts
 * const p = startCli(['kmers', '-k', '21', 'big.fa']);
 * await p.waitFor(/kmers/);
 * p.child.kill('SIGINT');
 * expect((await p.exit).code).to.equal(130);
 * ```
 */
export function startCli(argv: string[], stdout: 'pipe' | 'ignore' | number = 'pipe'): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...argv], { cwd: root, stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exit = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stderr }));
  return {
    child,
    get stderr() {
      return stderr;
    },
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = stderr.split('\n').find((l) => re.test(l));
          if (hit !== undefined) resolve(hit);
          return hit !== undefined;
        };
        if (check()) return;
        child.stderr!.on('data', () => check());
        child.once('exit', () => check() || reject(new Error(`exited without ${re}: ${stderr}`)));
      }),
    exit,
  };
}

/** Resolves once `check()` is true, polling every 5 ms; rejects after `ms`. */
export async function until(check: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
