/**
 * A small HTTP service on `node:http`, no framework, that streams its uploads and its
 * answers instead of holding them:
 *
 * - `POST /aggregate?group=COLUMN&value=COLUMN` with a CSV (`text/csv`, with a header row)
 *   or NDJSON (`application/x-ndjson`) body, gzip or not (detected by content): per-group
 *   count, sum, min, max and mean of `value`, as JSON. A bad row is answered with a 400
 *   naming its line, while the upload goes on arriving: the request stream stays the
 *   handler's (the source lets go of it, it does not destroy it).
 * - `GET /series?count=N[&every=MS][&wait=MS]`: N rows as NDJSON, made as the client reads
 *   them (backpressure: a client that reads slowly holds the producer back), or one every
 *   `every` ms as a live feed would, sent in blocks of up to 256 rows, a block going out at
 *   the latest `wait` ms (default 50) after its first row (`batch(256, { maxWait })`). A
 *   client that disconnects ends the producer.
 *
 * A client that disconnects leaves no stream, timer or socket behind.
 *
 * Run: `node dist/examples/service.js [port]`, then
 * `curl -H 'content-type: text/csv' --data-binary @temps.csv.gz 'http://127.0.0.1:8080/aggregate?group=city&value=temp'`
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { CastingContext } from 'csv-parse';
import { codes, RecordError } from '../lib/core/errors.js';
import { from } from '../lib/core/from.js';
import { pipe } from '../lib/core/pipe.js';
import { reduceBy } from '../sinks/reduce-by.js';
import { csv } from '../sources/csv.js';
import { lines } from '../sources/lines.js';
import { batch } from '../transforms/batch.js';
import { flatMap } from '../transforms/flat-map.js';
import { map } from '../transforms/map.js';

/** One row of an upload: its group and its value. */
interface Row {
  group: string;
  value: number;
}

/** A group's running aggregate. */
interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** What the service has done, for its tests and a health check. */
export interface ServiceStats {
  /** Requests whose pipe is still running. */
  active: number;
  /** Rows made by `GET /series` so far, over all requests. */
  generated: number;
}

/** The value as a number; throws a plain Error, which the stage reading the row names with its line. */
const number = (text: unknown): number => {
  const n = typeof text === 'number' ? text : typeof text === 'string' && text.trim() !== '' ? Number(text) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`the value is not a number: ${JSON.stringify(text)}`);
  return n;
};

/** CSV rows: csv-parse's cast checks the value column, so a bad value is a RecordError naming its line. */
function csvRows(req: IncomingMessage, value: string) {
  const cast = (field: string, context: CastingContext): unknown => (context.column === value && !context.header ? number(field) : field);
  return csv<Record<string, unknown>>(req, { columns: true, cast });
}

/** A CSV record as a Row; a column missing from the header is a bad header (line 1). */
const csvRow =
  (group: string, value: string) =>
  (record: Record<string, unknown>): Row => {
    for (const column of [group, value]) {
      if (!(column in record)) throw new RecordError({ input: 'stream', line: 1, stage: 'csv' }, `the header has no column ${JSON.stringify(column)}`);
    }
    return { group: String(record[group]), value: record[value] as number };
  };

/** NDJSON rows, counting lines (blank ones too), so that every error names its line. */
function ndjsonRows(group: string, value: string) {
  let line = 0;
  return flatMap((text: string): Row[] => {
    line++;
    if (text.trim() === '') return [];
    try {
      const record = JSON.parse(text) as Record<string, unknown>;
      return [{ group: String(record[group]), value: number(record[value]) }];
    } catch (err) {
      throw new RecordError({ input: 'stream', line, stage: 'ndjson' }, (err as Error).message);
    }
  });
}

const add = (acc: Aggregate, row: Row): Aggregate => {
  acc.count++;
  acc.sum += row.value;
  if (row.value < acc.min) acc.min = row.value;
  if (row.value > acc.max) acc.max = row.value;
  return acc;
};
const empty = (): Aggregate => ({ count: 0, sum: 0, min: Infinity, max: -Infinity });

/** A request the service refuses (missing parameters, a body type it does not read): answered with `status`. */
const refused = (status: number, message: string): Error & { status: number } => Object.assign(new Error(message), { status });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/** The most of a failed upload read away before answering; past it the connection is closed. */
const MAX_DRAIN = 64 * 1024 * 1024;

/**
 * Reads the rest of a request away (the source let go of it at the bad row). Node closes the
 * connection after an answer sent before the request's end, and a client still sending then
 * gets EPIPE or ECONNRESET instead of reading the answer: so the answer waits for the end of
 * the upload, up to `MAX_DRAIN` bytes. Resolves to true when the request ended.
 */
