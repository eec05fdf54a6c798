import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { detectSequenceFormat } from '../../sources/sequence-record.js';
import { sequences } from '../../sources/sequences.js';
import type { FastqRecord, SequenceRecord } from '../../sources/sequence-record.js';
import { chunked, collect, fixture } from '../fixtures/sources/helpers.js';

describe('detectSequenceFormat', () => {
  it('tells FASTA, FASTQ and plain lines apart by the first non-blank character', () => {
    expect(detectSequenceFormat(Buffer.from('\n  >chr1\nACGT'))).to.equal('fasta');
    expect(detectSequenceFormat('\ufeff@r1\nACGT\n+\nIIII')).to.equal('fastq');
    expect(detectSequenceFormat('ACGT\nTTGA')).to.equal('lines');
    expect(detectSequenceFormat('')).to.equal('lines');
  });
});

describe('sequences', () => {
  it('detects the format of each input on its own', async () => {
    const fa = JSON.parse(readFileSync(fixture('sample.fa.json'), 'utf8')) as SequenceRecord[];
    const fq = JSON.parse(readFileSync(fixture('sample.fq.json'), 'utf8')) as FastqRecord[];
    const got = await collect(sequences([fixture('sample.multi.fa.gz'), fixture('sample.fq.gz'), chunked('ACGT\n\nTTGA')]));
    expect(got).to.deep.equal([...fa, ...fq, { id: '1', description: '', sequence: 'ACGT' }, { id: '3', description: '', sequence: 'TTGA' }]);
  });

  it('waits for the first non-blank byte, even across chunks', async () => {
    const got = await collect(sequences(chunked('\n', '  \n', '>a\nAC', 'GT\n')));
    expect(got).to.deep.equal([{ id: 'a', description: '', sequence: 'ACGT' }]);
  });
});
