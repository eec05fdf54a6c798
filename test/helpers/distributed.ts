/**
 * Helpers of the distributed tests: workers as child processes (so that a test can SIGKILL
 * or stall one), the distributed commands in-process, and a look at what a run left in Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { reduceCommand } from '../../cli/commands/reduce.js';
import { runCommand } from '../../cli/commands/run.js';
import { statusCommand } from '../../cli/commands/status.js';
import { submitCommand } from '../../cli/commands/submit.js';
import { kmersCommand } from '../../cli/commands/kmers.js';
import { runArgv, type CliRun } from './cli.js';

const WORKER = fileURLToPath(new URL('../fixtures/distributed/run-worker.ts', import.meta.url));

/** A worker child process and what it wrote to stderr so far. */
export interface TestWorker {
  proc: ChildProcess;
  readonly err: string;
  /** Resolves with the exit code (or signal). */
  exited: Promise<number | string>;
  /** Resolves once stderr matches `pattern` (rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
}

/**
 * Starts `streamtoolz worker --redis URL ...args` (short locks unless args say otherwise).
 *
 * @example
 * ```ts
 * const w = startWorker(redis.url, ['--exit-when-drained']);
 * expect(await w.exited).to.equal(0);
 * ```
 */
export function startWorker(url: string, args: string[], env: Record<string, string> = {}): TestWorker {
  const proc = spawn(process.execPath, [...process.execArgv, WORKER, '--redis', url, '--lock', '1000', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  proc.stderr!.on('data', (d: Buffer) => {
    err += d;
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(err)) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = once(proc, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return {
    proc,
    get err() {
      return err;
    },
    exited,
    waitFor(pattern, ms = 20000) {
      if (pattern.test(err)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`worker did not print ${pattern} in ${ms} ms: ${err}`)), ms);
        waiters.push({ pattern, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
  };
}

/** `streamtoolz ...argv` in-process with the distributed commands (and kmers). */
export function cli(argv: string[]): Promise<CliRun> {
  return runArgv(argv, [submitCommand, reduceCommand, statusCommand, runCommand, kmersCommand]);
}

/**
 * What a run left in Redis: its job hashes and partial keys, and the queues' job counts.
 *
 * @example
 * ```ts
 * expect(await leftovers(redis.url)).to.deep.equal({ keys: [], jobs: 0 });
 * ```
 */
export async function leftovers(url: string): Promise<{ keys: string[]; jobs: number }> {
  const r = new Redis(url);
  try {
    const keys = (await r.keys('bull:streamtoolz*')).filter((k) => !/^bull:streamtoolz-(parts|runs):(meta|id|events|stalled-check|marker)$/.test(k)).sort();
    let jobs = 0;
    for (const q of ['parts', 'runs']) {
      for (const list of ['wait', 'active', 'paused']) jobs += await r.llen(`bull:streamtoolz-${q}:${list}`);
      for (const set of ['completed', 'failed', 'delayed', 'waiting-children', 'prioritized']) jobs += await r.zcard(`bull:streamtoolz-${q}:${set}`);
    }
    return { keys, jobs };
  } finally {
    r.disconnect();
  }
}
