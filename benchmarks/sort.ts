/**
 * Bigger than memory (issue 16), side by side in one run, every case a fresh process:
 * - numbers: 10 M lines of numbers sorted with a 32 MB budget on one thread: GNU
 *   `sort -g -S 32M --parallel=1`, DuckDB's `ORDER BY` (one thread, `memory_limit` 32MB),
 *   streamtoolz `transforms.sortLines({ numeric: true, memory: '32MB' })` on the bytes, and
 *   the item path `lines → map(Number) → sort({ memory }) → map(String)`;
 * - strings: 10 M random strings, `LC_ALL=C sort -S 32M --parallel=1` against `sortLines`,
 *   the item path `lines → sort({ memory })` and DuckDB;
 * - countBy: 5 M distinct keys (10 M lines, each key twice, shuffled) counted in memory and
 *   with `memory: '32MB'`, and the budgeted count again over twice the input (10 M keys)
 *   to show that its peak memory stays flat.
 * Every output is checked: the streamtoolz sorts byte for byte against GNU sort's, DuckDB's
 * number by number (it prints -500 as -500.0), the counts entry by entry in order.
 *
 * Usage (after `npm run build`; under tsx the RSS includes the TypeScript loader):
 *   node dist/benchmarks/sort.js [N=10000000] [--mb 32] [--only numbers,strings,countby] [--runs 1]
 * Two diagnostics, on their own: `--case walk` (the cost of reading lines in random order by
 * region size) and `--case phases --input F --output O --memory 32MB` (where sortLines -g
 * spends its CPU).
 * Inputs go to benchmarks/data/ (git-ignored), temporary files to benchmarks/data/tmp/.
 * Figures and the load they were taken under: benchmarks/NOTES.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain, machine, mebibytes, median, report, runChild, seconds, table, type RunResult } from './support.js';

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
// Sources and dist both keep data beside the sources: benchmarks/data/.
const dataDir = join(here.includes(join('dist', 'benchmarks')) ? join(here, '..', '..', 'benchmarks') : here, 'data');
const tmpDir = join(dataDir, 'tmp');

/** xorshift32: the same data on every machine. */
function xorshift(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Writes `n` lines made by `line(i)` to `path` (once; later runs reuse the file). */
async function makeFile(path: string, n: number, line: (i: number) => string): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(dataDir, { recursive: true });
  const out = createWriteStream(`${path}.tmp`);
  let batch: string[] = [];
  for (let i = 0; i < n; i++) {
    batch.push(line(i));
    if (batch.length === 65_536 || i === n - 1) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      batch = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Numbers as JavaScript prints them: 10% integers, the rest spread over 16 orders of magnitude. */
function numbersFile(n: number): Promise<string> {
  const r = xorshift(12345);
  return makeFile(join(dataDir, `sort-numbers-${n}.txt`), n, () => {
    const u = r();
    return String(u < 0.1 ? Math.floor(r() * 1000) - 500 : (r() - 0.5) * 10 ** Math.floor(r() * 16 - 8));
  });
}

/** Random strings of 1 to 16 letters and digits. */
function stringsFile(n: number): Promise<string> {
  const r = xorshift(54321);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return makeFile(join(dataDir, `sort-strings-${n}.txt`), n, () => {
    let s = '';
    for (let k = 1 + Math.floor(r() * 16); k > 0; k--) s += alphabet[Math.floor(r() * alphabet.length)];
    return s;
  });
}

/** `distinct` keys, each on two lines, shuffled. */
function keysFile(distinct: number): Promise<string> {
  const r = xorshift(987654321);
  const slots = new Uint32Array(2 * distinct);
  for (let i = 0; i < slots.length; i++) slots[i] = i >>> 1;
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = slots[i]!;
    slots[i] = slots[j]!;
    slots[j] = t;
  }
  return makeFile(join(dataDir, `countby-keys-${distinct}.txt`), slots.length, (i) => `user-${((slots[i]! * 2654435761) % 4294967296).toString(36)}`);
}

/** Child side: the streamtoolz and DuckDB cases, each timed by `report()`. */
async function child(name: string, input: string, output: string, memory: string): Promise<void> {
  const { pipe } = await import('../lib/core/pipe.js');
  const { lines } = await import('../sources/lines.js');
  const { openBytes } = await import('../sources/bytes.js');
  const { map } = await import('../transforms/map.js');
  const { batch } = await import('../transforms/batch.js');
  const { sort } = await import('../transforms/sort.js');
  const { sortLines } = await import('../transforms/sort-lines.js');
  const { countBy } = await import('../sinks/count-by.js');
  const { kSpill } = await import('../lib/core/symbols.js');
  const spillOf = (stage: unknown): unknown => (stage as Record<symbol, unknown>)[kSpill];
  const joinLines = (b: string[]): string => `${b.join('\n')}\n`;
  const options = { memory, tmpdir: tmpDir };
  switch (name) {
    case 'lines-g':
    case 'lines-c':
      return report(async () => {
        const stage = sortLines({ ...options, numeric: name === 'lines-g' });
        await pipe(openBytes(input), stage, createWriteStream(output));
        return spillOf(stage);
      });
    case 'items-numbers':
      return report(async () => {
        const stage = sort<number>(options);
        await pipe(lines(input, { encoding: 'latin1' }), map(Number), stage, map(String), batch(8192), map(joinLines), createWriteStream(output));
        return spillOf(stage);
      });
    case 'items-strings':
      return report(async () => {
        const stage = sort<string>(options);
        await pipe(lines(input), stage, batch(8192), map(joinLines), createWriteStream(output));
        return spillOf(stage);
      });
    case 'duckdb-numbers':
    case 'duckdb-strings': {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      return report(async () => {
        const db = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: memory, temp_directory: join(tmpDir, 'duckdb') });
        const connection = await db.connect();
        const column = name === 'duckdb-numbers' ? `{'x': 'DOUBLE'}` : `{'x': 'VARCHAR'}`;
        // A 1 MB CSV buffer: DuckDB's default (16 MB per thread and more) does not fit 32 MB.
        await connection.run(
          `COPY (SELECT x FROM read_csv('${input}', columns=${column}, header=false, delim='\\t', quote='', escape='', buffer_size=1048576) ORDER BY x) TO '${output}' (HEADER false, QUOTE '')`,
        );
        connection.closeSync();
        db.closeSync();
        return null;
      });
    }
    case 'countby-memory':
    case 'countby-spill':
      return report(async () => {
        const source = lines(input, { encoding: 'latin1' });
        const counts: Iterable<[string, number]> =
          name === 'countby-spill'
            ? await pipe(
                source,
                countBy((x: string) => x, options),
              )
            : await pipe(
                source,
                countBy((x: string) => x),
              );
        // Read every entry in order into a checksum, as a consumer of the result would.
        let sum = 0;
        let n = 0;
        for (const [key, count] of counts) {
          sum = (sum * 31 + key.length * 7 + key.charCodeAt(key.length - 1) + count) % 1_000_000_007;
          n++;
        }
        return { keys: n, checksum: sum, spill: spillOf(counts) };
      });
    case 'phases':
      return phases(input, output, memory);
    case 'walk':
      return walk();
    default:
      throw new Error(`unknown case ${name}`);
  }
}

