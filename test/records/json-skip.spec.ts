import { expect } from 'chai';
import { skipNumber, skipString, skipValue } from '../../lib/records/json-skip.js';
import { JsonText } from '../helpers/json-text.js';

/** Where skipValue stops in `text` (followed by a line break, as in NDJSON), or -1. */
const stop = (text: string): number => skipValue(Buffer.from(`${text}\n`), 0);

describe('json-skip', () => {
  it('steps over whole values and stops right after them', () => {
    expect(stop('{"a": [1, {"b": "x\\"]"}], "c": {}}')).to.equal(Buffer.byteLength('{"a": [1, {"b": "x\\"]"}], "c": {}}'));
    expect(stop('[]')).to.equal(2);
    expect(stop('-1.5e+3,')).to.equal(7);
    expect(stop('"ü"')).to.equal(4);
    expect(stop('null')).to.equal(4);
  });

  it('rejects what JSON.parse rejects (or stops before its end, where the caller rejects it)', () => {
    for (const bad of ['{"a" 1}', '[1,]', '{"a":1,}', '1.', '-', '"\t"', '"\\x"', '"\\u12g4"', 'tru', '{1:2}', '[1 2]', '"abc']) {
      expect(stop(bad), bad).to.equal(-1);
    }
    expect(stop('01')).to.equal(1);
  });

  it('skips strings and numbers on their own', () => {
    expect(skipString(Buffer.from('ab\\"c" '), 0)).to.equal(6);
    expect(skipNumber(Buffer.from('12e-3 '), 0)).to.equal(5);
  });

  it('agrees with JSON.parse on 5 000 generated values and their mutations (seeded)', () => {
    const gen = new JsonText(5);
    for (let n = 0; n < 5000; n++) {
      const text = n % 2 ? gen.value(0) : Buffer.from(gen.mutate(gen.value(0))).toString();
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      // The value alone: no blank space around it (JSON.parse allows it, skipValue's caller skips it).
      if (valid && text.trim() !== text) continue;
      const end = stop(text);
      expect(end === Buffer.byteLength(text), `${n}: ${JSON.stringify(text)}`).to.equal(valid);
    }
  });
});
