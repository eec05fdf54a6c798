import { expect } from 'chai';
import { escapeControl, QUOTE_MAX, quoteData } from '../../lib/util/quote-data.js';

describe('quoteData', () => {
  it('quotes short text as it is', () => {
    expect(quoteData('abc')).to.equal("'abc'");
    expect(quoteData('')).to.equal("''");
  });

  it('shows at most QUOTE_MAX characters of a long text, and its length', () => {
    const shown = quoteData('x'.repeat(100_000));
    expect(shown).to.equal(`'${'x'.repeat(QUOTE_MAX - 1)}…' (100000 characters)`);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = `${'x'.repeat(QUOTE_MAX - 2)}😀${'y'.repeat(10)}`;
    expect(quoteData(text)).to.equal(`'${'x'.repeat(QUOTE_MAX - 2)}…' (${text.length} characters)`);
  });

  it('escapes terminal escapes, line breaks, C1 and bidi controls', () => {
    expect(escapeControl('a\x1b[31mb\r\n\x00\x7f\x9b\u202e\u2028z')).to.equal('a\\x1b[31mb\\x0d\\x0a\\x00\\x7f\\x9b\\u202e\\u2028z');
    expect(quoteData('\x1b]0;title\x07')).to.equal("'\\x1b]0;title\\x07'");
  });
});
