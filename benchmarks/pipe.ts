/**
 * Per-item overhead (issue 2, "Performance"): map(x * 2) → filter(x % 3 !== 0) → sum over
 * `range(N)`, a generator of the numbers 0..N-1, run by every way of streaming we compare:
 * plain core Transforms, Node's Readable operators, highland, streaming-iterables,
 * streamtoolz `pipe()`, streamtoolz stages unfused in Node's `pipeline`, and bare loops.
 * Three rows read an object-mode `Readable.from(range(N))` instead of the bare generator
 * (core Transforms, highland and `pipe()`): issue 13 asks `pipe()` there for at most half
 * highland's time.
 * Every run is a fresh child process; the table shows the median wall time of the work
 * (startup and imports excluded), the peak RSS of the process, and the ratio to `pipe()`.
 * Two more rows run `pipe()` and the for-loop at 10 × N: time should grow ~10×, memory not.
 *
 * Usage: npx tsx benchmarks/pipe.ts [N=5000000] [--runs 5] [--only pipe,highland] [--no-scale]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain, machine, mebibytes, median, report, runChild, seconds, table, type RunResult } from './support.js';

/** The source every case reads: a plain generator, as in the seed. */
function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const double = (x: number): number => x * 2;
const keep = (x: number): boolean => x % 3 !== 0;
const add = (a: number, x: number): number => a + x;

/** A case: `load` imports what it needs (untimed) and returns the timed work. */
interface Case {
  label: string;
  load: () => Promise<(n: number) => Promise<number> | number>;
}

const cases: Record<string, Case> = {
  core: {
    label: 'plain core Transforms in pipeline, on Readable.from(range(N))',
    load: async () => {
      const { Readable, Transform, Writable } = await import('node:stream');
      const { pipeline } = await import('node:stream/promises');
      return async (n) => {
        let total = 0;
        await pipeline(
          Readable.from(range(n)),
          new Transform({ objectMode: true, transform: (x: number, _e, cb) => cb(null, double(x)) }),
          new Transform({ objectMode: true, transform: (x: number, _e, cb) => (keep(x) ? cb(null, x) : cb()) }),
          new Writable({ objectMode: true, write: (x: number, _e, cb) => ((total += x), cb()) }),
        );
        return total;
      };
    },
  },
  operators: {
    label: 'Readable.from().map().filter().reduce()',
    load: async () => {
      const { Readable } = await import('node:stream');
      return (n) => Readable.from(range(n)).map(double).filter(keep).reduce(add, 0) as Promise<number>;
    },
  },
  highland: {
    label: 'highland',
    load: async () => {
      const _ = (await import('highland')).default;
      return (n) => _<number>(range(n)).map(double).filter(keep).reduce(0, add).toPromise(Promise);
    },
  },
  highlandReadable: {
    label: 'highland on Readable.from(range(N))',
    load: async () => {
      const _ = (await import('highland')).default;
      const { Readable } = await import('node:stream');
      return (n) =>
        _<number>(Readable.from(range(n)))
          .map(double)
          .filter(keep)
          .reduce(0, add)
          .toPromise(Promise);
    },
  },
  iterables: {
    label: 'streaming-iterables',
    load: async () => {
      const { filter, map, reduce } = await import('streaming-iterables');
      return (n) => reduce(add, 0, filter(keep, map(double, range(n))));
    },
  },
  pipe: {
    label: 'streamtoolz pipe()',
    load: async () => {
      const { pipe } = await import('../lib/core/pipe.js');
      const { map, filter } = await import('../transforms/index.js');
      const { sum } = await import('../sinks/index.js');
      return (n) => pipe(range(n), map(double), filter(keep), sum());
    },
  },
  pipeReadable: {
    label: 'streamtoolz pipe() on Readable.from(range(N))',
    load: async () => {
      const { pipe } = await import('../lib/core/pipe.js');
      const { map, filter } = await import('../transforms/index.js');
      const { sum } = await import('../sinks/index.js');
      const { Readable } = await import('node:stream');
      return (n) => pipe(Readable.from(range(n)), map(double), filter(keep), sum());
    },
  },
  unfused: {
    label: 'streamtoolz stages in pipeline (unfused)',
    load: async () => {
      const { Readable } = await import('node:stream');
      const { pipeline } = await import('node:stream/promises');
      const { map, filter } = await import('../transforms/index.js');
      const { sum } = await import('../sinks/index.js');
      // Node's pipeline resolves with what its last function returns: the sink's result.
      const run = pipeline as unknown as (...parts: unknown[]) => Promise<number>;
      return (n) => run(Readable.from(range(n)), map(double), filter(keep), sum());
    },
  },
  stagesWritable: {
    label: 'streamtoolz stages + Writable in pipeline',
    load: async () => {
      const { Readable, Writable } = await import('node:stream');
      const { pipeline } = await import('node:stream/promises');
      const { map, filter } = await import('../transforms/index.js');
      // As `unfused`, with the sink of the `core` case: splits the stages' cost from the sink's.
      return async (n) => {
        let total = 0;
        await pipeline(
          Readable.from(range(n)),
          map(double),
          filter(keep),
          new Writable({ objectMode: true, write: (x: number, _e, cb) => ((total += x), cb()) }),
        );
        return total;
      };
    },
  },
  forOf: {
    label: 'for...of over range(N)',
    load: async () => (n) => {
      let total = 0;
      for (const i of range(n)) {
        const x = double(i);
        if (keep(x)) total += x;
      }
      return total;
    },
  },
  loop: {
    label: 'bare for-loop',
    load: async () => (n) => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const x = i * 2;
        if (x % 3 !== 0) total += x;
      }
      return total;
    },
  },
};

