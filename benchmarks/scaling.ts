/**
 * Does it scale? Each job runs at size N and 10·N, each run in a fresh process (`runChild`
 * and `report` of support.ts: wall and CPU time of the work, imports excluded; peak RSS of
 * the whole process), and one table gives the ratios: time ≈ 10× is linear, peak RSS ≈ 1×
 * is flat. The jobs are those of issue 7:
 *   lines     `pipe(sources.lines(file), sinks.count())`, 20 MB → 200 MB of text
 *   kmers     `streamtoolz kmers -k 6`, 20 MB → 200 MB of FASTA
 *   pca       `streamtoolz pca --components 2`, 100 k → 1 M rows × 10 features of CSV
 *   assemble  `streamtoolz assemble -k 31`, 20 k → 200 k error-free reads of 100 bases of the
 *             same 200 kb random genome (10× → 100× coverage): the graph, hence the memory,
 *             follows the genome, not the reads.
 * The commands run through `runCli`, the function `dist/cli/main.js` calls, in the child.
 *
 * Usage (from the package root, after `npm run build`):
 *   node dist/benchmarks/run.js scaling [--runs 3] [--only lines,kmers,pca,assemble]
 * Inputs are made once into benchmarks/data/ (git-ignored) by the other benchmarks'
 * generators: `sources-lines.ts`, `sources-fasta.ts`, `pca-data.py` and `assemble.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bench as fastaBench } from './sources-fasta.js';
import { bench as linesBench } from './sources-lines.js';
import { isMain, machine, mebibytes, median, report, runChild, seconds, table, type RunResult } from './support.js';

const self = fileURLToPath(import.meta.url);
const DATA = 'benchmarks/data';
const GENOME = 200_000;

/**
 * A job: its sizes (N, 10·N, and 5·N to check the line through the other two), how to make
 * the input of a size, and the work on a file.
 */
interface Job {
  sizes: readonly [number, number, number];
  label: (size: number) => string;
  input: (size: number) => Promise<string>;
  work: (file: string) => Promise<unknown>;
}

/** Runs a streamtoolz command in this process and returns its stdout (all small here). */
async function command(argv: string[]): Promise<string> {
  const { runCli } = await import('../cli/run.js');
  let out = '';
  const stdout = new Writable({ write: (chunk: Buffer | string, _enc, done) => ((out += chunk.toString()), done()) });
  const code = await runCli(argv, { stdout, stderr: process.stderr, stdin: process.stdin, stderrIsTTY: false, signal: new AbortController().signal });
  if (code !== 0) throw new Error(`streamtoolz ${argv.join(' ')} exited with ${code}`);
  return out;
}

