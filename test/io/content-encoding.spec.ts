import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { codes } from '../../lib/core/errors.js';
import { contentEncodings } from '../../lib/io/content-encoding.js';
import { InputReader, type Progress } from '../../lib/io/input-reader.js';
import { lines } from '../../sources/lines.js';
import { collect, fdsSettleTo, fixture, openFds, rejection, settle } from '../fixtures/sources/helpers.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const text = readFileSync(fixture('sample.fa'));
const encoded =
  (encoding: string, body: Buffer): Handler =>
  (_req, res) =>
    res.writeHead(200, { 'content-encoding': encoding, 'content-length': body.length }).end(body);

const routes: Record<string, Handler> = {
  '/plain': (_req, res) => res.end(text),
  '/gzip': encoded('gzip', gzipSync(text)),
  '/x-gzip': encoded('x-gzip', gzipSync(text)),
  '/deflate': encoded('deflate', deflateSync(text)),
  '/deflate-raw': encoded('deflate', deflateRawSync(text)),
  '/br': encoded('br', brotliCompressSync(text)),
  '/br-of-gzip': encoded('gzip, br', brotliCompressSync(gzipSync(text))),
  // A gzip file served with Content-Encoding: gzip: decoded twice, the second by its magic.
  '/gz-file': encoded('gzip', gzipSync(gzipSync(text))),
  '/zstd': encoded('zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])),
  '/bad-deflate': encoded('deflate', Buffer.from('this is not deflate data at all')),
  '/cut-br': (req, res) => {
    res.writeHead(200, { 'content-encoding': 'br' });
    res.write(brotliCompressSync(text).subarray(0, 40));
    setTimeout(() => req.socket.destroy(), 20);
  },
  '/empty-gzip': encoded('gzip', Buffer.alloc(0)),
  '/accept': (req, res) => res.end(`${req.headers['accept-encoding']}\n${req.headers.authorization ?? ''}\n`),
  '/401': (_req, res) => res.writeHead(401).end(),
};

describe('HTTP bodies in a Content-Encoding', () => {
  let http: TestServer;
  let base: string;
  let fds: number;

  before(async () => {
    http = await startServer((req, res) => (routes[req.url ?? ''] ?? ((_q, r) => r.writeHead(404).end()))(req, res));
    base = http.base;
    await collect(lines(`${base}/plain`)); // the first request opens process-wide handles
    await settle(30);
  });
  after(() => http.close());
  beforeEach(() => {
    fds = openFds();
  });
  afterEach(async () => {
    await settle(30);
    const connections = await new Promise<number>((resolve) => http.server.getConnections((_e, n) => resolve(n)));
    expect(connections, 'open connections').to.equal(0);
    expect(await fdsSettleTo(fds), 'open fds').to.be.at.most(fds);
  });

  /** The decoded bytes of `path` and the last progress report. */
  async function read(path: string): Promise<{ bytes: Buffer; progress: Progress | undefined }> {
    let progress: Progress | undefined;
    const chunks: Buffer[] = [];
    const reader = new InputReader([`${base}${path}`], {}, (p) => {
      progress = p;
    });
    for await (const ev of reader.events()) if (ev.kind === 'data') chunks.push(ev.chunk);
    return { bytes: Buffer.concat(chunks), progress };
  }

  for (const path of ['/gzip', '/x-gzip', '/deflate', '/deflate-raw', '/br', '/br-of-gzip', '/gz-file']) {
    it(`decodes ${path.slice(1)}, and counts the encoded bytes for progress`, async () => {
      const { bytes, progress } = await read(path);
      expect(bytes.equals(text), 'decoded body').to.equal(true);
      expect(progress?.totalBytes).to.be.a('number');
      expect(progress?.bytesRead).to.equal(progress?.totalBytes);
    });
  }

  it('asks for the encodings it decodes', async () => {
    expect((await collect(lines(`${base}/accept`)))[0]).to.equal('gzip, deflate, br');
  });

  it('decodes an empty body to nothing', async () => {
    expect((await read('/empty-gzip')).bytes.length).to.equal(0);
  });

  it('refuses an encoding it cannot decode, naming the input', async () => {
    const err = await rejection(collect(lines(`${base}/zstd`)));
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal(`${base}/zstd: Content-Encoding 'zstd' cannot be decoded (only gzip, deflate and br)`);
  });

  it('fails a corrupt or cut body with one line naming the input and the coding', async () => {
    const bad = await rejection(collect(lines(`${base}/bad-deflate`)));
    expect(bad.code).to.equal(codes.INPUT);
    expect(bad.message).to.match(new RegExp(`^${base}/bad-deflate: corrupt or cut deflate body \\(Content-Encoding: deflate\\): [^\\n]+$`));
    const cut = await rejection(collect(lines(`${base}/cut-br`)));
    expect(cut.code).to.equal(codes.INPUT);
    expect(cut.message).to.match(new RegExp(`^${base}/cut-br: `));
  });

  it('lists the codings of a header in the order applied, without identity', () => {
    expect(contentEncodings('gzip, BR')).to.deep.equal(['gzip', 'br']);
    expect(contentEncodings(['identity'])).to.deep.equal([]);
    expect(contentEncodings(undefined)).to.deep.equal([]);
  });

  it('sends the credentials of a URL but never shows them', async () => {
    const withAuth = `${base.replace('http://', 'http://ann:s3cr%2Ft@')}`;
    const [, auth] = await collect(lines(`${withAuth}/accept`));
    expect(auth).to.equal(`Basic ${Buffer.from('ann:s3cr/t').toString('base64')}`);
    const err = await rejection(collect(lines(`${withAuth}/401`)));
    expect(err.message).to.equal(`${base.replace('http://', 'http://***@')}/401: HTTP 401 Unauthorized`);
    expect(err.message).to.not.include('s3cr');
    expect(err.message).to.not.include('ann');
    // A password with an unescaped '/' is no URL at all: still not shown.
    const invalid = await rejection(collect(lines(`http://ann:s3/cret@127.0.0.1:1/x`)));
    expect(invalid.message).to.not.include('s3');
    expect(invalid.message).to.equal('http://***@127.0.0.1:1/x: not a valid URL');
  });
});
