import { expect } from 'chai';
import { FLOAT, INT, NULLABLE, STRING } from '../../lib/records/csv-columns.js';
import { fieldValue, lastProblem, textValue } from '../../lib/records/csv-field.js';

const value = (text: string, type: number): unknown => {
  const buf = Buffer.from(`${text},`);
  return fieldValue(buf, 0, buf.length - 1, type);
};

describe('csv-field', () => {
  it('reads floats exactly as Number() does, on the fast path and off it', () => {
    for (const t of ['0', '-0', '1.5', '.5', '7.', '+3', '1e22', '1e23', '2.5E-3', '123456789.123456789', '9007199254740993', ' 4 ', '0x10', '1_0']) {
      const want = Number(t.trim());
      const got = value(t, FLOAT);
      if (Number.isNaN(want)) expect(got, t).to.equal(undefined);
      else expect(Object.is(got, want), t).to.equal(true);
    }
    expect(value('nan', FLOAT)).to.be.NaN;
    expect(value('-inf', FLOAT)).to.equal(-Infinity);
  });

  it('reads ints as digits within 2^53, and says why it will not', () => {
    expect(value('-42', INT)).to.equal(-42);
    expect(value(' 7 ', INT)).to.equal(7);
    expect(value('1.0', INT)).to.equal(undefined);
    expect(lastProblem()).to.equal("is not an int: '1.0'");
    expect(value('9007199254740993', INT)).to.equal(undefined);
    expect(lastProblem()).to.match(/past 2\^53/);
  });

  it('makes an empty field null for ? types and an error otherwise; strings stay as they are', () => {
    expect(textValue('', INT | NULLABLE)).to.equal(null);
    expect(textValue('', FLOAT)).to.equal(undefined);
    expect(lastProblem()).to.match(/^is empty, not a float/);
    expect(textValue(' x ', STRING)).to.equal(' x ');
  });
});
