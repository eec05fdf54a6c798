import { expect } from 'chai';
import { jsonSize } from '../../lib/spill/json-size.js';
import { thrown } from '../helpers/support.js';

describe('jsonSize', () => {
  it('estimates more for bigger values', () => {
    expect(jsonSize({ a: 'x'.repeat(1000) })).to.be.above(jsonSize({ a: 'x' }) + 900);
    expect(jsonSize([1, 2, 3])).to.be.above(jsonSize([1]));
    expect(jsonSize(Object.create(null))).to.be.above(0);
  });

  it('accepts what JSON gives back equal, undefined properties aside', () => {
    for (const v of [null, true, 'é', 1.5, [1, [2, { a: null }]], { a: undefined, b: 2 }]) expect(() => jsonSize(v)).to.not.throw();
  });

  it('names what JSON would change', () => {
    const cases: [unknown, string][] = [
      [{ a: { b: Number.NaN } }, '.a.b is NaN'],
      [[1, Number.POSITIVE_INFINITY], '[1] is Infinity'],
      [{ when: new Date(0) }, '.when is a Date'],
      [new Map(), 'the item is a Map'],
      [[undefined], '[0] is undefined'],
      [{ f: () => 1 }, '.f is a function'],
      [{ n: 1n }, '.n is a bigint'],
      [Symbol('s'), 'the item is a symbol'],
    ];
    for (const [v, message] of cases) {
      const err = thrown(() => jsonSize(v));
      expect(err.code).to.equal('ERR_INVALID_ARG_VALUE');
      expect(err.message).to.include(message);
    }
  });

  it('stops at a cycle with a clear message', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(thrown(() => jsonSize(a)).message).to.include('refers to itself');
  });
});
