import { expect } from 'chai';
import { RecordError } from '../../lib/core/errors.js';
import { NumericCsvScanner } from '../../lib/pca/numeric-csv-scanner.js';
import { reusedChunks } from '../helpers/reused-buffer.js';

/** Scans `text` cut into chunks of `size` bytes; returns the rows and the scanner. */
function scan(text: string, size = text.length || 1, cols?: number): { rows: number[][]; scanner: NumericCsvScanner } {
  const rows: number[][] = [];
  const scanner = new NumericCsvScanner(
    'x.csv',
    (data, n, c) => {
      for (let r = 0; r < n; r++) rows.push(Array.from(data.subarray(r * c, (r + 1) * c)));
    },
    { stage: 'pca', cols },
  );
  const buf = Buffer.from(text, 'latin1');
  for (let i = 0; i < buf.length; i += size) scanner.write(buf.subarray(i, i + size));
  scanner.end();
  return { rows, scanner };
}

function failure(text: string): RecordError {
  try {
    scan(text);
  } catch (err) {
    expect(err).to.be.instanceOf(RecordError);
    return err as RecordError;
  }
  throw new Error('expected a RecordError');
}

describe('NumericCsvScanner', () => {
  const text = 'a,b,c\n1.5,-2,3e2\n\n0.1,.5,+7\r\n-0.000001,123456789012345678,1E-5\n4,5,6';
  const expected = [
    [1.5, -2, 300],
    [0.1, 0.5, 7],
    // biome-ignore lint/correctness/noPrecisionLoss: parsed from the same digits, so rounded the same way
    [-0.000001, 123456789012345678, 1e-5],
    [4, 5, 6],
  ];

  it('parses every number exactly as Number() does, skipping a header and blank lines', () => {
    const { rows, scanner } = scan(text);
    expect(rows).to.deep.equal(expected);
    expect(scanner.header).to.deep.equal(['a', 'b', 'c']);
    expect(scanner.rows).to.equal(4);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 5, 7, 11]) expect(scan(text, size).rows).to.deep.equal(expected);
  });

  it('matches Number() on many random decimals (fast path)', () => {
    const values: number[] = [];
    let s = 7;
    for (let i = 0; i < 3000; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      values.push(Number(((s / 4294967296 - 0.5) * 10 ** ((s % 9) - 3)).toFixed(s % 8)));
    }
    const lines = [];
    for (let i = 0; i < values.length; i += 3)
      lines.push(
        values
          .slice(i, i + 3)
          .map((v) => v.toFixed(6))
          .join(','),
      );
    const { rows } = scan(lines.join('\n') + '\n', 4096);
    expect(rows.flat()).to.deep.equal(lines.flatMap((l) => l.split(',').map(Number)));
  });

  it('has no header when the first line is numeric', () => {
    const { rows, scanner } = scan('1,2\n3,4\n');
    expect(rows).to.deep.equal([
      [1, 2],
      [3, 4],
    ]);
    expect(scanner.header).to.equal(undefined);
  });

  it('names the input and the line of a row with another number of fields', () => {
    const err = failure('a,b\n1,2\n3\n');
    expect(err.message).to.equal('x.csv line 3: expected 2 fields, got 1 (pca)');
    expect(err.line).to.equal(3);
    expect(failure('1,2\n3,4,5\n').message).to.equal('x.csv line 2: expected 2 fields, got 3 (pca)');
  });

  it('with header: false, a first line that is not numbers is an error, not a header', () => {
    const scanner = new NumericCsvScanner('x.csv bytes 100-200', () => {}, { stage: 'pca', header: false });
    expect(() => {
      scanner.write(Buffer.from('1,2,x\n3,4,5\n'));
      scanner.end();
    }).to.throw(RecordError, "x.csv bytes 100-200 line 1: field 3 is not a number: 'x' (pca)");
  });

  it('with reuseBlock, hands every block in the same array, rows intact for the handler', () => {
    const rows: number[][] = [];
    const buffers = new Set<ArrayBufferLike>();
    const scanner = new NumericCsvScanner(
      'x.csv',
      (data, n, c) => {
        buffers.add(data.buffer);
        for (let r = 0; r < n; r++) rows.push(Array.from(data.subarray(r * c, (r + 1) * c)));
      },
      { reuseBlock: true },
    );
    for (const chunk of ['a,b\n1,2\n3,', '4\n5,6\n', '7,8\n9,10']) scanner.write(Buffer.from(chunk));
    scanner.end();
    expect(rows).to.deep.equal([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
    ]);
    expect(buffers.size).to.equal(1);
  });

  it('names the input, line and field of a non-numeric field', () => {
    expect(failure('1,2\n3,abc\n').message).to.equal("x.csv line 2: field 2 is not a number: 'abc' (pca)");
    expect(failure('1,2\n3,\n').message).to.equal("x.csv line 2: field 2 is not a number: '' (pca)");
  });

  it('rejects NaN and Infinity, even on the first line', () => {
    expect(failure('1,2\nNaN,4\n').message).to.equal("x.csv line 2: field 1 is 'NaN', not a finite number (pca)");
    expect(failure('1,-inf\n').message).to.equal("x.csv line 1: field 2 is '-inf', not a finite number (pca)");
    expect(failure('1,2\n1e400,3\n').message).to.equal("x.csv line 2: field 1 is '1e400', not a finite number (pca)");
  });

  it('checks a later input against the width of the first', () => {
    expect(scan('x,y\n1,2\n', 3, 2).rows).to.deep.equal([[1, 2]]);
    expect(() => scan('1,2,3\n', 3, 2)).to.throw(RecordError, 'x.csv line 1: expected 2 fields, got 3 (pca)');
  });

  it('gives nothing for an empty input', () => {
    expect(scan('').rows).to.deep.equal([]);
    expect(scan('\n\n').rows).to.deep.equal([]);
  });

  it('quotes at most about 60 characters of an overlong field, and escapes control characters', () => {
    const huge = `1${'0'.repeat(100_000)}e400`;
    const nonFinite = failure(`1,2\n${huge},3\n`).message;
    expect(nonFinite).to.equal(`x.csv line 2: field 1 is '1${'0'.repeat(58)}…' (100005 characters), not a finite number (pca)`);
    const notNumber = failure(`1,2\n3,x${'y'.repeat(100_000)}\n`).message;
    expect(notNumber.length).to.be.lessThan(150);
    expect(failure('1,2\n3,\x1b[2J\x07\n').message).to.equal("x.csv line 2: field 2 is not a number: '\\x1b[2J\\x07' (pca)");
  });

  it('fails a line longer than maxLineLength, naming the line, however it is cut', () => {
    const text = `1,2\n3,4\n${'5'.repeat(30)},6\n7,8\n`;
    for (const size of [1, 4, 7, 64]) {
      const scanner = new NumericCsvScanner('x.csv', () => {}, { stage: 'pca', maxLineLength: 20 });
      const buf = Buffer.from(text);
      expect(() => {
        for (let i = 0; i < buf.length; i += size) scanner.write(buf.subarray(i, i + size));
        scanner.end();
      }, `chunks of ${size}`).to.throw(RecordError, /^x\.csv line 3: line longer than maxLineLength \(20 bytes\): at least \d+ bytes \(pca\)$/);
    }
    expect(scan(text, 5).rows).to.have.length(4); // the default limit is generous
  });

  it('fails a line without end once it passes the limit, not when the input ends', () => {
    const scanner = new NumericCsvScanner('x.csv', () => {}, { stage: 'pca', maxLineLength: 4 << 20 });
    const chunk = Buffer.alloc(1 << 16, 0x31);
    let written = 0;
    expect(() => {
      for (; written < 1024; written++) scanner.write(chunk);
    }).to.throw(RecordError, /^x\.csv line 1: line longer than maxLineLength \(4194304 bytes\)/);
    expect(written).to.equal(64); // the 65th chunk passes 4 MiB
  });

  it('keeps copies of what it carries over: the reader may reuse its buffer', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `${i},${i * 0.5},${-i}`).join('\n');
    const rows: number[][] = [];
    const scanner = new NumericCsvScanner('x.csv', (data, n, c) => {
      for (let r = 0; r < n; r++) rows.push(Array.from(data.subarray(r * c, (r + 1) * c)));
    });
    for (const chunk of reusedChunks(Buffer.from(text), 37)) scanner.write(chunk);
    scanner.end();
    expect(rows).to.deep.equal(Array.from({ length: 2000 }, (_, i) => [i, i * 0.5, i === 0 ? 0 : -i]));
  });

  it('reads quoted fields inside their quotes, and unquotes the header', () => {
    const { rows, scanner } = scan('"x","y z"\n"1.5",  2 \n');
    expect(scanner.header).to.deep.equal(['x', 'y z']);
    expect(rows).to.deep.equal([[1.5, 2]]);
  });

  it('with nonFinite, reads nan, inf and overflows as values', () => {
    const rows: number[][] = [];
    const scanner = new NumericCsvScanner('x.csv', (data) => rows.push(Array.from(data)), { nonFinite: true });
    scanner.write(Buffer.from('nan,-inf,1e400\n'));
    scanner.end();
    expect(rows).to.deep.equal([[Number.NaN, -Infinity, Infinity]]);
  });

  it("with header: 'always', takes a numeric first line as the header", () => {
    const rows: number[][] = [];
    const scanner = new NumericCsvScanner('x.csv', (data) => rows.push(Array.from(data)), { header: 'always' });
    scanner.write(Buffer.from('1,2\n3,4\n'));
    scanner.end();
    expect(scanner.header).to.deep.equal(['1', '2']);
    expect(rows).to.deep.equal([[3, 4]]);
  });

  it('hands blocks in parts that never overlap, each with the line of its first row', () => {
    const blocks: { data: Float64Array; firstLine: number }[] = [];
    const scanner = new NumericCsvScanner('x.csv', (data, _rows, _cols, firstLine) => blocks.push({ data, firstLine }));
    for (const chunk of ['a,b\n1,2\n', '\n3,4\n5,', '6\n']) scanner.write(Buffer.from(chunk));
    scanner.end();
    expect(blocks.map((b) => [b.firstLine, ...b.data])).to.deep.equal([
      [2, 1, 2],
      [4, 3, 4],
      [5, 5, 6],
    ]);
    expect(new Set(blocks.map((b) => b.data.buffer)).size).to.equal(1);
  });
});
