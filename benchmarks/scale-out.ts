/**
 * Scale-out on BullMQ: two `streamtoolz worker` processes (one part at a time each) on this
 * 2-core machine against one process, with what the machine allows beside it: two
 * independent processes on half the input each, at the same time. Two cases:
 * - k=21 over 200 MB of FASTA: `kmers -k 21 FILE` against submit + 2 workers + reduce (the
 *   same bytes out, checked by SHA-256);
 * - the user job `benchmarks/jobs/count-status.mjs` (countBy over NDJSON with a filter) over
 *   1 GB of logs: `run JOB FILE` against `run JOB FILE --redis URL` with 2 workers (the same
 *   JSON out, checked).
 * The distributed wall time runs from submit (which hashes the input) to the end of reduce,
 * on a throwaway redis-server on 127.0.0.1. Speed-up = one process / distributed; "allowed" =
 * one process / the two halves. The goal: 1.7x.
 *
 * Usage:
 *   node dist/benchmarks/scale-out.js [--only kmers,job] [--parts 16] [--fasta-mb 200] [--ndjson-mb 1000]
 *   npx tsx benchmarks/scale-out.ts ...   (from the sources)
 * Inputs are made once into benchmarks/data/ (git-ignored). Every process runs under
 * /usr/bin/time for its wall, CPU and peak RSS; the machine is shared, so the load average
 * is printed with the table.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeFasta } from './kmers.js';
import { isMain, machine, mebibytes, seconds, table } from './support.js';

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
const inDist = here.includes(join('dist', 'benchmarks'));
const dataDir = join(inDist ? join(here, '..', '..', 'benchmarks') : here, 'data');
const cliMain = join(here, '..', 'cli', inDist ? 'main.js' : 'main.ts');
const jobFile = join(inDist ? join(here, '..', '..', 'benchmarks') : here, 'jobs', 'count-status.mjs');
// From the sources, tsx resolves the job module's `import 'streamtoolz'` (tsconfig paths).
const nodeArgs = inDist ? [] : [...process.execArgv];

/** A finished process: its output's SHA-256 (or text), wall and CPU seconds, peak RSS. */
interface Ran {
  wall: number;
  cpu: number;
  rss: number;
  out: string;
  err: string;
}

/** Runs `streamtoolz ...args` under /usr/bin/time; keeps the SHA-256 of a big stdout. */
function streamtoolz(args: string[], hashOut = false): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...nodeArgs, cliMain, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (hashOut ? hash.update(d) : (out += d)));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => {
      const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(err);
      if (code !== 0 || m === null) return reject(new Error(`streamtoolz ${args.join(' ')} failed (exit ${code}): ${err.trim()}`));
      resolve({
        wall: Number(m[1]),
        cpu: Number(m[2]) + Number(m[3]),
        rss: Number(m[4]) * 1024,
        out: hashOut ? hash.digest('hex') : out,
        err: err.slice(0, m.index),
      });
    });
  });
}

