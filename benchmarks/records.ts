/**
 * Records at DuckDB's speed (issue 19), side by side in one run: countBy status over 1 M
 * access-log NDJSON records (~176 MB), and the sums of the ten columns of the 1 M x 10
 * numeric CSV (~95 MB), for DuckDB on one and two threads (`@duckdb/node-api`, `threads`
 * set when the database is made) and for streamtoolz pipes, each from a file path, as a user
 * runs them, and for the same pipelines as job modules (benchmarks/jobs/records-*.mjs)
 * through `runJob(..., { threads: 2 })`. Every case runs in a fresh process, `--runs` times
 * round-robin; the work is timed after imports (DuckDB's from creating its database; a job's
 * from runJob's call, its module imported before, its worker thread's start timed). Answers
 * are checked against each other: a fast wrong count fails the run.
 *
 * Usage: npx tsx benchmarks/records.ts [--runs 5] [--only json,csv] [--case NAME]
 * Inputs are generated into benchmarks/data/ (records-data.ts) on first use.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCsv, ensureNdjson } from './records-data.js';
import { isMain, machine, median, report, runChild, seconds, table, type RunResult } from './support.js';

type Work = (path: string) => Promise<unknown>;

interface Case {
  label: string;
  load: () => Promise<Work>;
}

/** DuckDB on `threads` threads: a query's rows as strings (its integers are BigInts). */
function duckdb(threads: number, sql: (path: string) => string): Case['load'] {
  return async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    return async (path) => {
      const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
      const connection = await db.connect();
      const reader = await connection.runAndReadAll(sql(path));
      connection.closeSync();
      db.closeSync();
      return reader.getRows().map((row) => row.map((v) => Number(v)));
    };
  };
}

const countSql = (path: string): string => `SELECT status, count(*) FROM read_json('${path}', format = 'newline_delimited') GROUP BY status ORDER BY status`;
const sumSql = (path: string): string => `SELECT ${Array.from({ length: 10 }, (_, c) => `sum(c${c})`).join(', ')} FROM read_csv('${path}', header = true)`;

/** countBy's Map as DuckDB's rows: [status, count] sorted by status. */
const sortedCounts = (counts: Map<unknown, number>): number[][] =>
  [...counts].map(([k, n]) => [Number(k), n]).sort((a, b) => (a[0] as number) - (b[0] as number));

/** pipe(source, countBy(status)): by a key function, or by the field name (which pipe() pushes down to the source). */
function pipeCount(options: object | undefined, byName = false): Case['load'] {
  return async () => {
    const { json } = await import('../sources/json.js');
    const { pipe } = await import('../lib/core/pipe.js');
    const { countBy } = await import('../sinks/count-by.js');
    const key = byName ? 'status' : (r: { status: number }) => r.status;
    return async (path) => sortedCounts(await pipe(json<{ status: number }>(path, options), countBy(key)));
  };
}

/**
 * runJob of a job module of benchmarks/jobs on `threads` threads. The module is imported here
 * first (as the other cases import what they use before the clock starts); the threads'
 * start, which imports the package again in each, is timed.
 */
function jobCase(module: string, threads: number, answer: (result: unknown) => unknown): Case['load'] {
  return async () => {
    // The job modules are not compiled: from dist/benchmarks, they are in benchmarks/jobs.
    const here = new URL('.', import.meta.url);
    const url = new URL(`${here.pathname.endsWith('/dist/benchmarks/') ? '../../benchmarks/' : './'}jobs/${module}`, here);
    await import(url.href);
    const { runJob } = await import('../lib/job/run-job.js');
    return async (path) => answer(await runJob(url, [path], { threads }));
  };
}

/** pipe(csv source, reduce to the column sums). */
function pipeSums(make: (path: string) => AsyncIterable<unknown>, add: (sums: Float64Array, item: never) => Float64Array): Case['load'] {
  return async () => {
    const { pipe } = await import('../lib/core/pipe.js');
    const { reduce } = await import('../sinks/reduce.js');
    return async (path) => [[...(await pipe(make(path) as never, reduce(add, new Float64Array(10))))]];
  };
}

const addRow = (sums: Float64Array, row: Float64Array): Float64Array => {
  for (let c = 0; c < 10; c++) sums[c]! += row[c]!;
  return sums;
};

export const jsonCases: Record<string, Case> = {
  'duckdb-1': { label: 'DuckDB, 1 thread: read_json(...) GROUP BY status', load: duckdb(1, countSql) },
  'duckdb-2': { label: 'DuckDB, 2 threads', load: duckdb(2, countSql) },
  pipe: { label: 'pipe(sources.json(file), sinks.countBy((r) => r.status))', load: pipeCount(undefined) },
  fields: { label: "pipe(sources.json(file, { fields: ['status'] }), sinks.countBy((r) => r.status))", load: pipeCount({ fields: ['status'] }) },
  pushdown: { label: "pipe(sources.json(file), sinks.countBy('status')): the field pushed down", load: pipeCount(undefined, true) },
  'threads-2': {
    label: 'runJob(records-count job: the fields pipe above, { threads: 2 })',
    load: jobCase('records-count.mjs', 2, (counts) => sortedCounts(counts as Map<unknown, number>)),
  },
  node: {
    label: 'plain Node: readline + JSON.parse + Map',
    load: async () => {
      const { createReadStream } = await import('node:fs');
      const { createInterface } = await import('node:readline');
      return async (path) => {
        const counts = new Map<unknown, number>();
        for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
          const status = (JSON.parse(line) as { status: unknown }).status;
          counts.set(status, (counts.get(status) ?? 0) + 1);
        }
        return sortedCounts(counts);
      };
    },
  },
};

