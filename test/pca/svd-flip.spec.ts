import { expect } from 'chai';
import { svdFlipRows } from '../../lib/pca/svd-flip.js';

describe('svdFlipRows', () => {
  it('makes the entry of largest magnitude of each row positive, as sklearn svd_flip(u_based_decision=False)', () => {
    const vt = new Float64Array([0.6, -0.8, 0.8, 0.6, -0.1, 0.2]);
    svdFlipRows(vt, 3, 2);
    expect(Array.from(vt)).to.deep.equal([-0.6, 0.8, 0.8, 0.6, -0.1, 0.2]);
  });

  it('decides a tie by the first entry, as np.argmax', () => {
    const vt = new Float64Array([-0.5, 0.5, 0.5, -0.5]);
    svdFlipRows(vt, 2, 2);
    expect(Array.from(vt)).to.deep.equal([0.5, -0.5, 0.5, -0.5]);
  });
});