function drain(req: IncomingMessage): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (ended: boolean): void => {
      req.off('data', onData).off('end', onEnd).off('close', onClose);
      resolve(ended);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes <= MAX_DRAIN) return;
      req.pause();
      done(false);
    };
    const onEnd = (): void => done(true);
    const onClose = (): void => done(req.complete);
    req.on('data', onData).once('end', onEnd).once('close', onClose);
    req.resume();
  });
}

async function aggregate(req: IncomingMessage, res: ServerResponse, url: URL, signal: AbortSignal): Promise<void> {
  const group = url.searchParams.get('group');
  const value = url.searchParams.get('value');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (group === null || value === null) throw refused(400, 'the group and value parameters are required');
  if (type !== 'text/csv' && type !== 'application/x-ndjson') throw refused(415, 'send text/csv or application/x-ndjson');
  const byGroup = reduceBy((row: Row) => row.group, add, empty);
  const groups =
    type === 'text/csv'
      ? await pipe(csvRows(req, value), map(csvRow(group, value)), byGroup, { signal })
      : await pipe(lines(req), ndjsonRows(group, value), byGroup, { signal });
  const out: Record<string, Aggregate & { mean: number }> = {};
  for (const [key, a] of groups) out[key] = { ...a, mean: a.sum / a.count };
  send(res, 200, { groups: out });
}

/** The rows of `GET /series`: at once, or one every `every` ms (a live feed), until aborted. */
async function* series(count: number, every: number, stats: ServiceStats, signal: AbortSignal): AsyncGenerator<{ i: number; square: number }> {
  for (let i = 0; i < count; i++) {
    if (i > 0 && every > 0) await sleep(every, undefined, { signal });
    stats.generated++;
    yield { i, square: i * i };
  }
}

async function streamSeries(res: ServerResponse, url: URL, signal: AbortSignal, stats: ServiceStats): Promise<void> {
  const count = Number(url.searchParams.get('count') ?? '1000');
  const every = Number(url.searchParams.get('every') ?? '0');
  const wait = Number(url.searchParams.get('wait') ?? '50');
  if (!Number.isSafeInteger(count) || count < 0) throw refused(400, 'count must be a non-negative integer');
  for (const [name, ms, min] of [
    ['every', every, 0],
    ['wait', wait, 1],
  ] as const) {
    if (!Number.isSafeInteger(ms) || ms < min || ms > 60_000) throw refused(400, `${name} must be an integer from ${min} to 60000 (ms)`);
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  // The headers go now: the client learns at once that its feed started, not with the first block.
  res.flushHeaders();
  // Lines go out in blocks (fewer, larger writes); maxWait sends a block that fills slowly.
  await pipe(
    from(series(count, every, stats, signal)),
    map((row: { i: number; square: number }) => `${JSON.stringify(row)}\n`),
    batch<string>(256, { maxWait: wait }),
    map((block: string[]) => block.join('')),
    res,
    { signal },
  );
}

/**
 * The service's server (not listening yet) and its stats.
 *
 * @example
 * ```ts
 * const { server } = createService();
 * server.listen(8080, '127.0.0.1');
 * ```
 */
export function createService(): { server: Server; stats: ServiceStats } {
  const stats: ServiceStats = { active: 0, generated: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The pipe stops as soon as the client is gone, whatever it is waiting for.
    const controller = new AbortController();
    res.once('close', () => controller.abort());
    const route =
      req.method === 'POST' && url.pathname === '/aggregate'
        ? aggregate(req, res, url, controller.signal)
        : req.method === 'GET' && url.pathname === '/series'
          ? streamSeries(res, url, controller.signal, stats)
          : Promise.reject(refused(404, 'not found'));
    stats.active++;
    route
      .catch(async (err: Error & { status?: number; code?: string; line?: number }) => {
        if (res.destroyed || controller.signal.aborted) return; // the client left: nothing to answer
        if (res.headersSent) return void res.destroy(err);
        const status = err.status ?? (err.code === codes.BAD_RECORD || err.code === codes.INPUT ? 400 : 500);
        const ended = await drain(req);
        if (!res.destroyed) send(res, status, { error: err.message, code: err.code, line: err.line }, ended ? {} : { connection: 'close' });
      })
      .finally(() => stats.active--);
  });
  return { server, stats };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2] ?? 8080);
  const { server } = createService();
  server.listen(port, '127.0.0.1', () => console.error(`listening on http://127.0.0.1:${port}`));
}
