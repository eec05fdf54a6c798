/**
 * De Bruijn assembly, side by side: `streamtoolz assemble` (bytes → k-mer scanner → count
 * table → compact graph → Euler path), the library API (`pipe(sources.sequences(file),
 * sinks.deBruijn(k))` then `assemble(eulerianPath(graph))`), and the seed's toolz + networkx
 * pipeline (`assemble-seed.py`: as in the talk, toolz with tuples of characters as nodes,
 * and its fastest form, cytoolz with string nodes), each as a whole process. Prints median
 * wall and CPU time (user + system), peak RSS (from `/usr/bin/time`), the ratios to the
 * fastest seed variant, and whether each output is the genome (a substring of it covering
 * at least 99.9%; random reads may miss the last bases). On a shared machine CPU time is
 * the steadier figure.
 *
 * Usage (after `npm run build`; under tsx the TypeScript loader adds ~30 MB of RSS):
 *   node dist/benchmarks/assemble.js [--genome 200000] [--reads 68000] [--length 100] [--k 31]
 *                                    [--runs 3] [--big] [--no-seed] [--no-toolz]
 * The defaults are the case: 68 k reads of 100 bases from a 200 kb random genome,
 * k = 31. --big adds a 5 Mb genome at 30x coverage (1.5 M reads, 150 MB; streamtoolz only:
 * the seed's pipeline would need tens of GB). Data goes to benchmarks/data/ (git-ignored),
 * generated from a fixed seed.
 *
 * Measured 2026-11-24, later run (AMD EPYC, 2 cores shared with other jobs, load ~3, Node
 * 20.20; CPU = user+sys; `--runs 5 --no-toolz --big`; peak RSS is the max over the runs):
 *   68 k reads x 100 from 200 kb, k=31   wall     CPU     peak RSS
 *   streamtoolz assemble                 0.45 s   0.46 s   66 MB   (33x less CPU, 0.20x RSS)
 *   streamtoolz API pipe → deBruijn      0.40 s   0.49 s   92 MB
 *   seed, cytoolz + string nodes        20.6 s   15.0 s   331 MB
 *   5 Mb genome, 1.5 M reads (--big)    17.6 s   10.6 s   269 MB   (genome back exactly)
 * Of the 66 MB, Node's own binary pages are ~41 (`RssFile`; `node -e 0` is 40 MB in all);
 * the command collects garbage between its phases (`cli/collect-garbage.ts`) so that the
 * count table is gone before the graph is built and the columns before the walk.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain, machine, median, table } from './support.js';

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
const srcDir = here.replace(/dist[\\/]benchmarks$/, 'benchmarks');
const dataDir = join(srcDir, 'data');

/** Child modes: the CLI in this process, or the library API. */
async function child(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  if (mode === '--cli') {
    const { runCli } = await import('../cli/run.js');
    const { assembleCommand } = await import('../cli/commands/assemble.js');
    const signal = new AbortController().signal;
    process.exitCode = await runCli(
      ['assemble', ...rest],
      { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, stderrIsTTY: false, signal },
      [assembleCommand],
    );
    return;
  }
  const [k, file] = rest;
  const { pipe } = await import('../lib/core/pipe.js');
  const { sequences } = await import('../sources/sequences.js');
  const { deBruijn } = await import('../sinks/de-bruijn.js');
  const { eulerianPath } = await import('../lib/debruijn/eulerian-path.js');
  const { assemble } = await import('../lib/debruijn/assemble.js');
  const graph = await pipe(sequences(file!), deBruijn(Number(k)));
  process.stdout.write(`>api\n${assemble(eulerianPath(graph))}\n`);
}

/** xorshift32: the same genome and reads on every machine. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** A random genome and error-free reads of it, one per line; cached in benchmarks/data/. */
function makeData(genomeLength: number, reads: number, length: number): { genome: string; readsFile: string } {
  mkdirSync(dataDir, { recursive: true });
  const genomeFile = join(dataDir, `assemble-${genomeLength}.genome.txt`);
  const readsFile = join(dataDir, `assemble-${genomeLength}-${reads}x${length}.txt`);
  if (!existsSync(genomeFile)) {
    const next = xorshift(20240606);
    const g = Buffer.allocUnsafe(genomeLength);
    for (let i = 0; i < genomeLength; i++) g[i] = 'ACGT'.charCodeAt(next() & 3);
    writeFileSync(genomeFile, g);
  }
  const genome = readFileSync(genomeFile, 'latin1');
  if (!existsSync(readsFile)) {
    const next = xorshift(reads * 31 + length);
    const fd = openSync(`${readsFile}.tmp`, 'w');
    const buf = Buffer.allocUnsafe((length + 1) * 10_000);
    for (let r = 0; r < reads; ) {
      let pos = 0;
      for (let n = 0; n < 10_000 && r < reads; n++, r++) {
        const start = next() % (genomeLength - length + 1);
        pos += buf.write(genome.slice(start, start + length), pos, 'latin1');
        buf[pos++] = 10;
      }
      writeSync(fd, buf, 0, pos);
    }
    closeSync(fd);
    renameSync(`${readsFile}.tmp`, readsFile);
  }
  return { genome, readsFile };
}

