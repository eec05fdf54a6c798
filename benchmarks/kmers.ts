/**
 * k-mer counting, side by side: streamtoolz (`kmers` command), the seed's toolz pipeline,
 * cytoolz, a naive Node pipeline (split2, a string per k-mer, a Map), jellyfish and KMC, on
 * the same generated FASTA files, each as a whole process on one thread. Prints median wall
 * time, the ratio to KMC and peak RSS (from `/usr/bin/time -f '%e %M'`).
 *
 * Usage (after `npm run build`; under tsx the Node startup includes the TypeScript loader):
 *   node dist/benchmarks/kmers.js [--mb 20] [--k 6,12,21] [--runs 3] [--flat 200] [--slow]
 * --flat N also counts k=6 over an N MB file, to show that peak memory does not grow with
 * the input. --slow adds the string-per-k-mer baselines (toolz, cytoolz, naive Node) at
 * k=6; they take seconds each.
 *
 * Inputs go to benchmarks/data/ (git-ignored): 1000 records of random ACGT, 80-column lines.
 * streamtoolz is measured with `--top 10`, so that it counts everything but does not
 * format millions of lines (jellyfish and KMC write binary databases and are timed without
 * their dump step); one extra row times the full KMER<TAB>COUNT output to /dev/null, and
 * one the composable path (`sources.fasta` records into `sinks.countKmers`) against the
 * command's, which hands raw bytes to the scanner. KMC counts canonical k-mers unless given
 * -b: each row is compared with KMC on the same strand (`kmc -b` for forward counts).
 * streamtoolz runs as users run it, the built bin (`dist/cli/main.js`). k = 12 (and KMC at
 * k = 12) depends on the 32 MB L3 cache shared by both cores: another job streaming memory on
 * the other core took streamtoolz k=12 from 0.34 to 0.49 s CPU here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain } from './support.js';

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
// Sources and dist both keep data beside the sources: benchmarks/data/.
const dataDir = join(here.includes(`${join('dist', 'benchmarks')}`) ? join(here, '..', '..', 'benchmarks') : here, 'data');

/**
 * The composable path, for comparison with the command's byte path: FASTA records from
 * `sources.fasta`, then `sinks.countKmers` on their sequences.
 */
async function recordsMode(k: number, file: string): Promise<void> {
  const { pipe } = await import('../lib/core/pipe.js');
  const { fasta } = await import('../sources/fasta.js');
  const { countKmers } = await import('../sinks/count-kmers.js');
  const counts = await pipe(fasta(file), countKmers(k));
  process.stdout.write(`${counts.size}\n`);
}

/** Runs the kmers command in this process (the benchmark spawns itself with --cli). */
async function cliMode(argv: string[]): Promise<void> {
  const { runCli } = await import('../cli/run.js');
  const { kmersCommand } = await import('../cli/commands/kmers.js');
  const signal = new AbortController().signal;
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, stderrIsTTY: false, signal }, [kmersCommand]);
}

/** A FASTA file of `mb` megabytes of random bases: 1000 records, 80-column lines. */
export function makeFasta(mb: number): string {
  const path = join(dataDir, `kmers-${mb}mb.fa`);
  if (existsSync(path)) return path;
  mkdirSync(dataDir, { recursive: true });
  const perRecord = Math.round((mb * 1e6) / 1000);
  const fd = openSync(`${path}.tmp`, 'w');
  let x = 2463534242;
  const line = Buffer.alloc(81);
  for (let r = 0; r < 1000; r++) {
    writeSync(fd, `>read${r}\n`);
    for (let left = perRecord; left > 0; left -= 80) {
      const n = Math.min(80, left);
      for (let i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        line[i] = 'ACGT'.charCodeAt((x >>> 0) % 4);
      }
      line[n] = 10;
      writeSync(fd, line.subarray(0, n + 1));
    }
  }
  closeSync(fd);
  execFileSync('mv', [`${path}.tmp`, path]);
  return path;
}

