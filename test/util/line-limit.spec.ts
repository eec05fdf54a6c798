import { expect } from 'chai';
import { codes, RecordError } from '../../lib/core/errors.js';
import { DEFAULT_MAX_LINE_LENGTH, lineTooLong, maxLineLengthOption } from '../../lib/util/line-limit.js';

describe('line limit', () => {
  it('defaults to 64 MiB and checks the option', () => {
    expect(maxLineLengthOption(undefined))
      .to.equal(DEFAULT_MAX_LINE_LENGTH)
      .and.to.equal(1 << 26);
    expect(maxLineLengthOption(10)).to.equal(10);
    expect(() => maxLineLengthOption(0)).to.throw(RangeError, /"maxLineLength"/);
    expect(() => maxLineLengthOption(1.5)).to.throw(RangeError, /"maxLineLength"/);
  });

  it('names the input, the line and the stage', () => {
    const err = lineTooLong({ input: 'x.csv', line: 3, stage: 'pca' }, 10, 11);
    expect(err).to.be.instanceOf(RecordError);
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal('x.csv line 3: line longer than maxLineLength (10 bytes): at least 11 bytes (pca)');
  });
});