/** Median wall time and max peak RSS of `runs` runs; the last run's stdout. */
function measure(cmd: string[], runs: number): { seconds: number; cpu: number; rssMB: number; out: string } {
  const times: number[] = [];
  const cpus: number[] = [];
  let rss = 0;
  let out = '';
  const timeFile = join(dataDir, 'assemble-time.txt');
  const outFile = join(dataDir, 'assemble-out.txt');
  for (let i = 0; i < runs; i++) {
    const fd = openSync(outFile, 'w');
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, ...cmd], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr.toString().slice(-500)}`);
    const [e, m, u, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    times.push(e!);
    cpus.push(u! + sys!);
    rss = Math.max(rss, m! / 1024);
    out = readFileSync(outFile, 'latin1');
  }
  return { seconds: median(times), cpu: median(cpus), rssMB: rss, out };
}

/** The assembled sequence: the FASTA records' sequences, or a bare line (the seed's output). */
function sequenceOf(out: string): string[] {
  if (!out.startsWith('>')) return [out.trim()];
  return out
    .split('>')
    .filter(Boolean)
    .map((rec) => rec.split('\n').slice(1).join(''));
}

function verdict(genome: string, out: string): string {
  const seqs = sequenceOf(out);
  const best = seqs[0] ?? '';
  const ok = genome.includes(best) && best.length >= 0.999 * genome.length;
  return `${ok ? 'yes' : 'NO'} (${seqs.length} seq, ${best.length} of ${genome.length} bases)`;
}

interface Row {
  tool: string;
  input: string;
  seconds: number;
  cpu: number;
  rssMB: number;
  correct: string;
}

/** Runs the benchmark (see the module comment for argv). */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      genome: { type: 'string', default: '200000' },
      reads: { type: 'string', default: '68000' },
      length: { type: 'string', default: '100' },
      k: { type: 'string', default: '31' },
      runs: { type: 'string', default: '3' },
      big: { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      'no-toolz': { type: 'boolean' },
    },
  });
  const k = values.k;
  const runs = Number(values.runs);
  const node = [process.execPath, ...process.execArgv, self];
  const rows: Row[] = [];
  const run = (tool: string, input: string, genome: string, cmd: string[], n: number): void => {
    const m = measure(cmd, n);
    rows.push({ tool, input, seconds: m.seconds, cpu: m.cpu, rssMB: m.rssMB, correct: verdict(genome, m.out) });
    process.stderr.write(`${tool} ${input}: ${m.seconds.toFixed(2)} s, CPU ${m.cpu.toFixed(2)} s, ${m.rssMB.toFixed(0)} MB\n`);
  };

  const cases = [[Number(values.genome), Number(values.reads), Number(values.length)] as const];
  if (values.big) cases.push([5_000_000, 1_500_000, 100] as const);
  for (const [g, r, len] of cases) {
    const { genome, readsFile } = makeData(g, r, len);
    const input = `${r / 1000} k reads x ${len} from ${g / 1000} kb`;
    const big = g > 1_000_000;
    run('streamtoolz assemble', input, genome, [...node, '--cli', '-k', k, '--line-width', '0', readsFile], big ? 1 : runs);
    run('streamtoolz API (sequences → deBruijn → eulerianPath)', input, genome, [...node, '--api', k, readsFile], big ? 1 : runs);
    if (!values['no-seed'] && !big) {
      const script = join(srcDir, 'assemble-seed.py');
      run('seed: cytoolz + networkx, string nodes', input, genome, ['/usr/bin/python3', script, 'cytoolz', 'str', k, readsFile], 1);
      if (!values['no-toolz'])
        run('seed: toolz + networkx, tuple nodes (as in the talk)', input, genome, ['/usr/bin/python3', script, 'toolz', 'tuple', k, readsFile], 1);
    }
  }

  // Ratios are to the fastest seed variant (cytoolz, string nodes): the conservative comparison.
  const seed = (input: string): Row | undefined => rows.find((x) => x.tool.startsWith('seed: cytoolz') && x.input === input);
  const lines = [
    `# De Bruijn assembly, k=${k}, ${new Date().toISOString()}: ${machine()}; median of ${runs} runs (1 for the seed and --big)`,
    table(
      ['tool', 'input', 'wall (s)', 'seed ÷ this', 'CPU (s)', 'seed ÷ this', 'peak RSS (MB)', 'this ÷ seed', 'genome back'],
      rows.map((x) => {
        const s = seed(x.input);
        const ratio = (a: number | undefined, b: number, digits: number): string => (a === undefined ? '-' : (a / b).toFixed(digits));
        return [
          x.tool,
          x.input,
          x.seconds.toFixed(2),
          ratio(s?.seconds, x.seconds, 1),
          x.cpu.toFixed(2),
          ratio(s?.cpu, x.cpu, 1),
          x.rssMB.toFixed(0),
          s ? (x.rssMB / s.rssMB).toFixed(2) : '-',
          x.correct,
        ];
      }),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isMain(import.meta.url)) {
  const argv = process.argv.slice(2);
  await (argv[0] === '--cli' || argv[0] === '--api' ? child(argv) : main(argv));
}
