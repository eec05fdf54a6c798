/**
 * Async I/O at bounded concurrency (issue 13, "Performance"): N items (default 10,000) go
 * through an async map whose function GETs `/item/:id` from an HTTP server on 127.0.0.1
 * that answers after 5 ms, at most 16 calls in flight, run by streamtoolz
 * (`transforms.map(fn, { concurrency: 16 })`), Node's `Readable.map(fn, { concurrency: 16 })`,
 * p-map and highland's `map(...).parallel(16)`. The server runs in this (parent) process and
 * counts the requests in flight; each case runs in a fresh child process. The table shows
 * the median wall time of the work, the throughput, the client's CPU time and the largest
 * number of requests the server saw in flight at once (it must not pass 16).
 *
 * The lower bound is N / 16 × 5 ms (3.1 s for 10,000 items): a case near it spends its time
 * waiting for the server, as it should; what tells the cases apart is how close they get,
 * their CPU time, and whether they keep to the limit. Every case must give every answer, in
 * input order.
 *
 * Usage: npx tsx benchmarks/services.ts [N=10000] [--runs 3] [--only streamtoolz,pmap]
 */
import { once } from 'node:events';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain, machine, median, report, runChild, seconds, table, type RunResult } from './support.js';

const CONCURRENCY = 16;
const DELAY_MS = 5;

/** What one item's request answers: its id, doubled. */
interface Answer {
  id: number;
  value: number;
}

/** The client's request, the same for every case: a keep-alive GET, its JSON body parsed. */
function client(port: number): (id: number) => Promise<Answer> {
  // No socket limit: the library under test is what must hold the calls to 16.
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  return (id) =>
    new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: `/item/${id}`, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (s: string) => (body += s));
        res.on('end', () => resolve(JSON.parse(body) as Answer));
        res.on('error', reject);
      }).on('error', reject);
    });
}

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A case: `load` imports what it needs (untimed) and returns the timed work. */
interface Case {
  label: string;
  load: () => Promise<(n: number, fetchItem: (id: number) => Promise<Answer>) => Promise<Answer[]>>;
}

const cases: Record<string, Case> = {
  streamtoolz: {
    label: 'streamtoolz map(fn, { concurrency: 16 })',
    load: async () => {
      const { pipe } = await import('../lib/core/pipe.js');
      const { map } = await import('../transforms/index.js');
      const { collect } = await import('../sinks/index.js');
      // The API of issue 13; typed loosely so that this file builds before the engine has it.
      const mapWith = map as unknown as (fn: (id: number) => Promise<Answer>, options: { concurrency: number }) => ReturnType<typeof map<number, Answer>>;
      return (n, fetchItem) => pipe(ids(n), mapWith(fetchItem, { concurrency: CONCURRENCY }), collect<Answer>());
    },
  },
  node: {
    label: 'Readable.from().map(fn, { concurrency: 16 })',
    load: async () => {
      const { Readable } = await import('node:stream');
      return (n, fetchItem) => Readable.from(ids(n)).map(fetchItem, { concurrency: CONCURRENCY }).toArray() as Promise<Answer[]>;
    },
  },
  pmap: {
    label: 'p-map(ids, fn, { concurrency: 16 })',
    load: async () => {
      const pMap = (await import('p-map')).default;
      return (n, fetchItem) => pMap(ids(n), fetchItem, { concurrency: CONCURRENCY });
    },
  },
  highland: {
    label: 'highland map(fn).parallel(16)',
    load: async () => {
      const _ = (await import('highland')).default;
      return (n, fetchItem) =>
        _(ids(n))
          .map((id: number) => _(fetchItem(id)))
          .parallel(CONCURRENCY)
          .collect()
          .toPromise(Promise);
    },
  },
};

/** What a run must give: every id's answer, in input order. */
function check(result: unknown, n: number): string | undefined {
  if (!Array.isArray(result)) return `a ${typeof result}, not an array`;
  if (result.length !== n) return `${result.length} answers for ${n} items`;
  for (let i = 0; i < n; i++) {
    const a = result[i] as Answer | undefined;
    if (typeof (a as { then?: unknown } | undefined)?.then === 'function') return `answer ${i} is a Promise: the map did not await it`;
    if (a?.id !== i || a.value !== 2 * i) return `answer ${i} is ${JSON.stringify(a)}`;
  }
  return undefined;
}

/** Child side: runs one case once against the server at `port` and prints its RunResult. */
async function child(name: string, n: number, port: number): Promise<void> {
  const c = cases[name];
  if (c === undefined) throw new Error(`unknown case ${name}`);
  const work = await c.load();
  const fetchItem = client(port);
  await report(async () => {
    const answers = await work(n, fetchItem);
    // The answers are checked here and only the verdict goes back: 10,000 answers of JSON
    // would cost the parent more than the work.
    return check(answers, n) ?? 'ok';
  });
  process.exit(0); // the keep-alive agent's sockets
}

