/**
 * The example service against a real server on 127.0.0.1 (a random port): aggregates of
 * CSV and NDJSON uploads (gzip or not), a bad row answered with a 400 naming its line while
 * the upload goes on (no reset), GET with backpressure, and clients that disconnect leaving
 * no stream, timer or socket behind.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { type ClientRequest, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { createService, type ServiceStats } from '../../examples/service.js';
import { openFds } from '../fixtures/sources/helpers.js';

interface Reply {
  status: number;
  body: string;
  errors: Error[];
}

/** Rows of (city, temp) and their aggregates, computed here the plain way as the reference. */
function dataset(n: number): { rows: [string, number][]; expected: Record<string, { count: number; sum: number; min: number; max: number; mean: number }> } {
  const cities = ['Paris', 'Lyon', 'Nice', 'Lille', 'Brest'];
  const rows: [string, number][] = Array.from({ length: n }, (_, i) => [cities[(i * 7) % 5] as string, ((i * 37) % 101) - 20 + (i % 4) / 4]);
  const expected: Record<string, { count: number; sum: number; min: number; max: number; mean: number }> = {};
  for (const [city, temp] of rows) {
    const e = (expected[city] ??= { count: 0, sum: 0, min: Infinity, max: -Infinity, mean: 0 });
    e.count++;
    e.sum += temp;
    e.min = Math.min(e.min, temp);
    e.max = Math.max(e.max, temp);
  }
  for (const e of Object.values(expected)) e.mean = e.sum / e.count;
  return { rows, expected };
}

const toCsv = (rows: [string, number][]): string => `city,temp\n${rows.map(([c, t]) => `${c},${t}`).join('\n')}\n`;
const toNdjson = (rows: [string, number][]): string => rows.map(([city, temp]) => JSON.stringify({ city, temp })).join('\n');

/** Pieces of `size` bytes. */
const pieces = (data: Buffer, size: number): Buffer[] =>
  Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size));

