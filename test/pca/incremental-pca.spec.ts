import { expect } from 'chai';
import { IncrementalPCA } from '../../lib/pca/incremental-pca.js';
import { cases, expectClose, expectMatchesSklearn, readRows } from '../helpers/pca.js';

const expectMatches = expectMatchesSklearn;

describe('IncrementalPCA', () => {
  for (const c of cases) {
    it(`equals scikit-learn on ${c.name} (${c.rows}x${c.features}, k=${c.nComponents}, batch ${c.batchSize ?? 'default'}${c.whiten ? ', whiten' : ''})`, () => {
      const rows = readRows(c.file);
      const model = new IncrementalPCA({ nComponents: c.nComponents, batchSize: c.batchSize ?? undefined, whiten: c.whiten }).fit(rows);
      expectMatches(model, c);
      const projected = model.transform(rows.slice(0, c.transform.length));
      c.transform.forEach((row, i) => expectClose(projected[i]!, row, `transform[${i}]`));
    });
  }

  it('gives the same model fed batch by batch with partialFit as with fit', () => {
    const c = cases.find((x) => x.name === 'exact-batches')!;
    const rows = readRows(c.file);
    const model = new IncrementalPCA({ nComponents: c.nComponents });
    for (let i = 0; i < rows.length; i += c.batchSize!) model.partialFit(rows.slice(i, i + c.batchSize!).map((r) => Float64Array.from(r)));
    expectMatches(model, c);
  });

  it('accepts a row-major matrix', () => {
    const model = new IncrementalPCA({ nComponents: 1 });
    model.partialFit({ data: new Float64Array([1, 2, 2, 4.1, 3, 5.9]), rows: 3, cols: 2 });
    expect(model.nFeatures).to.equal(2);
    expect(model.components[0]![1]).to.be.greaterThan(0.8);
  });

  it('rejects bad options at once, without touching them', () => {
    const options = Object.freeze({ nComponents: 0 });
    expect(() => new IncrementalPCA(options)).to.throw(RangeError, /"nComponents" option must be a positive integer/);
    expect(() => new IncrementalPCA({ nComponents: 1.5 })).to.throw(RangeError);
    expect(() => new IncrementalPCA({ nComponents: '2' as unknown as number })).to.throw(TypeError);
    expect(() => new IncrementalPCA({ nComponents: 3, batchSize: 2 })).to.throw(RangeError, /"batchSize" option must be an integer >= 3/);
    expect(() => new IncrementalPCA({ nComponents: 2, whiten: 'yes' as unknown as boolean })).to.throw(TypeError, /"whiten"/);
  });

  it('rejects rows of the wrong width, non-finite values and too few rows', () => {
    const model = new IncrementalPCA({ nComponents: 2 });
    expect(() =>
      model.partialFit([
        [1, 2, 3],
        [4, 5],
      ]),
    )
      .to.throw(/row 1 has 2 values, expected 3/)
      .with.property('code', 'ERR_STREAMTOOLZ_BAD_RECORD');
    expect(() =>
      model.partialFit([
        [1, 2, 3],
        [4, NaN, 6],
      ]),
    ).to.throw(/row 1 column 2 is NaN/);
    expect(() =>
      model.partialFit([
        [1, 2, 3],
        [4, Infinity, 6],
      ]),
    ).to.throw(/row 1 column 2 is Infinity/);
    expect(() => model.partialFit([[1, 2, 3]]))
      .to.throw(/at most the number of rows in a batch, got 1 row/)
      .with.property('code', 'ERR_STREAMTOOLZ_NO_RESULT');
    expect(() =>
      new IncrementalPCA({ nComponents: 4 }).partialFit([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [1, 1, 1],
      ]),
    ).to.throw(/need at least as many features as components/);
    expect(model.fitted).to.equal(false);
  });

  it('refuses to transform before it is fitted', () => {
    expect(() => new IncrementalPCA({ nComponents: 1 }).transform([[1, 2]])).to.throw(/not fitted/);
  });
});
