import { expect } from 'chai';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { codes } from '../../lib/core/errors.js';
import { fasta } from '../../sources/fasta.js';
import { lines } from '../../sources/lines.js';
import { collect, fixture, fdsSettleTo, openFds, rejection, settle } from '../fixtures/sources/helpers.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const routes: Record<string, Handler> = {
  '/text': (_req, res) => res.end('a\nb\nc\n'),
  '/fa.gz': (_req, res) => res.end(readFileSync(fixture('sample.multi.fa.gz'))),
  '/redirect': (_req, res) => res.writeHead(302, { location: '/hop' }).end(),
  '/hop': (_req, res) => res.writeHead(301, { location: '/text' }).end(),
  '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/404': (_req, res) => res.writeHead(404).end('nope'),
  '/500': (_req, res) => res.writeHead(500).end('boom'),
  // Promises 1000 bytes, sends 6, then cuts the connection.
  '/cut': (req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('a\nb\nc\n');
    setTimeout(() => req.socket.destroy(), 20);
  },
  // Chunked (no length), cut in the middle of the body.
  '/cut-chunked': (req, res) => {
    res.write(gzipSync('x\n'.repeat(1000)).subarray(0, 100));
    setTimeout(() => req.socket.destroy(), 20);
  },
  // Sends headers and one line, then nothing.
  '/slow': (_req, res) => {
    res.write('first\n');
  },
  // Never answers.
  '/hang': () => {},
  // A big chunked body, streamed.
  '/big': (_req, res) => {
    let i = 0;
    const line = Buffer.from('0123456789abcdef\n'.repeat(4096));
    const more = (): void => {
      while (i < 60) {
        i++;
        if (!res.write(line)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  },
};

describe('sources over HTTP', () => {
  let server: Server;
  let base: string;
  let fds: number;

  before(async () => {
    server = createServer((req, res) => (routes[req.url ?? ''] ?? (routes['/404'] as Handler))(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Warm up: the first request opens process-wide handles that stay (not per request).
    await collect(lines(`${base}/text`));
    await settle(30);
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  beforeEach(() => {
    fds = openFds();
  });
  afterEach(async function () {
    await settle(30);
    const connections = await new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
    expect(connections, 'open connections').to.equal(0);
    expect(await fdsSettleTo(fds), 'open fds').to.be.at.most(fds);
  });

  it('reads a body', async () => {
    expect(await collect(lines(`${base}/text`))).to.deep.equal(['a', 'b', 'c']);
  });

  it('gunzips a body by its magic bytes, multi-member included', async () => {
    const expected = JSON.parse(readFileSync(fixture('sample.fa.json'), 'utf8')) as unknown[];
    expect(await collect(fasta(`${base}/fa.gz`))).to.deep.equal(expected);
  });

  it('follows redirects', async () => {
    expect(await collect(lines(`${base}/redirect`))).to.deep.equal(['a', 'b', 'c']);
  });

  it('gives up on a redirect loop', async () => {
    const err = await rejection(collect(lines(`${base}/loop`, { maxRedirects: 3 })));
    expect(err.message).to.equal(`${base}/loop: too many redirects (more than 3)`);
  });

  it('streams a big chunked body, reporting progress without a total', async () => {
    const src = lines(`${base}/big`, { highWaterMark: 1 });
    let n = 0;
    let last: { bytesRead: number; totalBytes: number | undefined } | undefined;
    src.on('progress', (p) => (last = p));
    for await (const _ of src) n++;
    expect(n).to.equal(60 * 4096);
    expect(last).to.include({ bytesRead: 60 * 4096 * 17, totalBytes: undefined });
  });

  for (const status of [404, 500]) {
    it(`fails on HTTP ${status}`, async () => {
      const err = await rejection(collect(lines(`${base}/${status}`)));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal(`${base}/${status}: HTTP ${status} ${status === 404 ? 'Not Found' : 'Internal Server Error'}`);
    });
  }

  it('fails when the connection is cut in the middle of the body', async () => {
    const got: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const line of lines(`${base}/cut`)) got.push(line);
      })(),
    );
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal(`${base}/cut: connection closed before the body was complete`);
  });

  it('fails when a chunked gzip body is cut', async () => {
    const err = await rejection(collect(lines(`${base}/cut-chunked`)));
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.match(/cut-chunked: (connection closed before the body was complete|truncated gzip data)/);
  });

  it('fails a slow server after the timeout', async () => {
    const got: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const line of lines(`${base}/slow`, { timeout: 100 })) got.push(line);
      })(),
    );
    expect(got).to.deep.equal(['first']);
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal(`${base}/slow: timed out: no data for 100 ms`);
  });

  it('fails a server that never answers after the timeout', async () => {
    const err = await rejection(collect(lines(`${base}/hang`, { timeout: 100 })));
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal(`${base}/hang: timed out: no data for 100 ms`);
  });

  it('stops on abort while waiting for a slow server', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await rejection(collect(lines(`${base}/slow`, { signal: ac.signal })));
    expect(err.name).to.equal('AbortError');
  });

  it('fails a refused connection', async () => {
    const err = await rejection(collect(lines('http://127.0.0.1:1/x')));
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal('http://127.0.0.1:1/x: connection refused');
  });

  it('reads HTTPS, following a redirect from HTTP, trusting a given certificate', async () => {
    const tlsServer = createHttpsServer({ key: readFileSync(fixture('tls-key.pem')), cert: readFileSync(fixture('tls-cert.pem')) }, (_req, res) =>
      res.end('secure\n'),
    );
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    const secure = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/x`;
    routes['/to-https'] = (_req, res) => res.writeHead(307, { location: secure }).end();
    try {
      expect(await collect(lines(`${base}/to-https`, { ca: readFileSync(fixture('tls-cert.pem')) }))).to.deep.equal(['secure']);
      const err = await rejection(collect(lines(secure)));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal(`${secure}: self-signed certificate`);
    } finally {
      tlsServer.closeAllConnections();
      tlsServer.close();
      await once(tlsServer, 'close');
    }
  });

  it('reopens a URL for a second pass', async () => {
    const src = lines(`${base}/text`);
    await collect(src);
    expect(await collect(src.reopen())).to.deep.equal(['a', 'b', 'c']);
  });
});
