import { expect } from 'chai';
import { compareNumbers, compareStrings, compareValues } from '../../lib/spill/compare.js';
import { gnuSort, randomStrings } from '../helpers/spill.js';
import { thrown } from '../helpers/support.js';

describe('compare', () => {
  it('orders strings by code point, as LC_ALL=C sort orders their UTF-8 bytes', () => {
    const strings = randomStrings(3_000, 11);
    expect(strings.slice().sort(compareStrings)).to.deep.equal(gnuSort(strings, []));
    // UTF-16 order would put the astral character first.
    expect(compareStrings('\uFFFD', '\u{1F600}')).to.be.below(0);
    expect(compareStrings('ab', 'abc')).to.be.below(0);
    expect(compareStrings('b', 'abc')).to.be.above(0);
  });

  it('orders numbers with NaN first and -0 equal to 0', () => {
    expect([3, Number.NaN, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].sort(compareNumbers)).to.deep.equal([
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      -1,
      3,
      Number.POSITIVE_INFINITY,
    ]);
    expect(compareNumbers(-0, 0)).to.equal(0);
  });

  it('orders arrays element by element, bigints with numbers, dates by time, null and undefined last', () => {
    expect(compareValues([1, 'b'], [1, 'a'])).to.be.above(0);
    expect(compareValues([1], [1, 0])).to.be.below(0);
    expect(compareValues(2n, 3)).to.be.below(0);
    expect(compareValues(new Date(5), new Date(4))).to.be.above(0);
    expect(compareValues(false, true)).to.be.below(0);
    expect([undefined, 2, null, 1].sort(compareValues)).to.deep.equal([1, 2, null, undefined]);
  });

  it('refuses to order values of different kinds, with a code', () => {
    const err = thrown(() => compareValues(1, 'a'));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(err.message).to.include('number 1 with string "a"');
    expect(thrown(() => compareValues({}, {})).message).to.include('object');
  });
});