/**
 * Where `sortLines` spends its CPU: the line sorter driven by hand, its buffer's methods
 * timed with `process.cpuUsage()` (a spill's sort and run writing are counted apart from the
 * reading of lines that triggers it).
 */
async function phases(input: string, output: string, memory: string): Promise<void> {
  const { LineSort } = await import('../lib/spill/line-sort.js');
  const { LineBuffer } = await import('../lib/spill/line-buffer.js');
  const { parseMemory } = await import('../lib/spill/memory-option.js');
  const { openSync, readSync, writeSync, closeSync } = await import('node:fs');
  const cpu = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const spent: Record<string, number> = {};
  const proto = LineBuffer.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['write', 'sort', 'writeRun']) {
    const f = proto[name]!;
    proto[name] = function (this: unknown, ...a: unknown[]) {
      const t = cpu();
      try {
        return f.apply(this, a);
      } finally {
        spent[name] = (spent[name] ?? 0) + cpu() - t;
      }
    };
  }
  const t0 = cpu();
  const sorter = new LineSort({ memory: parseMemory(memory), tmpdir: tmpDir }, 'numeric');
  const fd = openSync(input, 'r');
  const chunk = Buffer.allocUnsafe(512 * 1024);
  for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) sorter.write(chunk.subarray(0, n));
  closeSync(fd);
  sorter.end();
  const t1 = cpu();
  const out = openSync(output, 'w');
  for (let c = sorter.read(); c !== null; c = sorter.read()) writeSync(out, c);
  closeSync(out);
  sorter.close();
  const t2 = cpu();
  const ms = (x: number | undefined): string => `${((x ?? 0) / 1000).toFixed(2)} s`;
  console.log(
    `reading lines and making keys ${ms(spent.write)}, radix sorts ${ms(spent.sort)}, writing runs ${ms(spent.writeRun)}, merge and output ${ms(t2 - t1)}, total ${ms(t2 - t0)}`,
  );
}

