import { expect } from 'chai';
import { controlByteIndex, sequenceFormatOf, showByte } from '../../lib/kmer/sequence-format.js';

describe('sequence formats from the first bytes', () => {
  it("tells FASTA ('>' or ';'), FASTQ ('@') and sequence lines (a letter, '-', '*', '.') from the first byte", () => {
    const of = (c: string): string | undefined => sequenceFormatOf(c.charCodeAt(0));
    expect(['>', ';', '@', 'A', 'n', '-', '*', '.'].map(of)).to.deep.equal(['fasta', 'fasta', 'fastq', 'lines', 'lines', 'lines', 'lines', 'lines']);
    expect(['<', '{', '1', '#', '\x00', '\x8b'].map(of)).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('finds the first control byte other than tab, line feed and carriage return', () => {
    expect(controlByteIndex(Buffer.from('AC\tGT\r\nAC'), 0, 9)).to.equal(-1);
    expect(controlByteIndex(Buffer.from('ACGT\x1b[0m'), 0, 9)).to.equal(4);
    expect(controlByteIndex(Buffer.from('ACGT\x7f'), 0, 4)).to.equal(-1); // not past `to`
  });

  it('shows a printable byte quoted and any other in hex', () => {
    expect(showByte(0x3c)).to.equal("'<'");
    expect(showByte(0x20)).to.equal('byte 0x20');
    expect(showByte(0x00)).to.equal('byte 0x00');
  });
});
