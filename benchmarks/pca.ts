/**
 * Incremental PCA, side by side: streamtoolz (`pca` command) and the seed's pipeline (toolz
 * + scikit-learn, `pca-seed.py`), on the same generated CSVs, each as a whole process.
 * Prints median wall time, the speed-up over the seed, peak RSS (from
 * `/usr/bin/time -f '%e %M'`) and the largest relative difference between the two models'
 * attributes (components, singular values, variances...), which should be ~1e-12.
 *
 * Usage (after `npm run build`; under tsx the Node startup includes the TypeScript loader):
 *   node dist/benchmarks/pca.js [--runs 3] [--cases 1000000x10,200000x100] [--flat 100000,1000000,10000000]
 *   node dist/benchmarks/run.js pca --runs 1      (once run.ts lists it)
 * Both sides fit 2 components in batches of 100 rows, the seed's settings (row counts are
 * multiples of 100, so the seed's `partition`, which drops a last partial batch, drops
 * nothing). --flat runs streamtoolz alone on 10-feature files of those row counts, to show
 * that peak memory does not grow with the input.
 *
 * The seed runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (this machine sets them
 * for old OpenBLAS builds; they slow a current numpy down). Inputs go to benchmarks/data/
 * (git-ignored), written by `pca-data.py`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain } from './support.js';

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
// Scripts and data live beside the sources, benchmarks/, wherever the compiled file is.
function findBenchDir(): string {
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'pca-seed.py'))) return dir;
    if (existsSync(join(dir, 'benchmarks', 'pca-seed.py'))) return join(dir, 'benchmarks');
  }
  return here;
}
const benchDir = findBenchDir();
const dataDir = join(benchDir, 'data');

/** Runs the pca command in this process (the benchmark spawns itself with --cli). */
async function cliMode(argv: string[]): Promise<void> {
  const { runCli } = await import('../cli/run.js');
  const { pcaCommand } = await import('../cli/commands/pca.js');
  const signal = new AbortController().signal;
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, stderrIsTTY: false, signal }, [pcaCommand]);
}

/** The CSV of `rows` × `features` (made once by pca-data.py). */
function makeCsv(rows: number, features: number): string {
  const path = join(dataDir, `pca-${rows}x${features}.csv`);
  if (existsSync(path)) return path;
  mkdirSync(dataDir, { recursive: true });
  const r = spawnSync('/usr/bin/python3', [join(benchDir, 'pca-data.py'), String(rows), String(features), `${path}.tmp`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('pca-data.py failed');
  renameSync(`${path}.tmp`, path);
  return path;
}

interface Measured {
  seconds: number;
  rssMB: number;
  output: string;
}

/** Median wall time, max peak RSS and the last stdout of `runs` runs of a command. */
function measure(cmd: string[], runs: number, env: NodeJS.ProcessEnv = process.env): Measured {
  const times: number[] = [];
  let rss = 0;
  let output = '';
  const timeFile = join(dataDir, 'pca-time.txt');
  const outFile = join(dataDir, 'pca-out.json');
  for (let i = 0; i < runs; i++) {
    const out = openSync(outFile, 'w');
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, ...cmd], { stdio: ['ignore', out, 'pipe'], env });
    closeSync(out);
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr.toString().slice(-500)}`);
    const [e, m] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    times.push(e!);
    rss = Math.max(rss, m! / 1024);
    output = readFileSync(outFile, 'utf8');
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, rssMB: rss, output };
}

const ATTRIBUTES = ['components', 'mean', 'var', 'explainedVariance', 'explainedVarianceRatio', 'singularValues', 'noiseVariance'] as const;

/** Largest relative difference over every attribute (entries below 1e-3 of their array's max are compared to that). */
function maxRelDiff(a: Record<string, unknown>, b: Record<string, unknown>): number {
  let worst = 0;
  for (const name of ATTRIBUTES) {
    const x = [a[name]].flat(2) as number[];
    const y = [b[name]].flat(2) as number[];
    if (x.length !== y.length) return Infinity;
    const scale = Math.max(...y.map(Math.abs));
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[i]!), 1e-3 * scale, Number.MIN_VALUE));
  }
  return worst;
}

interface Row {
  input: string;
  tool: string;
  mb: number;
  seconds: number;
  rssMB: number;
  speedup?: number | undefined;
  diff?: number | undefined;
}

/**
 * Runs the benchmark (see the module comment for argv); `npm run bench` calls it through
 * `benchmarks/run.ts`.
 *
 * @example
 * ```ts
 * await main(['--runs', '3', '--cases', '1000000x10']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--cli') return cliMode(argv.slice(1));
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '3' }, cases: { type: 'string', default: '1000000x10,200000x100' }, flat: { type: 'string' } },
  });
  const runs = Number(values.runs);
  const node = [process.execPath, ...process.execArgv, self, '--cli'];
  const seedEnv = { ...process.env };
  delete seedEnv.OPENBLAS_CORETYPE;
  delete seedEnv.OPENBLAS_L2_SIZE;
  const rows: Row[] = [];
  const log = (r: Row): void => {
    rows.push(r);
    process.stderr.write(`${r.tool} ${r.input}: ${r.seconds.toFixed(2)} s, ${r.rssMB.toFixed(0)} MB\n`);
  };
  for (const shape of values.cases.split(',')) {
    const [n, f] = shape.split('x').map(Number) as [number, number];
    const file = makeCsv(n, f);
    const mb = statSync(file).size / 1e6;
    const seed = measure(['/usr/bin/python3', join(benchDir, 'pca-seed.py'), file, '2', '100'], runs, seedEnv);
    const ours = measure([...node, 'pca', '--components', '2', '--batch-size', '100', file], runs);
    const diff = maxRelDiff(JSON.parse(ours.output) as Record<string, unknown>, JSON.parse(seed.output) as Record<string, unknown>);
    log({ input: shape, tool: 'seed (toolz + scikit-learn)', mb, seconds: seed.seconds, rssMB: seed.rssMB });
    log({ input: shape, tool: 'streamtoolz pca', mb, seconds: ours.seconds, rssMB: ours.rssMB, speedup: seed.seconds / ours.seconds, diff });
  }
  for (const n of values.flat?.split(',').map(Number) ?? []) {
    const file = makeCsv(n, 10);
    const ours = measure([...node, 'pca', '--components', '2', '--batch-size', '100', file], 1);
    log({ input: `${n}x10`, tool: 'streamtoolz pca (--flat)', mb: statSync(file).size / 1e6, seconds: ours.seconds, rssMB: ours.rssMB });
  }
  const lines = [
    `# incremental PCA (2 components, batch 100), ${new Date().toISOString()}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, node ${process.version}, median of ${runs} runs (1 for --flat)`,
    '| input (rows x features) | tool | CSV (MB) | time (s) | seed ÷ this | peak RSS (MB) | max rel. diff vs seed |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.input} | ${r.tool} | ${r.mb.toFixed(0)} | ${r.seconds.toFixed(2)} | ${r.speedup === undefined ? '-' : `${r.speedup.toFixed(2)}x`} | ${r.rssMB.toFixed(0)} | ${r.diff === undefined ? '-' : r.diff.toExponential(1)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