describe('examples/service', () => {
  let server: Server;
  let stats: ServiceStats;
  let port: number;

  before(async () => {
    ({ server, stats } = createService());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.close();
    server.closeAllConnections();
    await once(server, 'close');
  });

  /** Sends a request (the body in these writes, awaiting drain) and reads the whole answer. */
  async function send(method: string, path: string, headers: Record<string, string> = {}, chunks: Buffer[] = []): Promise<Reply> {
    const errors: Error[] = [];
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false });
    req.on('error', (err) => errors.push(err));
    const answered = once(req, 'response') as Promise<[IncomingMessage]>;
    void (async () => {
      for (const chunk of chunks) if (!req.write(chunk)) await once(req, 'drain').catch(() => {});
      req.end();
    })();
    const [res] = await answered;
    res.on('error', (err) => errors.push(err));
    let body = '';
    for await (const chunk of res) body += chunk;
    // Let the rest of the upload (if the answer came early) finish, or fail.
    if (!req.writableFinished && !req.destroyed) await once(req, 'finish').catch(() => {});
    await sleep(10);
    return { status: res.statusCode ?? 0, body, errors };
  }

  const path = '/aggregate?group=city&value=temp';

  /** Starts a GET and resolves with its response once the headers are in, unread. */
  async function openGet(target: string): Promise<IncomingMessage> {
    const req = request({ host: '127.0.0.1', port, path: target, agent: false });
    req.on('error', () => {});
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    return res;
  }

  /** Resources that outlive a request if something is left open. */
  function resources(): { sockets: number; timeouts: number; fds: number } {
    const info = process.getActiveResourcesInfo();
    return { sockets: info.filter((r) => r === 'TCPSocketWrap').length, timeouts: info.filter((r) => r === 'Timeout').length, fds: openFds() };
  }

  type Resources = ReturnType<typeof resources>;
  const within = (now: Resources, before: Resources): boolean => now.sockets <= before.sockets && now.timeouts <= before.timeouts && now.fds <= before.fds;

  /**
   * Waits (up to 2 s: sockets close asynchronously) until the service is idle and, given
   * `before`, no more sockets or fds are open than then (fewer is fine: an earlier test's may
   * close). Timers are not waited for: one left behind shows until it fires.
   */
  async function settled(before?: Resources): Promise<Resources> {
    for (let waited = 0; waited < 2000; waited += 5) {
      // Awaited first: mocha's own timeout timer is set once a test awaits.
      await sleep(5);
      const now = resources();
      if (stats.active === 0 && (before === undefined || (now.sockets <= before.sockets && now.fds <= before.fds))) break;
    }
    return resources();
  }

  async function expectNothingLeft(before: Resources): Promise<void> {
    const after = await settled(before);
    expect(stats.active).to.equal(0);
    expect(within(after, before), `open now ${JSON.stringify(after)}, before ${JSON.stringify(before)}`).to.equal(true);
  }

  it('answers the per-group aggregates of a CSV upload', async () => {
    const { rows, expected } = dataset(2000);
    const reply = await send('POST', path, { 'content-type': 'text/csv' }, pieces(Buffer.from(toCsv(rows)), 1000));
    expect(reply.status).to.equal(200);
    const { groups } = JSON.parse(reply.body);
    expect(Object.keys(groups).sort()).to.deep.equal(Object.keys(expected).sort());
    for (const [city, e] of Object.entries(expected)) {
      expect(groups[city].count).to.equal(e.count);
      expect(groups[city].min).to.equal(e.min);
      expect(groups[city].max).to.equal(e.max);
      expect(groups[city].sum).to.be.closeTo(e.sum, 1e-9 * Math.abs(e.sum) + 1e-9);
      expect(groups[city].mean).to.be.closeTo(e.mean, 1e-9);
    }
  });

  it('reads a gzip NDJSON upload (detected by content), sent in small writes', async () => {
    const { rows, expected } = dataset(500);
    const reply = await send('POST', path, { 'content-type': 'application/x-ndjson' }, pieces(gzipSync(toNdjson(rows)), 97));
    expect(reply.status).to.equal(200);
    const { groups } = JSON.parse(reply.body);
    for (const [city, e] of Object.entries(expected)) expect(groups[city].count).to.equal(e.count);
    expect(groups.Paris.sum).to.be.closeTo(expected.Paris!.sum, 1e-9);
  });

  it('answers a bad CSV row with a 400 naming its line, while the upload goes on: no reset', async () => {
    // The bad row, then 16 MB more, past what the socket buffers hold: the server finds the
    // bad row long before the upload is over.
    const body = Buffer.from(`city,temp\nParis,10\nLyon,warm\n${'Nice,12.5\n'.repeat(1_600_000)}`);
    const before = await settled();
    const reply = await send('POST', path, { 'content-type': 'text/csv' }, pieces(body, 64 * 1024));
    expect(reply.errors.map((e) => (e as Error & { code?: string }).code ?? e.message)).to.deep.equal([]);
    expect(reply.status).to.equal(400);
    const answer = JSON.parse(reply.body);
    expect(answer.line).to.equal(3);
    expect(answer.code).to.equal('ERR_STREAMTOOLZ_BAD_RECORD');
    expect(answer.error).to.equal('stream line 3: the value is not a number: "warm" (csv(stream))');
    await expectNothingLeft(before);
  });

  it('answers a bad NDJSON line with a 400 naming it (blank lines counted)', async () => {
    const body = Buffer.from('{"city":"a","temp":1}\n\n{"city":"a","temp":2}\n{"city":"a","temp":\n{"city":"b","temp":3}\n');
    const reply = await send('POST', path, { 'content-type': 'application/x-ndjson' }, [body]);
    expect(reply.status).to.equal(400);
    expect(JSON.parse(reply.body)).to.include({ line: 4, code: 'ERR_STREAMTOOLZ_BAD_RECORD' });
  });

  it('answers 400 for a header without the columns, 415 for another type, 404 elsewhere', async () => {
    const noColumn = await send('POST', path, { 'content-type': 'text/csv' }, [Buffer.from('town,temp\nParis,1\n')]);
    expect([noColumn.status, JSON.parse(noColumn.body).line]).to.deep.equal([400, 1]);
    expect((await send('POST', path, { 'content-type': 'text/plain' }, [Buffer.from('x')])).status).to.equal(415);
    expect((await send('POST', '/aggregate?group=city', { 'content-type': 'text/csv' }, [Buffer.from('x')])).status).to.equal(400);
    expect((await send('GET', '/nothing')).status).to.equal(404);
  });

  it('leaves nothing open when a client disconnects in the middle of its upload', async () => {
    const before = await settled();
    const req: ClientRequest = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'text/csv' }, agent: false });
    req.on('error', () => {});
    req.write('city,temp\nParis,1\nLyon,2\n');
    await sleep(30);
    expect(stats.active).to.equal(1);
    req.destroy();
    await expectNothingLeft(before);
  });

  it('streams GET results as NDJSON, in order', async () => {
    const reply = await send('GET', '/series?count=5000');
    expect(reply.status).to.equal(200);
    const rows = reply.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).to.have.length(5000);
    expect(rows[4999]).to.deep.equal({ i: 4999, square: 4999 * 4999 });
    expect(rows.every((r, i) => r.i === i)).to.equal(true);
  });

  it('sends a slow GET feed in blocks every maxWait, and leaves no timer when the client leaves', async () => {
    const before = await settled();
    const start = stats.generated;
    const res = await openGet('/series?count=100000&every=5');
    // Blocks of a few rows each: batch's maxWait sends them long before 256 rows are made.
    const [first] = (await once(res, 'data')) as [Buffer];
    const rows = first.toString().trimEnd().split('\n');
    expect(rows.length).to.be.within(1, 255);
    expect(JSON.parse(rows[0] as string)).to.deep.equal({ i: 0, square: 0 });
    // Gone while a row is being waited for and a block is part-filled: both timers must go.
    res.destroy();
    await expectNothingLeft(before);
    expect(stats.generated - start).to.be.below(100_000);
  });

  it('leaves no timer when a client leaves a live feed while a row and a block are waited for', async () => {
    const before = await settled();
    const start = stats.generated;
    // A row every 5 s, a block at the latest 10 s after its first row: when the client
    // leaves, the feed waits for its second row and the first block is part-filled.
    const res = await openGet('/series?count=10&every=5000&wait=10000');
    while (stats.generated === start) await sleep(5);
    res.destroy();
    await expectNothingLeft(before);
    expect(stats.generated - start).to.equal(1);
  });

  it('holds the GET producer back while the client does not read, and ends it when the client leaves', async () => {
    const before = await settled();
    const count = 2_000_000;
    const start = stats.generated;
    const res = await openGet(`/series?count=${count}`);
    res.pause();
    // Let the socket buffers fill: then the producer must stop.
    let made = -1;
    for (let i = 0; i < 100 && made !== stats.generated - start; i++) {
      made = stats.generated - start;
      await sleep(50);
    }
    expect(stats.generated - start).to.equal(made);
    expect(made, 'rows made while the client read nothing').to.be.below(count / 4);
    expect(stats.active).to.equal(1);
    res.destroy();
    await expectNothingLeft(before);
    expect(stats.generated - start).to.be.below(count / 4);
  });
});