const NAIVE = `
import { createReadStream } from 'node:fs';
import split2 from 'split2';
const [k, ...files] = process.argv.slice(2).map((a, i) => (i === 0 ? Number(a) : a));
const counts = new Map();
for (const file of files) {
  for await (const line of createReadStream(file).pipe(split2())) {
    if (line.startsWith('>')) continue;
    const s = line.trimEnd();
    for (let i = 0; i + k <= s.length; i++) {
      const kmer = s.slice(i, i + k);
      counts.set(kmer, (counts.get(kmer) ?? 0) + 1);
    }
  }
}
console.log(counts.size);
`;

interface Row {
  tool: string;
  /** Compared with the KMC row of the same strand: KMC counts canonical k-mers unless -b. */
  strand: 'forward' | 'canonical';
  k: number;
  mb: number;
  seconds: number;
  cpu: number;
  rssMB: number;
}

/**
 * Median wall time, median CPU time (user + system) and max peak RSS of `runs` runs. CPU
 * time is shown too because on a shared machine wall time also measures the neighbours.
 */
function measure(cmd: string[], runs: number, stdout = '/dev/null'): { seconds: number; cpu: number; rssMB: number } {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let rss = 0;
  const timeFile = join(dataDir, 'time.txt');
  for (let i = 0; i < runs; i++) {
    const out = openSync(stdout, 'w');
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, ...cmd], { stdio: ['ignore', out, 'pipe'], cwd: dataDir });
    closeSync(out);
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr.toString().slice(-500)}`);
    const [e, u, sys, m] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    times.push(e!);
    cpuTimes.push(u! + sys!);
    rss = Math.max(rss, m! / 1024);
  }
  const median = (a: number[]): number => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  return { seconds: median(times), cpu: median(cpuTimes), rssMB: rss };
}

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/**
 * Runs the benchmark (see the module comment for argv); `npm run bench` calls it through
 * `benchmarks/run.ts`.
 *
 * @example
 * ```ts
 * await main(['--mb', '20', '--k', '6,21', '--runs', '3']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--cli') return cliMode(argv.slice(1));
  if (argv[0] === '--records') return recordsMode(Number(argv[1]), argv[2]!);
  const { values } = parseArgs({
    args: argv,
    options: {
      mb: { type: 'string', default: '20' },
      k: { type: 'string', default: '6,12,21' },
      runs: { type: 'string', default: '3' },
      flat: { type: 'string' },
      slow: { type: 'boolean' },
    },
  });
  const mb = Number(values.mb);
  const ks = values.k.split(',').map(Number);
  const runs = Number(values.runs);
  const file = makeFasta(mb);
  // The command as users run it (the built bin); from sources, through this module.
  const bin = join(here, '..', 'cli', 'main.js');
  const node = existsSync(bin) ? [process.execPath, bin] : [process.execPath, ...process.execArgv, self, '--cli'];
  const rows: Row[] = [];
  const run = (tool: string, k: number, size: number, cmd: string[], n = runs, stdout?: string, strand: Row['strand'] = 'forward'): void => {
    const m = measure(cmd, n, stdout);
    rows.push({ tool, strand, k, mb: size, ...m });
    process.stderr.write(`${tool} k=${k} ${size} MB: ${m.seconds.toFixed(2)} s, ${m.cpu.toFixed(2)} s CPU, ${m.rssMB.toFixed(0)} MB\n`);
  };
  writeFileSync(join(dataDir, 'naive.mjs'), NAIVE);
  // split2 must resolve from the repository's node_modules.
  const naiveScript = join(dataDir, 'naive.mjs');
  for (const k of ks) {
    // Runs of ~0.1 s are within /usr/bin/time's 10 ms steps: more of them.
    const n = k <= 12 ? Math.max(runs, 11) : runs;
    run('streamtoolz', k, mb, [...node, 'kmers', '-k', String(k), '--top', '10', file], n);
    run('streamtoolz (full output)', k, mb, [...node, 'kmers', '-k', String(k), file], 1);
    run('streamtoolz --canonical', k, mb, [...node, 'kmers', '-k', String(k), '--canonical', '--top', '10', file], n, undefined, 'canonical');
    run('streamtoolz via records (fasta → countKmers)', k, mb, [process.execPath, ...process.execArgv, self, '--records', String(k), file], 1);
    for (const tool of ['jellyfish', 'kmc']) if (!has(tool)) process.stderr.write(`${tool} not found: its rows are left out (Debian package ${tool})\n`);
    if (has('jellyfish')) {
      const jf = join(dataDir, 'bench.jf');
      run('jellyfish count', k, mb, ['jellyfish', 'count', '-m', String(k), '-s', String(Math.min(4 ** k, mb * 1e6)), '-t', '1', '-o', jf, file]);
      run(
        'jellyfish count -C',
        k,
        mb,
        ['jellyfish', 'count', '-C', '-m', String(k), '-s', String(Math.min(4 ** k, mb * 1e6)), '-t', '1', '-o', jf, file],
        runs,
        undefined,
        'canonical',
      );
      rmSync(jf, { force: true });
    }
    if (has('kmc')) {
      const tmp = join(dataDir, 'kmc-tmp');
      mkdirSync(tmp, { recursive: true });
      run('kmc -b', k, mb, ['kmc', `-k${k}`, '-b', '-t1', '-fm', '-ci1', '-cs4294967295', file, join(dataDir, 'bench-kmc'), tmp], n);
      run('kmc', k, mb, ['kmc', `-k${k}`, '-t1', '-fm', '-ci1', '-cs4294967295', file, join(dataDir, 'bench-kmc'), tmp], n, undefined, 'canonical');
    }
    if (values.slow && k <= 12) {
      run('naive Node (split2, Map)', k, mb, [process.execPath, naiveScript, String(k), file], 1);
      run('seed toolz', k, mb, ['/usr/bin/python3', join(here.replace(/dist[\\/]benchmarks$/, 'benchmarks'), 'kmers-seed.py'), 'toolz', String(k), file], 1);
      run(
        'seed cytoolz',
        k,
        mb,
        ['/usr/bin/python3', join(here.replace(/dist[\\/]benchmarks$/, 'benchmarks'), 'kmers-seed.py'), 'cytoolz', String(k), file],
        1,
      );
    }
  }
  if (values.flat !== undefined) {
    const big = makeFasta(Number(values.flat));
    run('streamtoolz', 6, Number(values.flat), [...node, 'kmers', '-k', '6', '--top', '10', big], 1);
    if (has('kmc'))
      run(
        'kmc -b',
        6,
        Number(values.flat),
        ['kmc', '-k6', '-b', '-t1', '-fm', '-ci1', '-cs4294967295', big, join(dataDir, 'bench-kmc'), join(dataDir, 'kmc-tmp')],
        1,
      );
  }

  const kmcRow = (strand: Row['strand'], k: number, size: number): Row | undefined =>
    rows.find((r) => r.tool === (strand === 'canonical' ? 'kmc' : 'kmc -b') && r.k === k && r.mb === size);
  const lines = [
    `# k-mer counting, ${new Date().toISOString()}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, load ${loadavg()[0]!.toFixed(1)}, node ${process.version}, median of ${runs} runs (${Math.max(runs, 11)} for k ≤ 12 streamtoolz and KMC; 1 for full output, records, slow baselines and --flat); ÷ KMC is against KMC on the same strand (\`kmc -b\` forward, \`kmc\` canonical)`,
    '| tool | k | strand | input | wall (s) | ÷ KMC | CPU (s) | ÷ KMC | MB/s (wall) | peak RSS (MB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const kmc = kmcRow(r.strand, r.k, r.mb);
      const ratio = (a: number, b: number | undefined): string => (b ? (a / b).toFixed(2) : '-');
      return `| ${r.tool} | ${r.k} | ${r.strand} | ${r.mb} MB | ${r.seconds.toFixed(2)} | ${ratio(r.seconds, kmc?.seconds)} | ${r.cpu.toFixed(2)} | ${ratio(r.cpu, kmc?.cpu)} | ${(r.mb / r.seconds).toFixed(0)} | ${r.rssMB.toFixed(0)} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
