/**
 * The harness of the `benchmarks/sources-*.ts` scripts: each case runs in a fresh child
 * process (so that JIT state and heap of one case do not bias the next), `--runs` times,
 * timing a first pass (cold: JIT compilation included), or with `--warm` a second pass;
 * the table gives the median and the best wall time of the work (imports excluded), its
 * median CPU time, throughput on the input file (from the medians), peak RSS, and the
 * ratios of median wall and CPU times to the case it is compared with (on a shared, loaded
 * machine CPU time is the steadier figure; it includes V8's background compile threads). Every case returns a
 * count, and counts must agree across cases, so a fast wrong answer cannot pass unnoticed.
 */
import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { machine, mebibytes, median, report, runChild, seconds, table, type RunResult } from './support.js';

/** One way of reading the input; `baseline` names the case it is compared with. */
export interface SourceCase {
  label: string;
  baseline?: string;
  load: () => Promise<(path: string) => Promise<number>>;
}

/**
 * The `load` of a case that counts a source's items with `pipe(source, count())`; `open` makes
 * the source of a path and is called only once the case runs (its module loaded then).
 *
 * @example
 * ```ts
 * load: pipeCount(async () => { const { lines } = await import('../sources/lines.js'); return (path) => lines(path); }),
 * ```
 */
export function pipeCount(open: () => Promise<(path: string) => Readable>): SourceCase['load'] {
  return async () => {
    const source = await open();
    const { pipe } = await import('../lib/core/pipe.js');
    const { count } = await import('../sinks/basic.js');
    return (path) => pipe(source(path), count());
  };
}

/** A benchmark: its cases, and how to make its input of about `mb` megabytes. */
export interface SourceBenchmark {
  title: string;
  defaultMb: number;
  file: (mb: number) => string;
  generate: (path: string, mb: number) => Promise<void> | void;
  cases: Record<string, SourceCase>;
}

/**
 * Parent: makes the input if missing, runs every case, prints the table. Child (`--case`):
 * times one case and prints its result line.
 *
 * @example
 * ```ts
 * if (isMain(import.meta.url)) await runSourceBenchmark(fileURLToPath(import.meta.url), bench, process.argv.slice(2));
 * ```
 */
export async function runSourceBenchmark(script: string, bench: SourceBenchmark, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '5' }, case: { type: 'string' }, only: { type: 'string' }, warm: { type: 'boolean', default: false } },
  });
  const mb = Number(positionals[0] ?? bench.defaultMb);
  const path = bench.file(mb);
  if (values.case !== undefined) {
    const work = await (bench.cases[values.case] as SourceCase).load();
    // --warm: one untimed pass first, so that the timed one runs JIT-compiled code.
    if (values.warm) await work(path);
    return report(() => work(path));
  }
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} ...\n`);
    await bench.generate(path, mb);
  }
  const size = statSync(path).size;
  const runs = Number(values.runs);
  const names = values.only ? values.only.split(',') : Object.keys(bench.cases);
  const how = values.warm ? 'each timed after one untimed warm-up pass in the same process' : 'each a first (cold) pass';
  console.log(`## ${bench.title}\n\n${machine()}\ninput: ${path} (${mebibytes(size)}), median of ${runs} runs, each in a fresh process, ${how}\n`);
  const medians: Record<string, number> = {};
  const cpus_: Record<string, number> = {};
  const rows: string[][] = [];
  let answer: string | undefined;
  for (const name of names) {
    const c = bench.cases[name] as SourceCase;
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) results.push(await runChild(script, [String(mb), '--case', name, ...(values.warm ? ['--warm'] : [])]));
    const ms = median(results.map((r) => r.ms));
    const cpu = median(results.map((r) => r.cpuMs));
    cpus_[name] = cpu;
    medians[name] = ms;
    const best = Math.min(...results.map((r) => r.ms));
    const result = results[0]!.result;
    if (answer === undefined) answer = result;
    const agree = result === answer ? '' : ` (count ${result} != ${answer})`;
    const base = c.baseline !== undefined ? medians[c.baseline] : undefined;
    const baseCpu = c.baseline !== undefined ? cpus_[c.baseline] : undefined;
    rows.push([
      `${name}: ${c.label}${agree}`,
      seconds(ms),
      seconds(best),
      seconds(cpu),
      `${(size / 1e6 / (ms / 1000)).toFixed(0)} MB/s`,
      `${(size / 1e6 / (cpu / 1000)).toFixed(0)} MB/s`,
      mebibytes(Math.max(...results.map((r) => r.peakRss))),
      base !== undefined && baseCpu !== undefined ? `${(ms / base).toFixed(2)}× / ${(cpu / baseCpu).toFixed(2)}× ${c.baseline}` : '',
    ]);
  }
  console.log(table(['case', 'median', 'best', 'CPU (median)', 'MB/s (wall)', 'MB/s (CPU)', 'peak RSS', 'vs (wall / CPU)'], rows));
  console.log(
    `\nload average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  );
  console.log(`\ncount: ${answer}`);
}
