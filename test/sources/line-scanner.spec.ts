import { expect } from 'chai';
import { codes } from '../../lib/core/errors.js';
import { LineScanner } from '../../sources/line-scanner.js';

/** Runs a scanner over `parts`, recording each line and its number. */
function scan(parts: string[], strings = false): [number, string][] {
  const got: [number, string][] = [];
  const scanner = new LineScanner((buf, start, end, line) => got.push([line, buf.toString('utf8', start, end)]), { input: 'x', stage: 'test' });
  for (const p of parts) {
    if (!strings) scanner.write(Buffer.from(p));
    else {
      const out: string[] = [];
      const before = scanner.line;
      scanner.writeStrings(Buffer.from(p), 'utf8', out);
      // Lines the loop decoded itself are numbered after any the callback saw.
      out.forEach((line, i) => got.push([scanner.line - out.length + i + 1, line]));
      expect(scanner.line).to.be.at.least(before + out.length);
    }
  }
  scanner.end();
  return got.sort((a, b) => a[0] - b[0]);
}

describe('LineScanner', () => {
  for (const strings of [false, true]) {
    const how = strings ? 'writeStrings' : 'write';
    it(`${how}: numbers lines across chunks, with CRLF, BOM and no final newline`, () => {
      expect(scan(['\ufeffa\r', '\nbb\n\nc', 'c\r\nd'], strings)).to.deep.equal([
        [1, 'a'],
        [2, 'bb'],
        [3, ''],
        [4, 'cc'],
        [5, 'd'],
      ]);
    });

    it(`${how}: gives nothing for empty input and one empty line for a lone newline`, () => {
      expect(scan([], strings)).to.deep.equal([]);
      expect(scan(['\n'], strings)).to.deep.equal([[1, '']]);
    });
  }

  it('enforces maxLineLength, also on a line still being read', () => {
    const scanner = new LineScanner(() => {}, { input: 'in.txt', stage: 'lines(in.txt)', maxLineLength: 4 });
    scanner.write(Buffer.from('abcd\n'));
    expect(() => scanner.write(Buffer.from('abcdefgh')))
      .to.throw('in.txt line 2: line longer than maxLineLength (4 bytes): at least 8 bytes (lines(in.txt))')
      .with.property('code', codes.BAD_RECORD);
  });
});