/** The server: answers `/item/:id` with `{ id, value: 2 × id }` after DELAY_MS, counting requests in flight. */
async function startServer(): Promise<{ port: number; maxInFlight: () => number; reset: () => void; close: () => Promise<void> }> {
  let inFlight = 0;
  let max = 0;
  const server = createServer((req, res) => {
    inFlight++;
    if (inFlight > max) max = inFlight;
    const id = Number(req.url?.slice('/item/'.length));
    setTimeout(() => {
      inFlight--;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id, value: 2 * id }));
    }, DELAY_MS);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    maxInFlight: () => max,
    reset: () => {
      max = 0;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Runs the comparison and prints the machine header and a markdown table.
 *
 * @example
 * ```ts
 * await main(['2000', '--runs', '1']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '3' }, only: { type: 'string' }, case: { type: 'string' }, port: { type: 'string' } },
  });
  const n = positionals[0] === undefined ? 10_000 : Number(positionals[0]);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`N must be a positive integer. Received ${positionals[0]}`);
  if (values.case !== undefined) return child(values.case, n, Number(values.port));
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`--runs must be a positive integer. Received ${values.runs}`);
  const names = values.only?.split(',') ?? Object.keys(cases);
  for (const name of names) if (cases[name] === undefined) throw new RangeError(`--only: unknown case ${name}; cases are ${Object.keys(cases).join(', ')}`);

  const server = await startServer();
  const self = fileURLToPath(import.meta.url);
  const results: (RunResult & { inFlight: number })[][] = names.map(() => []);
  try {
    // Round-robin over the cases, so that a slow spell of the machine hits every case alike.
    for (let r = 0; r < runs; r++) {
      for (const [i, name] of names.entries()) {
        if (process.stderr.isTTY) process.stderr.write(`run ${r + 1}/${runs}: ${name}\x1b[K\r`);
        server.reset();
        const run = await runChild(self, ['--case', name, '--port', String(server.port), String(n)]).catch(
          (err: Error): RunResult => ({ ms: Number.NaN, cpuMs: Number.NaN, peakRss: 0, startRss: 0, result: JSON.stringify(`failed: ${err.message}`) }),
        );
        results[i]!.push({ ...run, inFlight: server.maxInFlight() });
      }
    }
  } finally {
    await server.close();
  }
  if (process.stderr.isTTY) process.stderr.write('\x1b[K');

  const problems: string[] = [];
  for (const [i, name] of names.entries()) {
    for (const run of results[i]!) {
      if (run.result !== '"ok"') problems.push(`${name}: ${JSON.parse(run.result)}`);
      if (run.inFlight > CONCURRENCY) problems.push(`${name}: ${run.inFlight} requests in flight (limit ${CONCURRENCY})`);
    }
  }
  const times = results.map((rs) => median(rs.map((x) => x.ms)));
  const ok = names.map((_, i) => results[i]!.every((run) => run.result === '"ok"'));
  const references = names.map((name, i) => (name !== 'streamtoolz' && ok[i] ? times[i]! : Number.POSITIVE_INFINITY));
  const best = Math.min(...references);
  const bound = (n / CONCURRENCY) * DELAY_MS;
  console.log(`# services: async map over HTTP, concurrency ${CONCURRENCY}, server answering after ${DELAY_MS} ms\n`);
  console.log(`Machine: ${machine()}  `);
  console.log(
    `N = ${n.toLocaleString('en-US')} items, ${runs} run(s) per case, each a fresh process; median wall time of the work (min, max), items per second at the median, median CPU time of the client process, largest number of requests in flight at the server over the runs. Lower bound: ${seconds(bound)}.  `,
  );
  console.log(
    `${problems.length === 0 ? 'Every run of every case gave every answer in order and kept to the limit.' : `Problems:\n\n${problems.map((p) => `- ${p}`).join('\n')}`}\n`,
  );
  console.log(
    table(
      ['case', 'median', 'min', 'max', 'items/s', 'CPU', 'max in flight', '× best reference'],
      names.map((name, i) => {
        const ms = results[i]!.map((x) => x.ms);
        const inFlight = String(Math.max(...results[i]!.map((x) => x.inFlight)));
        // A case that gave wrong answers did other work than the others: its times mean nothing.
        if (!ok[i]) return [cases[name]!.label, '-', '-', '-', '-', '-', inFlight, 'wrong answers'];
        return [
          cases[name]!.label,
          seconds(times[i]!),
          seconds(Math.min(...ms)),
          seconds(Math.max(...ms)),
          Math.round(n / (times[i]! / 1000)).toLocaleString('en-US'),
          seconds(median(results[i]!.map((x) => x.cpuMs))),
          inFlight,
          Number.isFinite(best) ? (times[i]! / best).toFixed(2) : '-',
        ];
      }),
    ),
  );
  if (problems.length > 0) process.exitCode = 1;
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
