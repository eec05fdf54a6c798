/**
 * Shared helpers for the benchmark scripts: the machine header, running one case in a child
 * process, medians, peak RSS and markdown tables. Nothing here knows about streams.
 *
 * Why a child process per run: a case that fills the heap (or leaves V8 with a bloated,
 * fragmented heap, or JIT state tuned to other functions) would otherwise slow the next one
 * and make peak RSS meaningless.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a child reports for one run of one case. */
export interface RunResult {
  /** Wall time of the measured work only (not Node startup or imports), in milliseconds. */
  ms: number;
  /** CPU time (user + system, all threads) of the process during the work, in milliseconds. */
  cpuMs: number;
  /** Peak resident set size of the whole child process, in bytes. */
  peakRss: number;
  /** Resident set size just before the work started (after imports), in bytes. */
  startRss: number;
  /** The case's answer, as JSON text, so that cases can be checked against each other. */
  result: string;
}

/**
 * One line describing the machine: CPU model, cores, memory and Node version.
 *
 * @example
 * ```ts
 * console.log(machine()); // "AMD EPYC 7B13, 2 cores, 7.8 GiB, Node v20.20.0, linux x64"
 * ```
 */
export function machine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/**
 * The median of a non-empty list (the mean of the two middle values for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median() of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * True when the module whose `import.meta.url` is given is the script Node was started with
 * (so that a benchmark file runs its `main()` only when run directly, not when imported).
 *
 * @example
 * ```ts
 * if (isMain(import.meta.url)) await main(process.argv.slice(2));
 * ```
 */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/**
 * Times `work` in this process and prints the {@link RunResult} line that {@link runChild}
 * reads. Call it from the child side of a benchmark script.
 *
 * @example
 * ```ts
 * await report(async () => sumOf(n));
 * ```
 */
export async function report(work: () => unknown): Promise<void> {
  const startRss = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // maxRSS is in KiB and covers the whole life of the process.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const out: RunResult = { ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRss, startRss, result: JSON.stringify(value) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/**
 * Runs `script` with `args` in a fresh Node process (with this process's `execArgv`, so that
 * a TypeScript loader carries over) and returns the last {@link RunResult} line it printed.
 * Rejects with the child's stderr when it fails.
 *
 * @example
 * ```ts
 * const run = await runChild(fileURLToPath(import.meta.url), ['--case', 'loop', '1000']);
 * ```
 */
export function runChild(script: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(JSON.parse(line) as RunResult);
    });
  });
}

/**
 * A markdown table; columns after the first are right-aligned.
 *
 * @example
 * ```ts
 * console.log(table(['case', 'ms'], [['loop', '17']]));
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * Milliseconds as seconds with three decimals, or as milliseconds below 0.1 s.
 *
 * @example
 * ```ts
 * seconds(1350); // "1.350 s"
 * seconds(17.2); // "17.2 ms"
 * ```
 */
export function seconds(ms: number): string {
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

/**
 * Bytes as MiB with one decimal.
 *
 * @example
 * ```ts
 * mebibytes(52_428_800); // "50.0 MiB"
 * ```
 */
export function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
