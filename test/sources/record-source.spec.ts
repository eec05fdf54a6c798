import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { codes } from '../../lib/core/errors.js';
import type { Progress } from '../../lib/io/input-reader.js';
import { csv } from '../../sources/csv.js';
import { fasta } from '../../sources/fasta.js';
import { fastq } from '../../sources/fastq.js';
import { json } from '../../sources/json.js';
import { lines } from '../../sources/lines.js';
import { sequences } from '../../sources/sequences.js';
import type { RecordSource } from '../../sources/record-source.js';
import { collect, fdsSettleTo, openFds, rejection, settle } from '../fixtures/sources/helpers.js';

type Make = (input: string) => RecordSource<unknown>;

async function outcome(src: RecordSource<unknown>): Promise<{ records?: unknown[]; error?: string }> {
  try {
    return { records: await collect(src) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const all: Record<string, Make> = {
  lines: (i) => lines(i),
  csv: (i) => csv(i),
  'csv numeric': (i) => csv(i, { numeric: true }),
  json: (i) => json(i),
  fasta: (i) => fasta(i),
  fastq: (i) => fastq(i),
  sequences: (i) => sequences(i),
};

describe('record sources', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-records-'));
    // Random bytes with a NUL early on, as any binary file has; and the same gzipped, so
    // that decompression succeeds and the garbage reaches the parser.
    const garbage = randomBytes(4096);
    garbage[10] = 0;
    writeFileSync(join(dir, 'garbage.bin'), garbage);
    writeFileSync(join(dir, 'garbage.bin.gz'), gzipSync(garbage));
    writeFileSync(join(dir, 'ok.txt'), 'x\n');
    // Warm up: the first read opens process-wide handles that stay (not per read).
    await collect(lines(join(dir, 'ok.txt')));
    await settle();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, make] of Object.entries(all)) {
    it(`${name}: binary garbage is a one-line error naming the input, and the file is closed`, async () => {
      for (const file of ['garbage.bin', 'garbage.bin.gz']) {
        const fds = openFds();
        const err = await rejection(collect(make(join(dir, file))));
        expect(err.code).to.be.oneOf([codes.BAD_RECORD, codes.INPUT]);
        expect(err.message).to.contain(join(dir, file));
        expect(err.message).to.not.contain('\n');
        expect(await fdsSettleTo(fds)).to.be.at.most(fds);
      }
    });

    it(`${name}: reopen() reads the same inputs again; progress reaches the size`, async () => {
      const src = make(join(dir, 'ok.txt'));
      let last: Progress | undefined;
      src.on('progress', (p: Progress) => (last = p));
      const first = await outcome(src);
      const again = src.reopen();
      expect(again).to.not.equal(src);
      expect(again.name).to.equal(src.name);
      // Some formats reject 'x' (FASTA, FASTQ): the second pass must then fail the same way.
      expect(await outcome(again)).to.deep.equal(first);
      expect(last).to.deep.equal({ input: join(dir, 'ok.txt'), index: 0, count: 1, bytesRead: 2, totalBytes: 2 });
    });
  }
});
