/**
 * One machine, all cores: k-mer counting as `kmers --threads N` runs it (`countKmersOfInputs`:
 * ranges counted into sorted tables, packed runs merged; the output is not written) and the
 * PCA state pass (`pcaParallel`), on 1 thread against 2, the input cut into 2 byte ranges of
 * whole records. The goal: 2 threads at least 1.7× faster than 1 on a 2-core machine
 * for 200 MB. "CPU ×" is the CPU of 2 threads over that of 1: the cost of going parallel.
 *
 * Usage:
 *   npx tsx benchmarks/parallel.ts [--runs 3] [--fasta FILE] [--k 21] [--csv FILE] [--components 2]
 *   node dist/benchmarks/parallel.js ...     (compiled: threads start without the TS loader)
 * Defaults: benchmarks/data/genome-50mb.fa (multi-record FASTA) and
 * benchmarks/data/pca-200000x100.csv (191 MB), as the other benchmarks write them.
 *
 * Each case runs in a fresh child (`support.ts`); times are of the work only (split, fold,
 * merge, result), thread start-up included. CPU is user + system of all threads; on a busy
 * shared machine the wall-time ratio is bounded by the cores the others leave free, so the
 * load average is printed with the table.
 */
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countKmersOfInputs } from '../lib/kmer/threads/count-inputs.js';
import { pcaParallel } from '../lib/parallel/parallel-passes.js';
import { isMain, machine, median, mebibytes, report, runChild, seconds, table, type RunResult } from './support.js';

const self = fileURLToPath(import.meta.url);

function dataFile(name: string): string {
  for (let dir = dirname(self); dir !== dirname(dir); dir = dirname(dir)) {
    const p = join(dir, 'benchmarks', 'data', name);
    if (existsSync(p)) return p;
    if (existsSync(join(dir, 'data', name))) return join(dir, 'data', name);
  }
  return join(dirname(self), 'data', name);
}

/** The child side: one case, timed by `report`. */
async function child(kind: string, file: string, threads: number, param: number): Promise<void> {
  await report(async () => {
    if (kind === 'kmers') {
      // 1 thread: one range, counted in this thread (no pool), as the one-thread command does.
      const { table, total } = await countKmersOfInputs([file], { k: param, canonical: false, table: { kind: 'sorted' }, threads });
      return { distinct: table.size, total };
    }
    const pca = await pcaParallel(file, { nComponents: param, threads, ranges: 2 });
    return { n: pca.nSamples, ev: [...pca.explainedVariance].map((v) => v.toPrecision(12)) };
  });
}

/**
 * Runs the four cases and prints the table.
 *
 * @example
 * ```ts
 * await main(['--runs', '1', '--fasta', 'reads.fa']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      fasta: { type: 'string', default: dataFile('genome-50mb.fa') },
      k: { type: 'string', default: '21' },
      csv: { type: 'string', default: dataFile('pca-200000x100.csv') },
      components: { type: 'string', default: '2' },
      child: { type: 'string' },
    },
  });
  if (values.child !== undefined) {
    const [kind, file, threads, param] = values.child.split('|');
    return child(kind!, file!, Number(threads), Number(param));
  }
  const runs = Number(values.runs);
  const cases = [
    ['kmers', values.fasta, Number(values.k), `k-mers (k=${values.k})`],
    ['pca', values.csv, Number(values.components), `PCA state (${values.components} components)`],
  ] as const;
  console.log(
    `# parallel: 1 thread vs 2 threads, 2 byte ranges\n${machine()}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${runs} runs\n`,
  );
  const rows: string[][] = [];
  for (const [kind, file, param, label] of cases) {
    if (!existsSync(file)) {
      console.log(`skipping ${label}: ${file} does not exist`);
      continue;
    }
    const size = statSync(file).size;
    const medians: number[] = [];
    const cpus: number[] = [];
    // 1 and 2 threads take turns, so that a change in the machine's load hits both alike.
    const byThreads: RunResult[][] = [[], []];
    for (let r = 0; r < runs; r++) {
      for (const threads of [1, 2]) byThreads[threads - 1]!.push(await runChild(self, ['--child', `${kind}|${file}|${threads}|${param}`]));
    }
    const answer = byThreads[0]![0]!.result;
    for (const threads of [1, 2]) {
      const results = byThreads[threads - 1]!;
      if (results[0]!.result !== answer) throw new Error(`${label}: ${threads} threads gave ${results[0]!.result}, 1 thread ${answer}`);
      const wall = median(results.map((x) => x.ms));
      const cpu = median(results.map((x) => x.cpuMs));
      medians.push(wall);
      cpus.push(cpu);
      rows.push([
        `${label}, ${mebibytes(size)}, ${threads} thread${threads > 1 ? 's' : ''}`,
        seconds(wall),
        seconds(cpu),
        `${(cpu / cpus[0]!).toFixed(2)}×`,
        `${(size / 2 ** 20 / (wall / 1000)).toFixed(1)} MiB/s`,
        threads === 1 ? '1.00×' : `${(medians[0]! / wall).toFixed(2)}×`,
        mebibytes(Math.max(...results.map((x) => x.peakRss))),
      ]);
    }
  }
  console.log(table(['case', 'median wall', 'CPU', 'CPU ×', 'throughput', 'speed-up', 'peak RSS'], rows));
  console.log(
    `\nload average at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
