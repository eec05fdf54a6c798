import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { codes } from '../../lib/core/errors.js';
import type { Progress } from '../../lib/io/input-reader.js';
import { openBytes } from '../../sources/bytes.js';
import { lines } from '../../sources/lines.js';
import { chunked, collect, fixture, fdsSettleTo, openFds, rejection, settle } from '../fixtures/sources/helpers.js';

async function text(src: AsyncIterable<Buffer>): Promise<string> {
  return Buffer.concat(await collect(src)).toString();
}

describe('openBytes', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-sources-'));
    writeFileSync(join(dir, 'b.txt'), 'b1\nb2\n');
    writeFileSync(join(dir, 'a.txt'), 'a1\na2');
    writeFileSync(join(dir, 'c.txt.gz'), gzipSync('c1\n'));
    writeFileSync(join(dir, 'gzipped-but-named.txt'), gzipSync('hidden\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a glob in sorted order, gzip detected by content, a newline between inputs', async () => {
    expect(await text(openBytes(join(dir, '*.txt*')))).to.equal('a1\na2\nb1\nb2\nc1\nhidden\n');
  });

  it('reads a file:// URL', async () => {
    expect(await text(openBytes(pathToFileURL(join(dir, 'a.txt')).href))).to.equal('a1\na2\n');
  });

  it('can leave the bytes exactly as they are', async () => {
    expect(await text(openBytes([join(dir, 'a.txt'), join(dir, 'b.txt')], { newlineBetween: false }))).to.equal('a1\na2b1\nb2\n');
  });

  it('reads a multi-member gzip whole', async () => {
    expect(await text(openBytes(fixture('sample.multi.fa.gz')))).to.equal(readFileSync(fixture('sample.fa'), 'utf8') + '\n');
  });

  it('reads stdin (given as an option), gzip included', async () => {
    const stdin = new PassThrough();
    stdin.end(gzipSync('from stdin\n'));
    expect(await collect(lines('-', { stdin }))).to.deep.equal(['from stdin']);
  });

  it('does not destroy stdin when the consumer stops early', async () => {
    const stdin = new PassThrough();
    stdin.write('one\ntwo\n');
    const src = lines('-', { stdin });
    for await (const line of src) {
      expect(line).to.equal('one');
      break;
    }
    await settle();
    expect(src.destroyed).to.equal(true);
    expect(stdin.destroyed).to.equal(false);
    stdin.end();
  });

  it('fails a second pass over stdin or a stream with NOT_REOPENABLE', () => {
    expect(() => lines('-').reopen())
      .to.throw(/lines\(stdin\) cannot be read a second time: it reads stdin/)
      .with.property('code', codes.NOT_REOPENABLE);
    expect(() => openBytes(chunked('x')).reopen())
      .to.throw(/a stream that was passed in/)
      .with.property('code', codes.NOT_REOPENABLE);
  });

  it('reads again after reopen()', async () => {
    const first = lines(join(dir, '[ab].txt'));
    const a = await collect(first);
    const b = await collect(first.reopen());
    expect(a).to.deep.equal(['a1', 'a2', 'b1', 'b2']);
    expect(b).to.deep.equal(a);
    expect(await text(openBytes(join(dir, 'a.txt')).reopen())).to.equal('a1\na2\n');
  });

  it('reports progress in raw (compressed) bytes against the size', async () => {
    const src = openBytes([join(dir, 'b.txt'), fixture('sample.multi.fa.gz')], { chunkSize: 1024 });
    const seen: Progress[] = [];
    src.on('progress', (p: Progress) => seen.push(p));
    await collect(src);
    const size = readFileSync(fixture('sample.multi.fa.gz')).length;
    const last = seen[seen.length - 1] as Progress;
    expect(last).to.deep.equal({ input: fixture('sample.multi.fa.gz'), index: 1, count: 2, bytesRead: size, totalBytes: size });
    expect(seen.some((p) => p.index === 0 && p.bytesRead === 6 && p.totalBytes === 6)).to.equal(true);
    const stdinSeen: Progress[] = [];
    const stdin = new PassThrough();
    stdin.end('abc');
    const s2 = openBytes('-', { stdin });
    s2.on('progress', (p: Progress) => stdinSeen.push(p));
    await collect(s2);
    expect(stdinSeen[stdinSeen.length - 1]).to.deep.equal({ input: 'stdin', index: 0, count: 1, bytesRead: 3, totalBytes: undefined });
  });

  describe('faults: a one-line InputError naming the input, nothing left open', () => {
    let fds: number;
    beforeEach(() => {
      fds = openFds();
    });
    afterEach(async () => {
      expect(await fdsSettleTo(fds)).to.be.at.most(fds);
    });

    it('a missing file', async () => {
      const err = await rejection(collect(lines([join(dir, 'a.txt'), join(dir, 'missing.txt')])));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal(`${join(dir, 'missing.txt')}: no such file`);
    });

    it('a directory', async () => {
      const err = await rejection(collect(lines(dir)));
      expect(err.message).to.equal(`${dir}: is a directory, not a file`);
    });

    it('a glob matching nothing', async () => {
      const err = await rejection(collect(openBytes(join(dir, '*.nothing'))));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal(`${join(dir, '*.nothing')}: no files match this pattern`);
    });

    it('a truncated gzip', async () => {
      const err = await rejection(collect(lines(fixture('truncated.fa.gz'))));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal(`${fixture('truncated.fa.gz')}: truncated gzip data (unexpected end of file)`);
    });

    it('a corrupt gzip', async () => {
      const err = await rejection(collect(openBytes(fixture('corrupt.fa.gz'))));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.match(/^.*corrupt\.fa\.gz: corrupt gzip data \(.+\)$/);
    });

    it('an error of a passed-in stream', async () => {
      const input = new PassThrough();
      input.write('a\n');
      setTimeout(() => input.destroy(new Error('disk on fire')), 5);
      const err = await rejection(collect(lines(input)));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal('stream: disk on fire');
    });

    it('a consumer that stops early closes the file', async () => {
      const src = lines(fixture('sample.fa'), { chunkSize: 256 });
      for await (const _ of src) break;
      expect(src.destroyed).to.equal(true);
    });
  });
});
