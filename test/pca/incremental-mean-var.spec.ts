import { expect } from 'chai';
import { IncrementalMeanVar } from '../../lib/pca/incremental-mean-var.js';

describe('IncrementalMeanVar', () => {
  it('gives the mean and population variance of all rows, whatever the batches', () => {
    const rows = Array.from({ length: 23 }, (_, i) => [Math.sin(i) * 10 + 1e6, i * i]);
    const mean = [0, 1].map((j) => rows.reduce((a, r) => a + r[j]!, 0) / rows.length);
    const variance = [0, 1].map((j) => rows.reduce((a, r) => a + (r[j]! - mean[j]!) ** 2, 0) / rows.length);
    for (const size of [1, 4, 23]) {
      const mv = new IncrementalMeanVar(2);
      for (let i = 0; i < rows.length; i += size) {
        const part = rows.slice(i, i + size);
        mv.update(Float64Array.from(part.flat()), part.length);
      }
      expect(mv.count).to.equal(23);
      [0, 1].forEach((j) => {
        expect(mv.mean[j]).to.be.closeTo(mean[j]!, Math.abs(mean[j]!) * 1e-14);
        expect(mv.var[j]).to.be.closeTo(variance[j]!, variance[j]! * 1e-10);
      });
    }
  });

  it('keeps the last batch mean, which IPCA centres the batch with', () => {
    const mv = new IncrementalMeanVar(1);
    mv.update(new Float64Array([1, 3]), 2);
    mv.update(new Float64Array([10, 20, 30]), 3);
    expect(Array.from(mv.batchMean)).to.deep.equal([20]);
    expect(mv.mean[0]).to.equal(64 / 5);
  });
});