/** Logs of `mb` megabytes: one JSON object per line, as the job fixture's (seeded). */
function makeLogs(mb: number): string {
  const path = join(dataDir, `logs-${mb}mb.ndjson`);
  if (existsSync(path)) return path;
  mkdirSync(dataDir, { recursive: true });
  const paths = ['/', '/login', '/api/orders', '/api/users/été', '/search?q=a\nb', '/static/app.js', '/api/cart', '/health'];
  const statuses = [200, 200, 200, 201, 304, 404, 500, 502, 503];
  const fd = openSync(`${path}.tmp`, 'w');
  let x = 88172645;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  let written = 0;
  for (let id = 0; written < mb * 1e6; ) {
    const lines: string[] = [];
    for (let i = 0; i < 10000; i++, id++) {
      const r = {
        id,
        path: paths[next() % paths.length],
        status: statuses[next() % statuses.length],
        ms: (next() % 900000) / 1000,
        agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      };
      lines.push(JSON.stringify(r));
    }
    const chunk = `${lines.join('\n')}\n`;
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  // Written under .tmp first: an interrupted run leaves no half file under the real name.
  renameSync(`${path}.tmp`, path);
  return path;
}

/** The two halves of a file, cut at a record start ('>' for FASTA, a line for NDJSON). */
async function halves(path: string, fasta: boolean): Promise<[string, string]> {
  const a = `${path}.half1`;
  const b = `${path}.half2`;
  if (existsSync(a) && existsSync(b)) return [a, b];
  const { splitFile } = await import('../lib/parallel/split.js');
  const [r1, r2] = await splitFile(path, 2, { format: fasta ? 'fasta' : 'lines' });
  for (const [r, out] of [
    [r1!, a],
    [r2!, b],
  ] as const) {
    const fd = openSync(`${out}.tmp`, 'w');
    for await (const chunk of createReadStream(path, { start: r.start, end: r.end - 1 })) writeSync(fd, chunk as Buffer);
    closeSync(fd);
    renameSync(`${out}.tmp`, out);
  }
  return [a, b];
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A throwaway redis-server; resolves with its URL and a stop function. */
async function redisServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = join(tmpdir(), `streamtoolz-bench-redis-${port}`);
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (d: Buffer) => {
      log += d;
      if (/Ready to accept/.test(log)) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited: ${log}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

interface Case {
  label: string;
  input: string;
  fasta: boolean;
  one: (input: string) => string[];
  submit: (url: string) => string[];
  reduce: (url: string) => string[];
  workerArgs: string[];
  hashOut: boolean;
}

/** One case: one process, the two halves side by side, and submit + 2 workers + reduce. */
async function measure(c: Case, parts: number): Promise<string[][]> {
  const one = await streamtoolz(c.one(c.input), c.hashOut);
  const [h1, h2] = await halves(c.input, c.fasta);
  const both = await Promise.all([streamtoolz(c.one(h1), c.hashOut), streamtoolz(c.one(h2), c.hashOut)]);
  const halvesWall = Math.max(both[0].wall, both[1].wall);
  const redis = await redisServer();
  let dist: { wall: number; cpu: number; rss: number; submit: Ran; reduce: Ran; workers: Ran[] };
  try {
    const t0 = performance.now();
    const submit = await streamtoolz([...c.submit(redis.url), '--parts', String(parts), c.input]);
    const workers = [1, 2].map(() => streamtoolz(['worker', '--redis', redis.url, '--allow', dirname(c.input), '--exit-when-drained', ...c.workerArgs]));
    const reduce = await streamtoolz(c.reduce(redis.url), c.hashOut);
    const w = await Promise.all(workers);
    const wall = (performance.now() - t0) / 1000;
    dist = { wall, cpu: submit.cpu + reduce.cpu + w[0]!.cpu + w[1]!.cpu, rss: Math.max(reduce.rss, w[0]!.rss, w[1]!.rss), submit, reduce, workers: w };
  } finally {
    await redis.stop();
  }
  if (dist.reduce.out !== one.out) throw new Error(`${c.label}: the distributed result differs from one process's`);
  const row = (what: string, wall: number, cpu: number, rss: number, speed: string): string[] => [
    `${c.label}: ${what}`,
    seconds(wall * 1000),
    seconds(cpu * 1000),
    speed,
    mebibytes(rss),
  ];
  return [
    row('one process', one.wall, one.cpu, one.rss, '1.00×'),
    row(
      'two processes, half each (allowed)',
      halvesWall,
      both[0].cpu + both[1].cpu,
      Math.max(both[0].rss, both[1].rss),
      `${(one.wall / halvesWall).toFixed(2)}×`,
    ),
    row(
      `submit ${seconds(dist.submit.wall * 1000)} + 2 workers + reduce ${seconds(dist.reduce.wall * 1000)}`,
      dist.wall,
      dist.cpu,
      dist.rss,
      `${(one.wall / dist.wall).toFixed(2)}×`,
    ),
  ];
}

/**
 * Runs both cases and prints the table.
 *
 * @example
 * ```ts
 * await main(['--only', 'job', '--ndjson-mb', '100']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', default: 'kmers,job' },
      parts: { type: 'string', default: '16' },
      'fasta-mb': { type: 'string', default: '200' },
      'ndjson-mb': { type: 'string', default: '1000' },
    },
  });
  const only = new Set(values.only.split(','));
  const parts = Number(values.parts);
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`# scale-out: 2 workers on BullMQ vs 1 process, ${parts} parts\n${machine()}; load average at start ${load()}\n`);
  const rows: string[][] = [];
  if (only.has('kmers')) {
    const fasta = makeFasta(Number(values['fasta-mb']));
    rows.push(
      ...(await measure(
        {
          label: `k=21, ${mebibytes(statSync(fasta).size)} FASTA`,
          input: fasta,
          fasta: true,
          one: (input) => ['kmers', '-k', '21', input],
          submit: (url) => ['submit', '--redis', url, '--queue', 'bench', '--kmers', '21'],
          reduce: (url) => ['reduce', '--redis', url, '--queue', 'bench'],
          workerArgs: [],
          hashOut: true,
        },
        parts,
      )),
    );
  }
  if (only.has('job')) {
    const logs = makeLogs(Number(values['ndjson-mb']));
    rows.push(
      ...(await measure(
        {
          label: `countBy job, ${mebibytes(statSync(logs).size)} NDJSON`,
          input: logs,
          fasta: false,
          one: (input) => ['run', jobFile, input],
          submit: (url) => ['submit', '--redis', url, '--queue', 'bench', '--job', jobFile],
          reduce: (url) => ['reduce', '--redis', url, '--queue', 'bench', '--job', jobFile],
          workerArgs: ['--job', jobFile],
          hashOut: false,
        },
        parts,
      )),
    );
  }
  console.log(table(['case', 'wall', 'CPU (all processes)', 'speed-up', 'peak RSS (largest process)'], rows));
  console.log(`\nload average at end ${load()} (2 cores: above ~1.5 other work takes cores from the parallel rows)`);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
