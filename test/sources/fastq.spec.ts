import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { codes } from '../../lib/core/errors.js';
import { fastq } from '../../sources/fastq.js';
import type { FastqRecord } from '../../sources/sequence-record.js';
import { chunked, collect, fixture, rejection } from '../fixtures/sources/helpers.js';

const expected = JSON.parse(readFileSync(fixture('sample.fq.json'), 'utf8')) as FastqRecord[];

describe('fastq', () => {
  it('matches the fixture records, four-line and wrapped ones', async () => {
    expect(await collect(fastq(fixture('sample.fq')))).to.deep.equal(expected);
  });

  it('reads gzip detected by content', async () => {
    expect(await collect(fastq(fixture('sample.fq.gz')))).to.deep.equal(expected);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const bytes = readFileSync(fixture('sample.fq'));
    for (const size of [1, 13, 500]) {
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      expect(await collect(fastq(chunked(...parts)))).to.deep.equal(expected);
    }
  });

  it("reads a quality line starting with '@' and an empty record", async () => {
    const got = await collect(fastq(chunked('@r1\nAC\n+\n@I\n@r2\n\n+\n\n@r3\nG\n+\nI')));
    expect(got.map((r) => [r.id, r.sequence, r.quality])).to.deep.equal([
      ['r1', 'AC', '@I'],
      ['r2', '', ''],
      ['r3', 'G', 'I'],
    ]);
  });

  it('fails a quality of the wrong length, naming input, line and record', async () => {
    const err = await rejection(collect(fastq(chunked('@r1\nACGT\n+\nIIII\n@r2\nACGTAC\n+\nIIIII\n@r3\nA\n+\nI\n'))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal("stream line 9: quality length 5 != sequence length 6 in record 'r2' (line 5) (fastq(stream))");
  });

  it('fails a quality that is too long', async () => {
    const err = await rejection(collect(fastq(chunked('@r1\nAC\n+\nIII\n'))));
    expect(err.message).to.equal("stream line 4: quality length 3 != sequence length 2 in record 'r1' (line 1) (fastq(stream))");
  });

  it('fails a record cut short', async () => {
    const err = await rejection(collect(fastq(chunked('@r1\nACGT\n+\nII'))));
    expect(err.message).to.equal("stream line 4: record 'r1' (line 1) is cut short: quality has 2 characters, sequence 4 (fastq(stream))");
    const err2 = await rejection(collect(fastq(chunked('@r1\nACGT\n'))));
    expect(err2.message).to.equal("stream line 2: record 'r1' (line 1) is cut short: no '+' line (fastq(stream))");
  });

  it('fails a missing @ header', async () => {
    const err = await rejection(collect(fastq(chunked('>r1\nACGT\n'))));
    expect(err.message).to.equal("stream line 1: expected a '@' header line, got '>r1' (fastq(stream))");
  });

  it('yields nothing for empty input', async () => {
    expect(await collect(fastq(chunked('')))).to.deep.equal([]);
  });
});