/** The CPU time of a random walk over the lines of regions of growing size: why runs are small. */
function walk(): void {
  const cpu = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const L = 19;
  const rows: string[] = [];
  for (const size of [64 << 10, 256 << 10, 1 << 20, 2 << 20, 8 << 20, 32 << 20]) {
    const n = Math.floor(size / L);
    const data = Buffer.alloc(n * L + 16, 49);
    for (let i = 0; i < n; i++) data[i * L + L - 1] = 10;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i * L;
    const r = xorshift(7);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const out = Buffer.alloc(n * L + 16);
    const reps = Math.max(1, Math.floor(4e6 / n));
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      const t = cpu();
      for (let q = 0; q < reps; q++) {
        let at = 0;
        for (let k = 0; k < n; k++) {
          let i = order[k]!;
          while (data[i] !== 10) out[at++] = data[i++]!;
          out[at++] = 10;
        }
      }
      best = Math.min(best, ((cpu() - t) * 1e6) / (n * reps));
    }
    rows.push(`${size >> 10} KB: ${best.toFixed(0)} ns`);
  }
  console.log(`copying lines of 19 bytes in random order, CPU per line: ${rows.join(', ')}`);
}

/** GNU sort, timed by /usr/bin/time: wall, CPU and peak RSS of the whole process. */
function gnuSort(args: string[], input: string, output: string): RunResult {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'sort', ...args, '-T', tmpDir, input, '-o', output], {
    env: { ...process.env, LC_ALL: 'C' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`sort ${args.join(' ')} failed: ${r.stderr}`);
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number];
  return { ms: wall * 1000, cpuMs: (user + sys) * 1000, peakRss: kb * 1024, startRss: 0, result: 'null' };
}

/** True when two files hold the same numbers line by line (DuckDB prints -500 as -500.0). */
async function sameNumbers(a: string, b: string): Promise<boolean> {
  const left = createInterface({ input: createReadStream(a) })[Symbol.asyncIterator]();
  const right = createInterface({ input: createReadStream(b) })[Symbol.asyncIterator]();
  for (;;) {
    const [x, y] = await Promise.all([left.next(), right.next()]);
    if (x.done || y.done) return x.done === y.done;
    if (Number(x.value) !== Number(y.value)) return false;
  }
}

const sameBytes = (a: string, b: string): boolean => spawnSync('cmp', ['-s', a, b]).status === 0;

interface Row {
  label: string;
  result: RunResult[];
  check: string;
}

async function measure(label: string, runs: number, run: () => Promise<RunResult> | RunResult, check: () => Promise<string> | string): Promise<Row> {
  const result: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    if (process.stderr.isTTY) process.stderr.write(`${label} (${i + 1}/${runs})\x1b[K\r`);
    result.push(await run());
  }
  return { label, result, check: await check() };
}

function print(title: string, rows: Row[], base: number): void {
  const cpu = rows.map((r) => median(r.result.map((x) => x.cpuMs)));
  console.log(`\n## ${title}\n`);
  console.log(
    table(
      ['case', 'wall', 'CPU', `× ${rows[base]!.label} CPU`, 'peak RSS', 'output'],
      rows.map((r, i) => [
        r.label,
        seconds(median(r.result.map((x) => x.ms))),
        seconds(cpu[i]!),
        (cpu[i]! / cpu[base]!).toFixed(2),
        mebibytes(median(r.result.map((x) => x.peakRss))),
        r.check,
      ]),
    ),
  );
}

