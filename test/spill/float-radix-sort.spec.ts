import { expect } from 'chai';
import { compareNumbers } from '../../lib/spill/compare.js';
import { radixSortFloat64 } from '../../lib/spill/float-radix-sort.js';
import { randomNumbers } from '../helpers/spill.js';
import { thrown } from '../helpers/support.js';

describe('radixSortFloat64', () => {
  it('sorts as compareNumbers does, keeping the bits of -0 and NaN', () => {
    const input = [...randomNumbers(20_000, 21), Number.NaN, -0, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -Number.NaN];
    const values = Float64Array.from(input);
    const sorted = radixSortFloat64(values, values.length, new Float64Array(values.length));
    // Array.prototype.sort is stable: -0 and 0 keep their input order, as the radix sort must.
    const expected = input.slice().sort(compareNumbers);
    expect(sorted.length).to.equal(expected.length);
    for (let i = 0; i < expected.length; i++) if (!Object.is(sorted[i], expected[i])) expect.fail(`at ${i}: ${sorted[i]} != ${expected[i]}`);
  });

  it('sorts a prefix only, and handles 0 and 1 values', () => {
    const values = Float64Array.of(3, 2, 1, -5);
    expect([...radixSortFloat64(values, 3, new Float64Array(3)).subarray(0, 3)]).to.deep.equal([1, 2, 3]);
    expect(radixSortFloat64(new Float64Array(0), 0, new Float64Array(0)).length).to.equal(0);
    expect([...radixSortFloat64(Float64Array.of(7), 1, new Float64Array(1))]).to.deep.equal([7]);
  });

  it('skips passes where every value has the same digit (all equal)', () => {
    const values = new Float64Array(1000).fill(2.5);
    expect(radixSortFloat64(values, 1000, new Float64Array(1000))).to.equal(values);
  });

  it('refuses a scratch too small', () => {
    expect(thrown(() => radixSortFloat64(new Float64Array(4), 4, new Float64Array(2)))).to.be.instanceOf(RangeError);
  });
});
