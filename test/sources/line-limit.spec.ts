import { expect } from 'chai';
import { Readable } from 'node:stream';
import { codes } from '../../lib/core/errors.js';
import { DEFAULT_MAX_LINE_LENGTH } from '../../lib/util/line-limit.js';
import { csv } from '../../sources/csv.js';
import { fasta } from '../../sources/fasta.js';
import { fastq } from '../../sources/fastq.js';
import { json } from '../../sources/json.js';
import { lines } from '../../sources/lines.js';
import { sequences } from '../../sources/sequences.js';
import { chunked, collect, rejection } from '../fixtures/sources/helpers.js';

/** Chunks of a line that never ends: `n` chunks of `size` bytes of `byte`. */
function endless(byte: string, size: number, n: number, head = ''): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i === 0 && head !== '') this.push(head);
      this.push(i++ < n ? Buffer.alloc(size, byte) : null);
    },
  });
}

describe('line limits of the line-based sources', () => {
  const cases = [
    ['lines', (s: Readable) => lines(s, { maxLineLength: 100 }), 'ok\n', 2],
    ['fasta', (s: Readable) => fasta(s, { maxLineLength: 100 }), '>a\n', 2],
    ['fastq', (s: Readable) => fastq(s, { maxLineLength: 100 }), '@a\n', 2],
    ['sequences', (s: Readable) => sequences(s, { maxLineLength: 100 }), 'ACGT\n', 2],
    ['csv (numeric)', (s: Readable) => csv(s, { numeric: true, maxLineLength: 100 }), '1,2\n', 2],
    ['json (NDJSON)', (s: Readable) => json(s, { maxLineLength: 100 }), '{}\n', 2],
  ] as const;
  for (const [name, make, head, line] of cases) {
    it(`${name}: a line past maxLineLength fails with the input and line, while it is still being read`, async () => {
      const err = await rejection(collect(make(endless('A', 30, 1000, head))));
      expect(err.code).to.equal(codes.BAD_RECORD);
      expect(err.message).to.match(
        new RegExp(`^stream line ${line}: line longer than maxLineLength \\(100 bytes\\): at least \\d+ bytes \\(\\w+\\(stream\\)\\)$`),
      );
    });
  }

  it('csv (csv-parse): a record past maxLineLength fails with the input and line', async () => {
    const err = await rejection(collect(csv(endless('a', 30, 1000, 'x,y\n'), { maxLineLength: 100 })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line \d+: .*maximum.* \(csv\(stream\)\)$/i);
  });

  it('the default is 64 MiB, and a source accepts longer lines when asked', async () => {
    expect(DEFAULT_MAX_LINE_LENGTH).to.equal(64 * 1024 * 1024);
    const long = 'x'.repeat(1000);
    expect(await collect(lines(chunked(long, long, '\n'), { maxLineLength: 2000 }))).to.deep.equal([long + long]);
    expect(() => fasta('x.fa', { maxLineLength: 0 })).to.throw(RangeError, /"maxLineLength"/);
  });
});
