import { expect } from 'chai';
import { readString, writeString } from '../../lib/spill/wtf8.js';
import { randomStrings } from '../helpers/spill.js';

describe('wtf8', () => {
  it('gives back every string, lone surrogates and U+FFFD included', () => {
    const buf = Buffer.alloc(1024);
    for (const s of ['', 'abc', 'é\u{1F600}', 'a\uD800', '\uDC00z', '\uD800\uD800', 'x\uFFFDy', '\uFFFD\uD83D', ...randomStrings(500, 101)]) {
      const n = writeString(buf, 3, s);
      expect(readString(buf, 3, 3 + n), JSON.stringify(s)).to.equal(s);
    }
  });

  it('keeps code point order in byte order, lone surrogates between U+D7FF and U+E000', () => {
    const order = ['\uD7FF', '\uD800', '\uDFFF', '\uE000', '\uFFFF', '\u{10000}'];
    const bytes = order.map((s) => {
      const b = Buffer.alloc(8);
      return b.subarray(0, writeString(b, 0, s));
    });
    for (let i = 1; i < bytes.length; i++) expect(Buffer.compare(bytes[i - 1]!, bytes[i]!)).to.equal(-1);
  });
});
