import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { codes } from '../../lib/core/errors.js';
import { fasta, FastaParser } from '../../sources/fasta.js';
import type { SequenceRecord } from '../../sources/sequence-record.js';
import { chunked, collect, fixture, rejection } from '../fixtures/sources/helpers.js';

const expected = JSON.parse(readFileSync(fixture('sample.fa.json'), 'utf8')) as SequenceRecord[];

describe('fasta', () => {
  it('matches the records a Python reader made of the fixture (wrapped lines, CRLF, no final newline)', async () => {
    expect(await collect(fasta(fixture('sample.fa')))).to.deep.equal(expected);
  });

  it('reads the same records from a multi-member gzip (bgzip style)', async () => {
    expect(await collect(fasta(fixture('sample.multi.fa.gz')))).to.deep.equal(expected);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const bytes = readFileSync(fixture('sample.fa'));
    for (const size of [1, 7, 61, 4096]) {
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      expect(await collect(fasta(chunked(...parts)))).to.deep.equal(expected);
    }
  });

  it('skips blank and ; comment lines, keeps an empty sequence', () => {
    const p = new FastaParser('x', 'fasta(x)');
    const out: SequenceRecord[] = [];
    p.write(Buffer.from('\n>a  first one \n\nAC\n;comment\nGT\n>b\n>c\tz\nN'), out);
    p.end(out);
    expect(out).to.deep.equal([
      { id: 'a', description: 'first one', sequence: 'ACGT' },
      { id: 'b', description: '', sequence: '' },
      { id: 'c', description: 'z', sequence: 'N' },
    ]);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect(fasta(chunked()))).to.deep.equal([]);
  });

  it('names the input and line when text comes before the first header', async () => {
    const err = await rejection(collect(fasta(chunked('\nACGT\n>a\nAC\n'))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal("stream line 2: expected a '>' header line, got 'ACGT' (fasta(stream))");
  });

  it('rejects binary garbage with a one-line error naming the input', async () => {
    const garbage = Buffer.from([0x3e, 0x61, 0x0a, 0x00, 0xff, 0x13, 0x37, 0x0a]);
    const err = await rejection(collect(fasta(chunked(garbage))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal('stream byte 3: binary data (a NUL byte), not text (fasta(stream))');
  });

  it('reads several inputs in order, each parsed on its own', async () => {
    const got = await collect(fasta([chunked('>x\nAA'), chunked('>y\nCC\n')]));
    expect(got).to.deep.equal([
      { id: 'x', description: '', sequence: 'AA' },
      { id: 'y', description: '', sequence: 'CC' },
    ]);
  });

  it('is named after its input', () => {
    const src = fasta(['reads.fa', 'b.fa', 'c.fa']);
    expect(src.name).to.equal('fasta(reads.fa, +2 more)');
    src.destroy();
  });
});