export const csvCases: Record<string, Case> = {
  'duckdb-1': { label: 'DuckDB, 1 thread: sum of each column of read_csv(...)', load: duckdb(1, sumSql) },
  'duckdb-2': { label: 'DuckDB, 2 threads', load: duckdb(2, sumSql) },
  rows: {
    label: 'pipe(sources.csv(file, { numeric: true }), sinks.reduce(add row))',
    load: async () => {
      const { csv } = await import('../sources/csv.js');
      return pipeSums((path) => csv(path, { numeric: true }), addRow as never)();
    },
  },
  matrix: {
    label: "pipe(sources.csv(file, { numeric: 'matrix' }), sinks.reduce(add rows))",
    load: async () => {
      const { csv } = await import('../sources/csv.js');
      const addMatrix = (sums: Float64Array, m: { rows: number; data: Float64Array }): Float64Array => {
        for (let i = 0; i < m.rows * 10; i += 10) for (let c = 0; c < 10; c++) sums[c]! += m.data[i + c]!;
        return sums;
      };
      return pipeSums((path) => csv(path, { numeric: 'matrix' }), addMatrix as never)();
    },
  },
  'threads-2': {
    label: "runJob(records-sums job: csv(file, { numeric: 'matrix' }) into column sums, { threads: 2 })",
    load: jobCase('records-sums.mjs', 2, (sums) => [[...((sums as Map<string, Float64Array>).get('sums') ?? [])]]),
  },
  columns: {
    label: "pipe(sources.csv(file, { columns: { c0: 'float', ... c9: 'float' } }), sinks.reduce(add fields))",
    load: async () => {
      const { csv } = await import('../sources/csv.js');
      const columns = Object.fromEntries(Array.from({ length: 10 }, (_, c) => [`c${c}`, 'float' as const]));
      const addFields = (s: Float64Array, r: Record<string, number>): Float64Array => {
        s[0]! += r.c0!;
        s[1]! += r.c1!;
        s[2]! += r.c2!;
        s[3]! += r.c3!;
        s[4]! += r.c4!;
        s[5]! += r.c5!;
        s[6]! += r.c6!;
        s[7]! += r.c7!;
        s[8]! += r.c8!;
        s[9]! += r.c9!;
        return s;
      };
      return pipeSums((path) => csv(path, { columns }), addFields as never)();
    },
  },
};

/** Runs one table: every case `runs` times, round-robin, each in a fresh process. */
async function compare(title: string, kind: string, path: string, cases: Record<string, Case>, names: string[], runs: number): Promise<boolean> {
  const script = fileURLToPath(import.meta.url);
  const before = loadavg()[0]!.toFixed(1);
  const results = new Map<string, RunResult[]>(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) for (const name of names) results.get(name)!.push(await runChild(script, ['--case', `${kind}:${name}`]));
  const base = median(results.get(names[0]!)!.map((x) => x.ms));
  const baseCpu = median(results.get(names[0]!)!.map((x) => x.cpuMs));
  const answer = rounded(results.get(names[0]!)![0]!.result);
  let agree = true;
  const rows = names.map((name) => {
    const rs = results.get(name)!;
    const ms = median(rs.map((x) => x.ms));
    const cpu = median(rs.map((x) => x.cpuMs));
    const same = rs.every((x) => rounded(x.result) === answer);
    agree &&= same;
    return [
      `${name}: ${cases[name]!.label}${same ? '' : ' (WRONG ANSWER)'}`,
      seconds(ms),
      seconds(Math.min(...rs.map((x) => x.ms))),
      seconds(Math.max(...rs.map((x) => x.ms))),
      seconds(cpu),
      `${(ms / base).toFixed(2)}× / ${(cpu / baseCpu).toFixed(2)}×`,
    ];
  });
  console.log(
    `## ${title}\n\n${machine()}\ninput: ${path}; median of ${runs} runs per case, each in a fresh process; load average ${before} before, ${loadavg()[0]!.toFixed(1)} after\n`,
  );
  console.log(table(['case', 'median', 'min', 'max', 'CPU (median)', `vs ${names[0]} (wall / CPU)`], rows));
  console.log(`\nanswer: ${answer}\n`);
  return agree;
}

/** Answers as text with numbers to 6 significant digits: sums in another order differ in the last bits. */
function rounded(result: string): string {
  return JSON.stringify(JSON.parse(result), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v));
}

/**
 * Parent: makes the inputs, runs the two tables. Child (`--case json:fields`): times one case.
 *
 * @example
 * ```ts
 * await main(['--runs', '3', '--only', 'json']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '5' }, only: { type: 'string' }, case: { type: 'string' } },
  });
  const ndjson = await ensureNdjson(1e6);
  const csv = await ensureCsv();
  if (values.case !== undefined) {
    const [kind, name] = values.case.split(':') as [string, string];
    const work = await (kind === 'json' ? jsonCases : csvCases)[name]!.load();
    return report(() => work(kind === 'json' ? ndjson : csv));
  }
  const only = values.only?.split(',') ?? ['json', 'csv'];
  const runs = Number(values.runs);
  let ok = true;
  if (only.includes('json'))
    ok = (await compare('countBy status over 1 M access-log NDJSON records', 'json', ndjson, jsonCases, Object.keys(jsonCases), runs)) && ok;
  if (only.includes('csv')) ok = (await compare('Sums of the 10 columns of a 1 M x 10 numeric CSV', 'csv', csv, csvCases, Object.keys(csvCases), runs)) && ok;
  if (!ok) process.exitCode = 1;
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