/**
 * The answer, computed apart from every case: the sum of 2i over 0 ≤ i < n less the sum over
 * the i that are multiples of 3 (2i % 3 === 0 exactly when i % 3 === 0).
 */
function expectedSum(n: number): number {
  const all = BigInt(n) * BigInt(n - 1);
  const m = BigInt(Math.ceil(n / 3));
  return Number(all - 3n * m * (m - 1n));
}

/** Child side: runs one case once and prints its {@link RunResult}. */
async function child(name: string, n: number): Promise<void> {
  const c = cases[name];
  if (c === undefined) throw new Error(`unknown case ${name}`);
  const work = await c.load();
  await report(() => work(n));
}

/**
 * Runs the comparison and prints the machine header and a markdown table.
 *
 * @example
 * ```ts
 * await main(['1000000', '--runs', '3']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '5' }, only: { type: 'string' }, 'no-scale': { type: 'boolean', default: false }, case: { type: 'string' } },
  });
  const n = positionals[0] === undefined ? 5_000_000 : Number(positionals[0]);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`N must be a positive integer. Received ${positionals[0]}`);
  if (values.case !== undefined) return child(values.case, n);
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`--runs must be a positive integer. Received ${values.runs}`);
  const names = values.only?.split(',') ?? Object.keys(cases);
  for (const name of names) if (cases[name] === undefined) throw new RangeError(`--only: unknown case ${name}; cases are ${Object.keys(cases).join(', ')}`);

  // Rows: every case at N, then pipe() and the for-loop at 10 × N (linear time, flat memory).
  const rows: { name: string; n: number }[] = names.map((name) => ({ name, n }));
  if (!values['no-scale']) for (const name of ['pipe', 'loop']) if (names.includes(name)) rows.push({ name, n: n * 10 });

  const self = fileURLToPath(import.meta.url);
  const results: RunResult[][] = rows.map(() => []);
  // Round-robin over the rows, so that a slow spell of the machine hits every case alike.
  for (let r = 0; r < runs; r++) {
    for (const [i, row] of rows.entries()) {
      if (process.stderr.isTTY) process.stderr.write(`run ${r + 1}/${runs}: ${row.name} N=${row.n}\x1b[K\r`);
      results[i]!.push(await runChild(self, ['--case', row.name, String(row.n)]));
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\x1b[K');

  // Every run of every case must give the closed-form sum.
  const problems: string[] = [];
  for (const [i, row] of rows.entries()) {
    for (const run of results[i]!) {
      const want = JSON.stringify(expectedSum(row.n));
      if (run.result !== want) problems.push(`${row.name} at N=${row.n} gave ${run.result}, expected ${want}`);
    }
  }

  const times = results.map((rs) => median(rs.map((x) => x.ms)));
  const pipeAtN = rows.findIndex((row) => row.name === 'pipe' && row.n === n);
  const base = pipeAtN >= 0 ? times[pipeAtN]! : undefined;
  // CPU time is the steadier figure when other processes share the cores.
  const cpus = results.map((rs) => median(rs.map((x) => x.cpuMs)));
  const cpuBase = pipeAtN >= 0 ? cpus[pipeAtN]! : undefined;
  const fmtN = (x: number): string => x.toLocaleString('en-US');
  console.log(`# pipe: map(x * 2) → filter(x % 3 !== 0) → sum over range(N)\n`);
  console.log(`Machine: ${machine()}  `);
  console.log(
    `N = ${fmtN(n)}, ${runs} run(s) per case, each a fresh process; median wall time of the work (min, max), median CPU time (user + system, all threads), peak RSS of the process and its growth during the work.  `,
  );
  console.log(
    `Sum at N: ${expectedSum(n)}; ${problems.length === 0 ? 'every run of every case gave the closed-form sum' : `${problems.length} run(s) gave a wrong sum`}.\n`,
  );
  console.log(
    table(
      ['case', 'N', 'median', 'min', 'max', 'CPU', 'peak RSS', 'RSS growth', '× pipe() wall', '× pipe() CPU'],
      rows.map((row, i) => {
        const ms = results[i]!.map((x) => x.ms);
        return [
          cases[row.name]!.label,
          fmtN(row.n),
          seconds(times[i]!),
          seconds(Math.min(...ms)),
          seconds(Math.max(...ms)),
          seconds(cpus[i]!),
          mebibytes(median(results[i]!.map((x) => x.peakRss))),
          mebibytes(median(results[i]!.map((x) => Math.max(0, x.peakRss - x.startRss)))),
          base === undefined ? '-' : (times[i]! / base).toFixed(2),
          cpuBase === undefined ? '-' : (cpus[i]! / cpuBase).toFixed(2),
        ];
      }),
    ),
  );
  if (problems.length > 0) {
    console.error(`\nResults differ:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
