import { expect } from 'chai';
import { csv } from '../../sources/csv.js';
import { fasta } from '../../sources/fasta.js';
import { fastq } from '../../sources/fastq.js';
import { chunked, collect, rejection } from '../fixtures/sources/helpers.js';

describe('data quoted in the errors of the sources', () => {
  it('escapes control characters: a terminal never runs what a file holds', async () => {
    const err = await rejection(collect(fasta(chunked('\x1b[2J\x1b]0;owned\x07\n>r\nAC\n'))));
    expect(err.message).to.equal("stream line 1: expected a '>' header line, got '\\x1b[2J\\x1b]0;owned\\x07' (fasta(stream))");
  });

  it('shows at most about 60 characters of a long field or name, and its length', async () => {
    const id = 'r'.repeat(10_000);
    const cut = await rejection(collect(fastq(chunked(`@${id}\nACGT\n+\nII\n`))));
    expect(cut.message).to.equal(
      `stream line 4: record '${'r'.repeat(59)}…' (10000 characters) (line 1) is cut short: quality has 2 characters, sequence 4 (fastq(stream))`,
    );
    const field = await rejection(collect(csv(chunked(`1,2\n3,${'x'.repeat(100_000)}\n`), { numeric: true })));
    expect(field.message).to.equal(`stream line 2: field 2 is not a number: '${'x'.repeat(59)}…' (100000 characters) (csv(stream))`);
  });
});