/**
 * Runs the comparison and prints the machine header and one table per section.
 *
 * @example
 * ```ts
 * await main(['1000000', '--only', 'numbers']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mb: { type: 'string', default: '32' },
      runs: { type: 'string', default: '1' },
      only: { type: 'string', default: 'numbers,strings,countby' },
      case: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      memory: { type: 'string' },
    },
  });
  if (values.case !== undefined) return child(values.case, values.input!, values.output!, values.memory!);
  const n = positionals[0] === undefined ? 10_000_000 : Number(positionals[0]);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`N must be a positive integer. Received ${positionals[0]}`);
  const mb = Number(values.mb);
  const runs = Number(values.runs);
  const memory = `${mb}MB`;
  const only = values.only.split(',');
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const out = (name: string): string => join(tmpDir, `${name}.out`);
  const ours =
    (name: string, input: string, output = out(name), budget = memory) =>
    () =>
      runChild(self, ['--case', name, '--input', input, '--output', output, '--memory', budget]);
  const fmt = (x: number): string => x.toLocaleString('en-US');

  console.log('# sort: bigger than memory\n');
  console.log(`Machine: ${machine()}  `);
  console.log(
    `N = ${fmt(n)} lines, budget ${memory}, ${runs} run(s) per case, each a fresh process; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}.`,
  );

  if (only.includes('numbers')) {
    const input = await numbersFile(n);
    const gnu = out('gnu-g');
    const rows = [
      await measure(
        `GNU sort -g -S ${mb}M --parallel=1`,
        runs,
        () => gnuSort(['-g', '-S', `${mb}M`, '--parallel=1'], input, gnu),
        () => 'reference',
      ),
      await measure(`DuckDB ORDER BY, 1 thread, ${memory}`, runs, ours('duckdb-numbers', input), async () =>
        (await sameNumbers(out('duckdb-numbers'), gnu)) ? 'same numbers' : 'DIFFERS',
      ),
      await measure(`sortLines({ numeric: true, memory: '${memory}' })`, runs, ours('lines-g', input), () =>
        sameBytes(out('lines-g'), gnu) ? 'identical' : 'DIFFERS',
      ),
      await measure(`lines → map(Number) → sort({ memory: '${memory}' }) → map(String)`, runs, ours('items-numbers', input), () =>
        sameBytes(out('items-numbers'), gnu) ? 'identical' : 'DIFFERS',
      ),
    ];
    print(`${fmt(n)} numbers (${mebibytes(Number(execFileSync('stat', ['-c', '%s', input]).toString()))} of text)`, rows, 0);
  }
  if (only.includes('strings')) {
    const input = await stringsFile(n);
    const gnu = out('gnu-c');
    const rows = [
      await measure(
        `LC_ALL=C sort -S ${mb}M --parallel=1`,
        runs,
        () => gnuSort(['-S', `${mb}M`, '--parallel=1'], input, gnu),
        () => 'reference',
      ),
      await measure(`DuckDB ORDER BY, 1 thread, ${memory}`, runs, ours('duckdb-strings', input), () =>
        sameBytes(out('duckdb-strings'), gnu) ? 'identical' : 'DIFFERS',
      ),
      await measure(`sortLines({ memory: '${memory}' })`, runs, ours('lines-c', input), () => (sameBytes(out('lines-c'), gnu) ? 'identical' : 'DIFFERS')),
      await measure(`lines → sort({ memory: '${memory}' })`, runs, ours('items-strings', input), () =>
        sameBytes(out('items-strings'), gnu) ? 'identical' : 'DIFFERS',
      ),
    ];
    print(`${fmt(n)} random strings`, rows, 0);
  }
  if (only.includes('countby')) {
    const distinct = Math.floor(n / 2);
    const input = await keysFile(distinct);
    const twice = await keysFile(2 * distinct);
    const rows = [
      await measure(`countBy in memory, ${fmt(distinct)} keys`, runs, ours('countby-memory', input), () => 'reference'),
      await measure(`countBy({ memory: '${memory}' }), ${fmt(distinct)} keys`, runs, ours('countby-spill', input), () => 'see below'),
      await measure(`countBy({ memory: '${memory}' }), ${fmt(2 * distinct)} keys`, runs, ours('countby-spill', twice), () => '-'),
    ];
    const [mem, spill] = [rows[0]!.result[0]!, rows[1]!.result[0]!];
    const summary = (r: RunResult): string => {
      const v = JSON.parse(r.result) as { keys: number; checksum: number };
      return `${v.keys} keys, checksum ${v.checksum}`;
    };
    rows[0]!.check = summary(mem);
    rows[1]!.check = JSON.parse(mem.result).checksum === JSON.parse(spill.result).checksum ? 'same entries, same order' : 'DIFFERS';
    rows[2]!.check = summary(rows[2]!.result[0]!);
    print(`countBy over ${fmt(2 * distinct)} lines`, rows, 0);
  }
  rmSync(tmpDir, { recursive: true, force: true });
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
