import { expect } from 'chai';
import { byteKey, compareLineBytes, compareNumericLines, leadingNumber, numericKey } from '../../lib/spill/line-keys.js';
import { radixSortKeys } from '../../lib/spill/key-radix-sort.js';
import { randomNumbers } from '../helpers/spill.js';

const key = (text: string, make = numericKey): bigint => {
  const hi = new Uint32Array(1);
  const lo = new Uint32Array(1);
  make(Buffer.from(text), 0, Buffer.byteLength(text), hi, lo, 0);
  return (BigInt(hi[0]!) << 32n) | BigInt(lo[0]!);
};

describe('line keys', () => {
  it('numeric keys never contradict the values: a smaller key is a smaller number', () => {
    const numbers = randomNumbers(5_000, 51);
    const texts = numbers.map((x) => (Math.abs(x) > 1e5 || Math.abs(x) < 1e-5 ? x.toExponential() : String(x)));
    for (let i = 1; i < texts.length; i++) {
      const [a, b] = [texts[i - 1]!, texts[i]!];
      const ka = key(a);
      const kb = key(b);
      const va = Number(a);
      const vb = Number(b);
      if (ka < kb) expect(va, `${a} < ${b}`).to.be.at.most(vb);
      if (ka > kb) expect(va, `${a} > ${b}`).to.be.at.least(vb);
      if (ka === kb) expect(compareNumericLines(Buffer.from(a), 0, a.length, Buffer.from(b), 0, b.length)).to.equal(Math.sign(va - vb));
    }
  });

  it('put text first, then NaN, -inf, negatives, zero, positives, +inf', () => {
    const ordered = ['apples', 'nan', '-inf', '-1e300', '-1', '-1e-300', '0', '1e-300', '1', '1e300', 'inf'];
    const keys = ordered.map((t) => key(t));
    for (let i = 1; i < keys.length; i++) expect(keys[i]! > keys[i - 1]!, `${ordered[i - 1]} < ${ordered[i]}`).to.equal(true);
    expect(key('-0')).to.equal(key('0'));
    expect(key('1.50')).to.equal(key('0.15e1'));
  });

  it('read numbers as strtod does', () => {
    expect(leadingNumber('  -2.5e1x')).to.equal(-25);
    expect(leadingNumber('0x1.8p3')).to.equal(12);
    expect(leadingNumber('1e+')).to.equal(1);
    expect(leadingNumber('Infinity')).to.equal(Number.POSITIVE_INFINITY);
    expect(leadingNumber('nan(0x1)')).to.be.NaN;
    expect(leadingNumber('x1')).to.equal(undefined);
  });

  it('byte keys are the first 8 bytes, ties left to the whole lines', () => {
    expect(key('ab', byteKey)).to.equal(0x6162000000000000n);
    expect(key('abcdefghij', byteKey)).to.equal(key('abcdefgh', byteKey));
    const buf = Buffer.from('abcdefghij abcdefgh');
    expect(compareLineBytes(buf, 0, 10, buf, 11, 19)).to.be.above(0);
  });

  it('sort by radix, stably', () => {
    const hi = Uint32Array.of(1, 0, 1, 0, 2 ** 32 - 1);
    const lo = Uint32Array.of(5, 9, 5, 2 ** 31, 0);
    const cols = { hi, lo, idx: Uint32Array.of(0, 1, 2, 3, 4), tmpHi: new Uint32Array(5), tmpLo: new Uint32Array(5), tmpIdx: new Uint32Array(5) };
    radixSortKeys(cols, 5);
    expect([...cols.idx]).to.deep.equal([1, 3, 0, 2, 4]);
  });
});
