import { expect } from 'chai';
import { FitBatcher } from '../../lib/pca/fit-batcher.js';
import { batchCases } from '../helpers/pca.js';

describe('FitBatcher', () => {
  for (const c of batchCases) {
    it(`cuts ${c.n} rows as gen_batches(batch_size=${c.batchSize}, min_batch_size=${c.nComponents}): [${c.sizes.join(', ')}]`, () => {
      const sizes: number[] = [];
      const firsts: number[] = [];
      const b = new FitBatcher(2, c.batchSize, c.nComponents, (m) => {
        sizes.push(m.rows);
        firsts.push(m.data[0]!);
        // Rows arrive in order and intact.
        for (let r = 0; r < m.rows; r++) expect([m.data[2 * r], m.data[2 * r + 1]]).to.deep.equal([firsts.at(-1)! + r, -(firsts.at(-1)! + r)]);
      });
      for (let i = 0; i < c.n; i++) b.push([i, -i]);
      b.finish();
      expect(sizes).to.deep.equal(c.sizes);
    });
  }

  it('cuts the same from blocks of rows as from single rows', () => {
    const sizes: number[] = [];
    const b = new FitBatcher(1, 5, 3, (m) => sizes.push(m.rows));
    b.pushRows(
      Float64Array.from({ length: 9 }, (_, i) => i),
      9,
    );
    b.pushRows(
      Float64Array.from({ length: 3 }, (_, i) => i),
      3,
    );
    b.finish();
    expect(sizes).to.deep.equal([5, 7]);
  });

  it('rejects a batch size below the minimum', () => {
    expect(() => new FitBatcher(2, 2, 3, () => {})).to.throw(RangeError);
  });
});
