/**
 * The JSON field scanner alone, over the 1 M-record access-log NDJSON of benchmarks/records.ts
 * held in memory (no reading, no pipe): the WebAssembly kernel's two stages, timed apart,
 * against the JavaScript walk it replaces (the reference: the same records from the same
 * bytes). Regions of 512 KiB of whole lines, as the source gives them. CPU time, the
 * minimum of `--runs` rounds in this process (the kernel is compiled by the first). Last, the
 * start of one worker thread of `runJob` loading the records-count job (its warm-up task),
 * what a second thread costs before it reads anything: the median of `--runs`, CPU of the
 * process (the thread's included); run from dist/ for the built package's figure.
 *
 * Usage: npx tsx benchmarks/records-kernel.ts [--runs 12]
 *        node dist/benchmarks/records-kernel.js [--runs 12]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { compileFields } from '../lib/records/field-paths.js';
import { JsonFieldScanner } from '../lib/records/json-field-scanner.js';
import { useJsonKernel } from '../lib/records/json-kernel-instance.js';
import { ProjectedNdjsonParser } from '../lib/records/projected-ndjson-parser.js';
import { ensureNdjson } from './records-data.js';
import { isMain, machine, median, seconds, table } from './support.js';

const REGION = 1 << 19;
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One round of the kernel: [copy, stage 1, stage 2] milliseconds, and the lines seen. */
function kernelRound(data: Buffer): { times: number[]; lines: number } {
  const kernel = new JsonFieldScanner(compileFields(['status'])).kernel;
  if (kernel === undefined) throw new Error('no WebAssembly SIMD here');
  const times = [0, 0, 0];
  let lines = 0;
  for (let pos = 0; pos < data.length; ) {
    let end = Math.min(data.length, pos + REGION);
    if (end < data.length) end = data.lastIndexOf(10, end - 1) + 1;
    const t0 = cpu();
    data.copy(kernel.region(end - pos), kernel.base, pos, end);
    const t1 = cpu();
    kernel.begin(end - pos, true);
    const t2 = cpu();
    for (let n = kernel.next(); n > 0; n = kernel.next()) lines += n;
    const t3 = cpu();
    times[0]! += t1 - t0;
    times[1]! += t2 - t1;
    times[2]! += t3 - t2;
    pos = end;
  }
  return { times, lines };
}

/** One round of a whole parser (records built): milliseconds and records. */
function parserRound(data: Buffer): { ms: number; records: number } {
  const parser = new ProjectedNdjsonParser('access', 'json(access)', new JsonFieldScanner(compileFields(['status'])));
  const t0 = cpu();
  let records = 0;
  for (let pos = 0; pos < data.length; pos += REGION) {
    const out: unknown[] = [];
    parser.write(data.subarray(pos, pos + REGION), out);
    records += out.length;
  }
  return { ms: cpu() - t0, records };
}

/** CPU of starting one job thread that loads `job` (a WorkerPool running the warm-up task). */
async function threadStart(job: URL): Promise<number> {
  const { resolveWorkerFile, WorkerPool } = await import('../lib/parallel/pool.js');
  const t0 = cpu();
  const pool = new WorkerPool(resolveWorkerFile(new URL('../lib/job/job-thread.js', import.meta.url)), { threads: 1, exportName: 'fold' });
  try {
    await pool.run({ url: job.href }, -1);
    return cpu() - t0;
  } finally {
    await pool.close();
  }
}

/**
 * Prints the table.
 *
 * @example
 * ```ts
 * await main(['--runs', '5']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '12' } } });
  const runs = Number(values.runs);
  const path = await ensureNdjson(1e6);
  const data = await readFile(path);
  const before = loadavg()[0]!.toFixed(1);
  const best = (f: () => number): number => Math.min(...Array.from({ length: runs }, f));
  const copy = best(() => kernelRound(data).times[0]!);
  const stage1 = best(() => kernelRound(data).times[1]!);
  const stage2 = best(() => kernelRound(data).times[2]!);
  const wasm = best(() => parserRound(data).ms);
  useJsonKernel(false);
  const js = best(() => parserRound(data).ms);
  useJsonKernel(true);
  // The job modules are not compiled: from dist/benchmarks, they are in benchmarks/jobs.
  const here = new URL('.', import.meta.url);
  const job = new URL(`${here.pathname.endsWith('/dist/benchmarks/') ? '../../benchmarks/' : './'}jobs/records-count.mjs`, here);
  const starts: number[] = [];
  for (let r = 0; r < runs; r++) starts.push(await threadStart(job));
  console.log(
    `## The JSON field scanner alone: 1 M NDJSON records in memory, field status\n\n${machine()}\ninput: ${path}; CPU, minimum of ${runs} rounds; load average ${before} before, ${loadavg()[0]!.toFixed(1)} after\n`,
  );
  console.log(
    table(
      ['case', 'CPU (min)'],
      [
        ['kernel: copy of the regions into its memory', seconds(copy)],
        ['kernel: stage 1 (SIMD structural index)', seconds(stage1)],
        ['kernel: stage 2 (walk, keys, values)', seconds(stage2)],
        ['parser with the kernel (records built)', seconds(wasm)],
        ['parser with the JavaScript walk (records built)', seconds(js)],
        ['a job thread started, the records-count job loaded (median)', seconds(median(starts))],
      ],
    ),
  );
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
