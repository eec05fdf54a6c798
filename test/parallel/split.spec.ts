import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { alignCuts, type SplitFormat } from '../../lib/parallel/record-cuts.js';
import { bufferAccess } from '../../lib/parallel/byte-window.js';
import { openRange, splitBuffer, splitFile } from '../../lib/parallel/split.js';
import { rng } from '../helpers/rng.js';

type Rand = () => number;
const pick = (rand: Rand, s: string): string => s[Math.floor(rand() * s.length)]!;
const str = (rand: Rand, alphabet: string, max: number): string => Array.from({ length: Math.floor(rand() * (max + 1)) }, () => pick(rand, alphabet)).join('');

/** A random file of `format` and the offset where each of its records starts. */
function makeFile(format: SplitFormat, rand: Rand): { bytes: Buffer; starts: number[] } {
  const records: string[] = [];
  const count = 1 + Math.floor(rand() * 40);
  for (let r = 0; r < count; r++) {
    const eol = rand() < 0.2 ? '\r\n' : '\n';
    if (format === 'lines') records.push(str(rand, 'ACGT>@+", ', 12) + eol);
    else if (format === 'fasta') {
      // Headers may hold '>' (not at a line start); sequences wrap over lines, some blank.
      const lines = Array.from({ length: Math.floor(rand() * 4) }, () => str(rand, 'ACGTN', 10));
      records.push(`>${str(rand, 'ab >@', 8)}${eol}${lines.map((l) => l + eol).join('')}`);
    } else if (format === 'fastq') {
      // Quality lines full of '@' and '+', the characters that can pass for a header or separator.
      const seq = str(rand, 'ACGTN', 12);
      const qual = Array.from(seq, () => pick(rand, '@@++I#')).join('');
      records.push(`@${str(rand, 'r1@+ ', 6)}${eol}${seq}${eol}+${rand() < 0.3 ? 'r1' : ''}${eol}${qual}${eol}`);
    } else {
      // Fields: plain, quoted with commas, quoted line breaks and doubled quotes.
      const fields = Array.from({ length: 1 + Math.floor(rand() * 4) }, () =>
        rand() < 0.5 ? str(rand, 'abc12', 5) : `"${str(rand, 'ab,\n\r"', 8).replace(/"/g, '""')}"`,
      );
      records.push(fields.join(',') + eol);
    }
  }
  // The last record may lack its final line break.
  if (rand() < 0.3 && format !== 'fastq') records[records.length - 1] = records[records.length - 1]!.replace(/\r?\n$/, '');
  const starts: number[] = [];
  let pos = 0;
  for (const rec of records) {
    starts.push(pos);
    pos += Buffer.byteLength(rec);
  }
  return { bytes: Buffer.from(records.join('')), starts };
}

const FORMATS: SplitFormat[] = ['lines', 'csv', 'fasta', 'fastq'];

describe('split', () => {
  for (const format of FORMATS) {
    it(`aligns random cut points to the next ${format} record start, exactly`, async () => {
      const rand = rng(FORMATS.indexOf(format) + 1);
      for (let file = 0; file < 60; file++) {
        const { bytes, starts } = makeFile(format, rand);
        const offsets = Array.from({ length: 25 }, () => Math.floor(rand() * (bytes.length + 2))).sort((a, b) => a - b);
        const cuts = await alignCuts(bufferAccess(bytes), offsets, format);
        offsets.forEach((off, i) => {
          const want = off <= 0 ? 0 : (starts.find((s) => s >= off) ?? bytes.length);
          expect(cuts[i], `${format} file ${file} offset ${off}: ${JSON.stringify(bytes.toString())}`).to.equal(want);
        });
      }
    });

    it(`splits into ranges that hold every ${format} record once`, async () => {
      const rand = rng(100 + FORMATS.indexOf(format));
      for (let file = 0; file < 40; file++) {
        const { bytes, starts } = makeFile(format, rand);
        const n = 1 + Math.floor(rand() * 8);
        const ranges = await splitBuffer(bytes, n, format);
        expect(ranges.length).to.be.within(1, n);
        expect(ranges[0]!.start).to.equal(0);
        expect(ranges[ranges.length - 1]!.end).to.equal(bytes.length);
        for (let i = 0; i < ranges.length; i++) {
          const r = ranges[i]!;
          expect(r.end).to.be.greaterThan(r.start);
          if (i > 0) {
            expect(r.start).to.equal(ranges[i - 1]!.end);
            expect(starts).to.include(r.start);
          }
        }
      }
    });
  }

  it('splits a file into ranges readable with createReadStream, no byte lost or repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'split-'));
    try {
      const { bytes } = makeFile('fastq', rng(9));
      const path = join(dir, 'reads.fq');
      writeFileSync(path, bytes);
      const ranges = await splitFile(path, 3, { format: 'fastq' });
      expect(ranges.map((r) => r.index)).to.deep.equal(ranges.map((_, i) => i));
      const parts: Buffer[] = [];
      for (const r of ranges) {
        const chunks: Buffer[] = [];
        for await (const c of openRange(r, { highWaterMark: 7 })) chunks.push(c as Buffer);
        const part = Buffer.concat(chunks);
        expect(part.length).to.equal(r.end - r.start);
        if (part.length > 0) expect(part[0]).to.equal(64); // '@': each range starts on a header
        parts.push(part);
      }
      expect(Buffer.concat(parts).equals(readFileSync(path))).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives one range for a file of one record and none for an empty file', async () => {
    expect(await splitBuffer(Buffer.from('>only\nACGT\nACGT\n'), 4, 'fasta')).to.deep.equal([{ start: 0, end: 16 }]);
    expect(await splitBuffer(Buffer.alloc(0), 4, 'lines')).to.deep.equal([]);
  });

  it('finds a record start past a 64 KiB window (a long FASTA record)', async () => {
    const bytes = Buffer.from(`>a\n${'ACGT'.repeat(50_000)}\n>b\nGG\n`);
    expect(await alignCuts(bufferAccess(bytes), [10], 'fasta')).to.deep.equal([200_004]);
    expect(await alignCuts(bufferAccess(bytes), [10], 'csv')).to.deep.equal([200_004]);
  });

  it('names the input when it is missing or gzip-compressed, and checks options at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'split-'));
    try {
      const gz = join(dir, 'x.fa');
      writeFileSync(gz, gzipSync('>a\nAC\n'));
      let err: unknown;
      await splitFile(gz, 2, { format: 'fasta' }).catch((e: unknown) => (err = e));
      expect((err as Error).message).to.equal(`${gz}: is gzip-compressed: its bytes cannot be cut into records; decompress it to split it`);
      expect((err as { code: string }).code).to.equal('ERR_STREAMTOOLZ_INPUT');
      await splitFile(join(dir, 'nope'), 2, { format: 'lines' }).catch((e: unknown) => (err = e));
      expect((err as Error).message).to.equal(`${join(dir, 'nope')}: no such file`);
      await splitFile(gz, 0, { format: 'lines' }).catch((e: unknown) => (err = e));
      expect((err as RangeError).message).to.match(/"n" option must be a positive integer. Received 0/);
      await splitFile(gz, 2, { format: 'bam' as never }).catch((e: unknown) => (err = e));
      expect((err as TypeError).message).to.match(/"format" option must be one of 'lines', 'ndjson', 'csv', 'fasta', 'fastq'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
