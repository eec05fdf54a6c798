/**
 * The inputs of `benchmarks/records.ts`, generated into the git-ignored benchmarks/data/ from a
 * fixed seed (the same bytes on every machine): access-log NDJSON (about 174 bytes a record,
 * as the table of issue 19) and the numeric CSV of `benchmarks/sources-csv.ts`.
 *
 * Usage: npx tsx benchmarks/records-data.ts [RECORDS=1000000]
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { SeededRandom } from '../lib/util/seeded-random.js';
import { bench as csvBench } from './sources-csv.js';
import { isMain } from './support.js';

const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 304, 304, 301, 404, 404, 500, 503];
const PATHS = ['/api/v1/items', '/api/v1/users', '/static/app.js', '/static/style.css', '/login', '/search', '/api/v2/orders'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0', 'curl/8.5.0', 'python-requests/2.32.3'];

/** The NDJSON file of `records` access-log records. */
export const ndjsonFile = (records: number): string => `benchmarks/data/access-${records}.ndjson`;

/** The numeric CSV of 1 M x 10 (about 93 MB), shared with benchmarks/sources-csv.ts. */
export const csvFile = (): string => csvBench.file(csvBench.defaultMb);

/**
 * One access-log record as JSON text.
 *
 * @example
 * ```ts
 * accessRecord(new SeededRandom(1), 0); // '{"ts":"2026-03-01T00:00:00.000Z","ip":...,"status":200,...}'
 * ```
 */
export function accessRecord(rng: SeededRandom, i: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)] as T;
  const ip = `${10 + (rng.nextUint32() % 200)}.${rng.nextUint32() % 256}.${rng.nextUint32() % 256}.${rng.nextUint32() % 256}`;
  return JSON.stringify({
    ts: new Date(Date.UTC(2026, 2, 1) + i * 37).toISOString(),
    ip,
    method: pick(METHODS),
    path: `${pick(PATHS)}/${rng.nextUint32() % 100000}`,
    status: pick(STATUSES),
    bytes: rng.nextUint32() % 60000,
    ms: Math.round(rng.next() * 500000) / 1000,
    ua: pick(AGENTS),
  });
}

/** Writes the NDJSON file of `records` records unless it exists; returns its path. */
export async function ensureNdjson(records: number): Promise<string> {
  const path = ndjsonFile(records);
  if (existsSync(path)) return path;
  mkdirSync('benchmarks/data', { recursive: true });
  process.stderr.write(`generating ${path} ...\n`);
  const out = createWriteStream(path);
  const rng = new SeededRandom(19);
  for (let i = 0; i < records; i++) if (!out.write(`${accessRecord(rng, i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

/** Writes the numeric CSV unless it exists; returns its path. */
export async function ensureCsv(): Promise<string> {
  const path = csvFile();
  if (existsSync(path)) return path;
  mkdirSync('benchmarks/data', { recursive: true });
  process.stderr.write(`generating ${path} ...\n`);
  await csvBench.generate(path, csvBench.defaultMb);
  return path;
}

if (isMain(import.meta.url)) {
  console.log(await ensureNdjson(Number(process.argv[2] ?? 1e6)));
  console.log(await ensureCsv());
}
