import { expect } from 'chai';
import { countFields, fastRow, toNumber, unquote } from '../../lib/records/number-row.js';

function row(text: string, columns: number): [number, number[]] {
  const buf = Buffer.from(`${text}\n`);
  const target = new Float64Array(columns);
  return [fastRow(buf, 0, buf.length - 1, 44, target, 0, columns), [...target]];
}

describe('fastRow', () => {
  it('parses plain decimals exactly as Number() does', () => {
    const fields = ['0', '-0.5', '+3.25', '1e3', '2.5E-7', '123456789012345', '0.1', '0.7', '9.999999', '-.5', '5.'];
    const [n, got] = row(fields.join(','), fields.length);
    expect(n).to.equal(fields.length);
    got.forEach((v, i) => expect(Object.is(v, Number(fields[i])), `${fields[i]}`).to.equal(true));
  });

  it('gives up (-1) on what needs Number() or is not a number, and on too many fields', () => {
    for (const text of ['1,x', '1, 2', '1,"2"', '1,', '1,nan', '1,12345678901234567890', '1,1e300', '1,1e', '1,-', '1,2,3']) {
      expect(row(text, 2)[0], text).to.equal(-1);
    }
  });

  it('reads digits that round to 2^53 with an exponent as Number() does (the mantissa is not exact there)', () => {
    // 9007199254740993 rounds to 2^53 as a double: times ten it is not the nearest double of the text.
    const fields = ['9007199254740993e1', '900719925474099.3e2', '-9007199254740993e-1', '9007199254740992e1'];
    const target = new Float64Array(fields.length);
    const buf = Buffer.from(`${fields.join(',')}\n`);
    const n = fastRow(buf, 0, buf.length - 1, 44, target, 0, fields.length);
    if (n === fields.length) target.forEach((v, i) => expect(v, fields[i]).to.equal(Number(fields[i])));
    else expect(n).to.equal(-1);
  });

  it('stops at the line end: a short row gives its field count', () => {
    expect(row('1,2', 3)[0]).to.equal(2);
  });
});

describe('number-row helpers', () => {
  it('toNumber reads what Number() reads plus NumPy nan/inf, and rejects empty fields', () => {
    expect(toNumber(' 0x10 ')).to.equal(16);
    expect(toNumber('NaN')).to.be.NaN;
    expect(toNumber('-Inf')).to.equal(-Infinity);
    expect(toNumber('')).to.equal(undefined);
    expect(toNumber('abc')).to.equal(undefined);
  });

  it('unquote and countFields', () => {
    expect(unquote(' "a ""b""" ')).to.equal('a "b"');
    expect(countFields(Buffer.from('1,2,3\n4'), 0, 5, 44)).to.equal(3);
  });
});