/** Makes `path` with `make` unless it exists (the generators' output is deterministic). */
async function cached(path: string, make: () => unknown): Promise<string> {
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} ...\n`);
    await make();
  }
  return path;
}

const jobs: Record<string, Job> = {
  lines: {
    sizes: [20, 200, 100],
    label: (mb) => `${mb} MB text`,
    input: (mb) => cached(linesBench.file(mb), () => linesBench.generate(linesBench.file(mb), mb)),
    work: async (file) => {
      const { pipe } = await import('../lib/core/pipe.js');
      const { lines } = await import('../sources/lines.js');
      const { count } = await import('../sinks/basic.js');
      return { lines: await pipe(lines(file), count()) };
    },
  },
  kmers: {
    sizes: [20, 200, 100],
    label: (mb) => `${mb} MB FASTA`,
    input: (mb) => cached(fastaBench.file(mb), () => fastaBench.generate(fastaBench.file(mb), mb)),
    work: async (file) => {
      const rows = (await command(['kmers', '-k', '6', file])).trimEnd().split('\n');
      // The total of the counts must grow 10×, the distinct 6-mers (≤ 4096) not.
      return { distinct: rows.length, kmers: rows.reduce((sum, row) => sum + Number(row.split('\t')[1]), 0) };
    },
  },
  pca: {
    sizes: [100_000, 1_000_000, 500_000],
    label: (rows) => `${rows / 1000} k rows × 10`,
    // The name pca.ts uses, so that both share the file.
    input: (rows) =>
      cached(join(DATA, `pca-${rows}x10.csv`), () => {
        const path = join(DATA, `pca-${rows}x10.csv`);
        const r = spawnSync('/usr/bin/python3', ['benchmarks/pca-data.py', String(rows), '10', `${path}.tmp`], { stdio: 'inherit' });
        if (r.status !== 0) throw new Error('benchmarks/pca-data.py failed');
        renameSync(`${path}.tmp`, path);
      }),
    work: async (file) => ({ rows: (JSON.parse(await command(['pca', '--components', '2', file])) as { nSamplesSeen: number }).nSamplesSeen }),
  },
  assemble: {
    sizes: [20_000, 200_000, 100_000],
    label: (reads) => `${reads / 1000} k reads × 100`,
    // assemble.ts makes (and caches) the genome and the reads before it times runs of its own;
    // only the file matters here (its API run stops on the gaps of 10× coverage).
    input: (reads) =>
      cached(join(DATA, `assemble-${GENOME}-${reads}x100.txt`), () => {
        const script = join(dirname(self), `assemble${extname(self)}`);
        const args = ['--genome', String(GENOME), '--reads', String(reads), '--length', '100', '--runs', '1', '--no-seed'];
        const r = spawnSync(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        if (!existsSync(join(DATA, `assemble-${GENOME}-${reads}x100.txt`)))
          throw new Error(`${script} ${args.join(' ')} made no reads: ${r.stderr.toString().slice(-500)}`);
      }),
    work: async (file) => {
      const out = await command(['assemble', '-k', '31', '--line-width', '0', file]);
      const seqs = out.startsWith('>')
        ? out
            .split('>')
            .filter(Boolean)
            .map((rec) => rec.split('\n').slice(1).join(''))
        : [out.trim()];
      const longest = seqs.reduce((a, b) => (b.length > a.length ? b : a), '');
      const genome = readFileSync(join(DATA, `assemble-${GENOME}.genome.txt`), 'latin1');
      return { contigs: seqs.length, longest: longest.length, inGenome: genome.includes(longest) };
    },
  },
};

/** The job's answer in a few words, e.g. `lines 444444`. */
function answer(result: string): string {
  return Object.entries(JSON.parse(result) as Record<string, unknown>)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

/**
 * Parent: makes the inputs, runs each job `--runs` times at N and at 10·N (alternating, so
 * that a busy spell on the shared machine hits both), prints the table. Child (`--job NAME
 * --input FILE`): times one run and prints its result line.
 *
 * @example
 * ```ts
 * await main(['--runs', '3', '--only', 'lines,pca']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '3' }, only: { type: 'string' }, job: { type: 'string' }, input: { type: 'string' } },
  });
  if (values.job !== undefined) {
    const job = jobs[values.job];
    if (job === undefined || values.input === undefined) throw new RangeError(`--job must be one of ${Object.keys(jobs).join(', ')}, with --input`);
    return report(() => job.work(values.input!));
  }
  if (!existsSync('benchmarks/pca-data.py')) throw new Error('Run the scaling benchmark from the package root (benchmarks/ not found here)');
  mkdirSync(DATA, { recursive: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs must be a positive integer; received ${values.runs}`);
  const names = values.only?.split(',') ?? Object.keys(jobs);
  for (const name of names)
    if (!Object.hasOwn(jobs, name)) throw new RangeError(`Unknown job ${JSON.stringify(name)}; the jobs are ${Object.keys(jobs).join(', ')}`);
  const rows: string[][] = [];
  for (const name of names) {
    const job = jobs[name]!;
    const files = [await job.input(job.sizes[0]), await job.input(job.sizes[1]), await job.input(job.sizes[2])] as const;
    const results: [RunResult[], RunResult[], RunResult[]] = [[], [], []];
    for (let i = 0; i < runs; i++) {
      for (const s of [0, 1, 2] as const) results[s].push(await runChild(self, ['--job', name, '--input', files[s]]));
    }
    const [wall, cpu, rss] = [
      (r: RunResult[]) => median(r.map((x) => x.ms)),
      (r: RunResult[]) => median(r.map((x) => x.cpuMs)),
      (r: RunResult[]) => Math.max(...r.map((x) => x.peakRss)),
    ];
    const pair = (f: (r: RunResult[]) => number): [number, number] => [f(results[0]), f(results[1])];
    const [t, c, m] = [pair(wall), pair(cpu), pair(rss)];
    // The line through (N, t N) and (10·N, t 10·N) predicts t at 5·N; measured ÷ predicted ≈ 1
    // says time is a fixed cost plus a part proportional to the input, i.e. linear.
    const t5 = wall(results[2]);
    const predicted5 = t[0] + ((t[1] - t[0]) * 4) / 9;
    const size = (s: 0 | 1): string => `${job.label(job.sizes[s])} (${(statSync(files[s]).size / 1e6).toFixed(0)} MB)`;
    rows.push([
      name + (name === 'assemble' ? ' ¹' : ''),
      size(0),
      size(1),
      seconds(t[0]),
      seconds(t[1]),
      `${(t[1] / t[0]).toFixed(2)}×`,
      seconds(Math.max(0, (10 * t[0] - t[1]) / 9)),
      `${seconds(t5)} (${(t5 / predicted5).toFixed(2)})`,
      seconds(c[0]),
      seconds(c[1]),
      `${(c[1] / c[0]).toFixed(2)}×`,
      mebibytes(m[0]),
      mebibytes(m[1]),
      `${(m[1] / m[0]).toFixed(2)}×`,
      `${answer(results[0][0]!.result)} → ${answer(results[1][0]!.result)}`,
    ]);
    process.stderr.write(`${name}: ${rows.at(-1)!.slice(3, 14).join(' ')}\n`);
  }
  console.log(
    `## Scaling: input 10× larger\n\n${machine()}\nmedian of ${runs} runs per size (max for peak RSS), each a fresh process; time = wall and CPU (user + system, all threads) of the work, imports excluded; peak RSS of the whole process.\n`,
  );
  console.log(
    table(
      [
        'job',
        'N',
        '10·N',
        'time N',
        'time 10·N',
        'time ×',
        'fixed ²',
        'time 5·N (÷ line) ³',
        'CPU N',
        'CPU 10·N',
        'CPU ×',
        'peak RSS N',
        'peak RSS 10·N',
        'RSS ×',
        'answer N → 10·N',
      ],
      rows,
    ),
  );
  console.log('\ntime × ≈ 10 is linear (below 10: a fixed cost weighs at N); RSS × ≈ 1 is flat.');
  if (names.includes('assemble'))
    console.log(
      `¹ assembly: both sizes are reads of the same ${GENOME / 1000} kb genome (10× and 100× coverage); its memory follows the De Bruijn graph, i.e. the genome, not the reads.`,
    );
  console.log(
    '² (10·time N − time 10·N) / 9: the part of the wall time that does not grow with the input (JIT warm-up, first allocations) if time = fixed + linear part; two sizes fit that exactly, so it explains a ratio below 10 rather than proving linearity.',
  );
  console.log(
    '³ the time at 5·N, and in brackets its ratio to the line through the times at N and 10·N: ≈ 1.00 means time = fixed cost + a part proportional to the input, which is what linear means here.',
  );
  console.log(
    `\nload average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')} (${cpus().length} cores)`,
  );
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
