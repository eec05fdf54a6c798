import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import { pcaIris } from '../../examples/pca-iris.js';
import { dataPath } from '../../examples/paths.js';

interface Fit {
  explained_variance_ratio: number[];
  components: number[][];
  mean: number[];
  first_rows_projected: number[][];
}
// scikit-learn's values, written by examples/data/make-data.py.
const ref = JSON.parse(readFileSync(dataPath('iris-reference.json'), 'utf8')) as Record<'ipca_batch100' | 'ipca_batch150' | 'pca', Fit>;

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  expect(actual.length).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).to.be.closeTo(expected[i]!, tol);
}

describe('examples/pca-iris', () => {
  it("fits as scikit-learn's IncrementalPCA(n_components=2, batch_size=100) and projects every row in a second pass", async () => {
    const r = await pcaIris();
    const want = ref.ipca_batch100;
    expectClose(r.explainedVarianceRatio, want.explained_variance_ratio, 1e-9);
    expectClose(r.model.mean, want.mean, 1e-12);
    want.components.forEach((row, i) => expectClose(r.model.components[i]!, row, 1e-9));
    expect(r.points).to.have.length(150);
    want.first_rows_projected.forEach((row, i) => expectClose(r.points[i]!, row, 1e-9));
    expect(r.species.slice(0, 50).every((s) => s === 'setosa')).to.equal(true);
    expect(new Set(r.species)).to.deep.equal(new Set(['setosa', 'versicolor', 'virginica']));
    expect(r.stats.records).to.equal(300);
    expect(r.stats.bytes).to.equal(2 * statSync(dataPath('iris.csv')).size);
  });

  it('in one batch of all 150 rows it is plain PCA: explained variance ratio [0.92461872, 0.05306648]', async () => {
    const r = await pcaIris(undefined, 150);
    expectClose(r.explainedVarianceRatio, [0.92461872, 0.05306648], 5e-9);
    expectClose(r.explainedVarianceRatio, ref.pca.explained_variance_ratio, 1e-9);
  });

  it('draws 150 points in three colours with a legend and labelled axes', async () => {
    const { svg } = await pcaIris();
    expect(svg.match(/<circle /g)?.length).to.be.at.least(150);
    for (const s of ['setosa', 'versicolor', 'virginica', 'first component (92.5% of the variance)', 'second component (5.3% of the variance)'])
      expect(svg).to.include(s);
  });
});
