import { expect } from 'chai';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflate, createGzip } from 'node:zlib';
import { codes } from '../../lib/core/errors.js';
import { lines } from '../../sources/lines.js';
import { startCli } from '../helpers/cli-process.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { collect, rejection } from '../fixtures/sources/helpers.js';

// Inputs that never end a line, made small on disk and large once inflated. Each is made
// on the fly (a few MB of gzip) and read by the real command line, whose peak RSS comes
// from --stats, printed after the error.

const MiB = 1 << 20;

/** `mib` MiB of `byte`, then `tail`, gzip- (or deflate-) compressed into `path`. */
async function compressed(path: string, mib: number, byte: number, tail = '', deflate = false): Promise<void> {
  const block = Buffer.alloc(MiB, byte);
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < mib; i++) yield block;
        if (tail !== '') yield Buffer.from(tail);
      })(),
    ),
    deflate ? createDeflate({ level: 1 }) : createGzip({ level: 1 }),
    createWriteStream(path),
  );
}

const peakMB = (stderr: string): number => Number(/peak RSS ([\d.]+) MB/.exec(stderr)?.[1]);

describe('faults: decompression bombs and endless lines', function () {
  this.timeout(60_000);
  let dir: string;
  let zeros: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-bombs-'));
    zeros = join(dir, 'zeros.gz');
    await compressed(zeros, 256, 0); // 256 MiB of NUL bytes: ~1 MB of gzip
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('pca on a gzip of zeros: one line at the line limit, in bounded memory', async () => {
    const { code, stderr } = await startCli(['pca', '--stats', zeros]).exit;
    expect(code, stderr).to.equal(1);
    // --stats adds the fit pipe's table and the totals; the error is one line among them.
    const errors = stderr.split('\n').filter((l) => l.startsWith('streamtoolz'));
    expect(errors, stderr).to.have.length(1);
    expect(errors[0]).to.match(
      new RegExp(`^streamtoolz pca: ${zeros} line 1: line longer than maxLineLength \\(67108864 bytes\\): at least \\d+ bytes \\(pca\\)$`),
    );
    // The line is held up to the limit (64 MiB) and not copied per chunk: 829 MB before.
    expect(peakMB(stderr)).to.be.within(1, 400);
  });

  it('kmers on a gzip of zeros: binary data, at once', async () => {
    const { code, stderr } = await startCli(['kmers', '-k', '21', zeros]).exit;
    expect(code, stderr).to.equal(1);
    expect(stderr).to.equal(`streamtoolz kmers: ${zeros} byte 0: binary data (byte 0x00), not FASTA, FASTQ or sequence lines (kmers(k=21))\n`);
  });

  it('sources.lines on a gzip of a line without end: the line limit', async () => {
    const ones = join(dir, 'ones.gz');
    await compressed(ones, 200, 0x31); // a 200 MiB line of '1'
    const err = await rejection(collect(lines(ones)));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/ line 1: line longer than maxLineLength \(67108864 bytes\): at least \d+ bytes \(lines\(/);
  });

  it('pca with --max-line-length raised: a 200 MB field is quoted in under 100 characters', async () => {
    const digits = join(dir, 'digits.gz');
    await compressed(digits, 200, 0x31, ',2\n3,4\n');
    const { code, stderr } = await startCli(['pca', '--max-line-length', '256M', digits]).exit;
    expect(code, stderr).to.equal(1);
    expect(stderr).to.match(
      new RegExp(`^streamtoolz pca: ${digits} line 1: field 1 is '1{59}…' \\(209715200 characters\\), not a finite number \\(pca\\)\\n$`),
    );
  });

  describe('over HTTP', () => {
    let http: TestServer;
    before(async () => {
      const path = join(dir, 'zeros.deflate');
      await compressed(path, 256, 0, '', true);
      const bomb = readFileSync(path);
      http = await startServer((_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(bomb));
    });
    after(() => http.close());

    it('kmers on a deflate-encoded body of zeros: decoded, binary data, at once', async () => {
      const { code, stderr } = await startCli(['kmers', '-k', '21', `${http.base}/reads.fa`]).exit;
      expect(code, stderr).to.equal(1);
      expect(stderr).to.equal(`streamtoolz kmers: ${http.base}/reads.fa byte 0: binary data (byte 0x00), not FASTA, FASTQ or sequence lines (kmers(k=21))\n`);
    });
  });
});
